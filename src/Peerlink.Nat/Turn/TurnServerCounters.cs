namespace Peerlink.Nat.Turn;

/// <summary>What a <see cref="TurnServer"/> did and refused; one instance per server, no statics.</summary>
public sealed class TurnServerCounters
{
    /// <summary>Allocations created.</summary>
    public long AllocationsCreated { get; internal set; }

    /// <summary>Allocations deleted: by a Refresh with LIFETIME 0, by expiry, or when their TCP connection closed.</summary>
    public long AllocationsDeleted { get; internal set; }

    /// <summary>Requests answered with a success response (Binding included).</summary>
    public long Succeeded { get; internal set; }

    /// <summary>Requests answered 401 (no credentials, unknown user or a wrong MESSAGE-INTEGRITY).</summary>
    public long Unauthenticated { get; internal set; }

    /// <summary>Requests answered 438 Stale Nonce.</summary>
    public long StaleNonces { get; internal set; }

    /// <summary>Requests answered with any other error response (400, 403, 420, 437, 440-443, 486, 508).</summary>
    public long Refused { get; internal set; }

    /// <summary>Datagrams relayed from a client to a peer (Send indications and ChannelData).</summary>
    public long RelayedToPeers { get; internal set; }

    /// <summary>Datagrams relayed from a peer to a client (Data indications and ChannelData).</summary>
    public long RelayedToClients { get; internal set; }

    /// <summary>Data dropped because no permission for the peer's IP address was installed (RFC 8656 §9).</summary>
    public long DroppedNoPermission { get; internal set; }

    /// <summary>Messages dropped otherwise: not STUN or ChannelData, a bad FINGERPRINT, a response, an indication we do not take, no allocation, an unbound channel.</summary>
    public long Dropped { get; internal set; }
}
