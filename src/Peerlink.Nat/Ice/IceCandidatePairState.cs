namespace Peerlink.Nat.Ice;

/// <summary>A candidate pair's state in the checklist (RFC 8445 §6.1.2.6).</summary>
public enum IceCandidatePairState
{
    /// <summary>Waiting for another pair with its foundation to succeed before it may be checked.</summary>
    Frozen,

    /// <summary>May be checked when it is its turn.</summary>
    Waiting,

    /// <summary>A check was sent; no answer yet.</summary>
    InProgress,

    /// <summary>A check succeeded and the addresses were symmetric (§7.2.5.2.1).</summary>
    Succeeded,

    /// <summary>A check failed: no answer after the last retransmission, an error, or asymmetric addresses.</summary>
    Failed,
}
