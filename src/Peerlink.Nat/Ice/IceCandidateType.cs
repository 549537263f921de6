namespace Peerlink.Nat.Ice;

/// <summary>The four candidate types (RFC 8445 §5.1.1; their SDP names in RFC 8839 §5.1).</summary>
public enum IceCandidateType
{
    /// <summary>"host": an address on one of the agent's interfaces (§5.1.1.1).</summary>
    Host,

    /// <summary>"srflx": the NAT's mapping of a host candidate, learned from a STUN server (§5.1.1.2).</summary>
    ServerReflexive,

    /// <summary>"prflx": a mapping learned from a connectivity check (§7.2.5.3.1, §7.3.1.3).</summary>
    PeerReflexive,

    /// <summary>"relay": an address allocated on a TURN server (§5.1.1.2).</summary>
    Relayed,
}
