namespace Peerlink.Overlay.Transactions;

/// <summary>
/// The message timers of draft-baset-p2psip-p2pp-01 §6.3: T0 = 500 ms (first retransmission; then
/// T1 = 2^i·T0), T2 = 5 s (give up while unacknowledged), T3 = 5 s (wait for the response once ACKed).
/// </summary>
public sealed record TransactionTimers
{
    private readonly TimeSpan _t0 = TimeSpan.FromMilliseconds(500);
    private readonly TimeSpan _t2 = TimeSpan.FromSeconds(5);
    private readonly TimeSpan _t3 = TimeSpan.FromSeconds(5);

    /// <summary>The draft's values.</summary>
    public static TransactionTimers Default { get; } = new();

    /// <summary>First retransmission interval; doubles after each retransmission.</summary>
    public TimeSpan T0
    {
        get => _t0;
        init => _t0 = Positive(value, nameof(T0));
    }

    /// <summary>How long an unreliable transmission is retried before the transaction fails.</summary>
    public TimeSpan T2
    {
        get => _t2;
        init => _t2 = Positive(value, nameof(T2));
    }

    /// <summary>How long a request waits for its response after it was acknowledged (or sent over TCP).</summary>
    public TimeSpan T3
    {
        get => _t3;
        init => _t3 = Positive(value, nameof(T3));
    }

    private static TimeSpan Positive(TimeSpan value, string name) =>
        value > TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(name, value, "a timer must be positive");
}
