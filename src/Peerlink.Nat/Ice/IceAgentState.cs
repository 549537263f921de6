namespace Peerlink.Nat.Ice;

/// <summary>Where the agent's one checklist is (RFC 8445 §6.1.2.1).</summary>
public enum IceAgentState
{
    /// <summary>Checks are under way, or candidates may still come (trickle).</summary>
    Running,

    /// <summary>A pair was nominated and selected (§8.1.2, §8.2).</summary>
    Completed,

    /// <summary>Every pair failed and none is valid (§8.1.2); a later remote candidate restarts the checks.</summary>
    Failed,
}
