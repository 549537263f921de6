namespace Peerlink.Nat.Stun;

/// <summary>
/// Retransmission settings of a STUN client transaction (RFC 8489 §6.2.1). The defaults are the RFC's:
/// RTO 500 ms doubling, Rc = 7 sends, and a last wait of Rm = 16 RTOs; over a reliable transport one send
/// and a Ti = 39.5 s wait (§6.2.2).
/// </summary>
public sealed record StunTransactionOptions
{
    /// <summary>The first retransmission timeout (RTO); the RFC's default is 500 ms.</summary>
    public TimeSpan InitialRto { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Rc: how many times a request is sent over UDP at most, counting the first.</summary>
    public int MaxSends { get; init; } = 7;

    /// <summary>Rm: after the last send, wait this many RTOs (the initial one) before giving up.</summary>
    public int LastWaitMultiplier { get; init; } = 16;

    /// <summary>Ti: how long a request over TCP or TLS waits for its response.</summary>
    public TimeSpan ReliableTimeout { get; init; } = TimeSpan.FromMilliseconds(39_500);

    /// <summary>How many transactions may be outstanding at once; more are refused (§6.2: be kind to the server).</summary>
    public int MaxOutstanding { get; init; } = 1_000;

    /// <summary>Throws when a value makes no sense.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value out of range.</exception>
    public StunTransactionOptions Validated()
    {
        if (InitialRto <= TimeSpan.Zero || MaxSends < 1 || LastWaitMultiplier < 1 || ReliableTimeout <= TimeSpan.Zero || MaxOutstanding < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(StunTransactionOptions), "RTO, Rc, Rm, Ti and MaxOutstanding must all be positive");
        }

        return this;
    }
}
