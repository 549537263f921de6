namespace Peerlink.Nat.Ice;

/// <summary>The agent's role (RFC 8445 §6.1.1): the controlling agent nominates the pair both use.</summary>
public enum IceRole
{
    /// <summary>Sends ICE-CONTROLLING and nominates (§8.1.1).</summary>
    Controlling,

    /// <summary>Sends ICE-CONTROLLED and selects the pair the controlling agent nominates (§8.2).</summary>
    Controlled,
}
