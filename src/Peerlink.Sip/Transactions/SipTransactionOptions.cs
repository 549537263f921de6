namespace Peerlink.Sip.Transactions;

/// <summary>
/// The timer values of RFC 3261 §17 and Table 4: T1 500 ms (an RTT estimate), T2 4 s (the longest retransmit
/// interval for non-INVITE requests and INVITE responses), T4 5 s (how long a message lives in the network).
/// </summary>
public sealed record SipTransactionOptions
{
    /// <summary>T1: the first retransmission interval (Timers A, E, G start here).</summary>
    public TimeSpan T1 { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>T2: the cap on the retransmission interval of non-INVITE requests and of INVITE final responses.</summary>
    public TimeSpan T2 { get; init; } = TimeSpan.FromSeconds(4);

    /// <summary>T4: how long to absorb retransmissions after a final response (Timers I and K).</summary>
    public TimeSpan T4 { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Timer D over an unreliable transport: at least 32 s (§17.1.1.2), longer than a server's Timer H wait.</summary>
    public TimeSpan TimerD { get; init; } = TimeSpan.FromSeconds(32);

    /// <summary>
    /// Send 100 Trying as soon as an INVITE server transaction starts (§17.2.1 asks for one unless the TU answers
    /// within 200 ms; a sans-IO engine cannot know that, so it always sends one).
    /// </summary>
    public bool SendTrying { get; init; } = true;

    /// <summary>How many transactions may be alive at once; a new request past this is answered 503 statelessly.</summary>
    public int MaxTransactions { get; init; } = 10_000;

    /// <summary>Throws when a value makes no sense.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value out of range.</exception>
    public SipTransactionOptions Validated()
    {
        if (T1 <= TimeSpan.Zero || T2 < T1 || T4 <= TimeSpan.Zero || TimerD < TimeSpan.Zero || MaxTransactions < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(SipTransactionOptions), "T1 and T4 must be positive, T2 at least T1, Timer D not negative, MaxTransactions positive");
        }

        return this;
    }
}
