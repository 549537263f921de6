namespace Peerlink.Nat.Ice;

/// <summary>The agent's timers and limits, validated when the agent is made.</summary>
public sealed class IceAgentOptions
{
    /// <summary>Ta, the pacing between new checks, ordinary or triggered (RFC 8445 §14.2: 50 ms).</summary>
    public TimeSpan Ta { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>The first retransmission timeout; it doubles on each retransmission (§14.3: at least 500 ms).</summary>
    public TimeSpan InitialRto { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Retransmissions of a check before it fails, one RTO after the last (RFC 8489 §6.2.1 sends up to 7;
    /// ICE fails a dead pair sooner: 5 requests, failure 15.5 s after the first).
    /// </summary>
    public int MaxRetransmits { get; init; } = 4;

    /// <summary>The idle time after which a Binding indication keeps the selected pair's bindings alive (§11: 15 s).</summary>
    public TimeSpan KeepaliveInterval { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Controlling: how long after the first valid pair to wait for better pairs before nominating the best
    /// valid one (§8.1.1 leaves the stopping rule to the agent). It nominates at once when no pair of higher
    /// priority is still frozen, waiting or in progress.
    /// </summary>
    public TimeSpan NominationDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The most pairs in the checklist (§6.1.2.5: 100).</summary>
    public int PairLimit { get; init; } = IceChecklist.DefaultPairLimit;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Ta, TimeSpan.FromMilliseconds(5), nameof(Ta));
        ArgumentOutOfRangeException.ThrowIfLessThan(InitialRto, TimeSpan.FromMilliseconds(1), nameof(InitialRto));
        ArgumentOutOfRangeException.ThrowIfNegative(MaxRetransmits, nameof(MaxRetransmits));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxRetransmits, 16, nameof(MaxRetransmits));
        ArgumentOutOfRangeException.ThrowIfLessThan(KeepaliveInterval, TimeSpan.FromMilliseconds(1), nameof(KeepaliveInterval));
        ArgumentOutOfRangeException.ThrowIfNegative(NominationDelay.Ticks, nameof(NominationDelay));
        ArgumentOutOfRangeException.ThrowIfLessThan(PairLimit, 1, nameof(PairLimit));
    }
}
