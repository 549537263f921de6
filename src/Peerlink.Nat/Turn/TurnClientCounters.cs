namespace Peerlink.Nat.Turn;

/// <summary>What a <see cref="TurnClient"/> dropped, retried and retransmitted.</summary>
public sealed class TurnClientCounters
{
    /// <summary>Datagrams that were neither well-framed STUN nor ChannelData, or whose FINGERPRINT did not match.</summary>
    public long Malformed { get; internal set; }

    /// <summary>Datagrams from somewhere other than the server.</summary>
    public long NotFromServer { get; internal set; }

    /// <summary>Responses matching no outstanding request, and STUN messages a client does not take (requests, other indications).</summary>
    public long Unexpected { get; internal set; }

    /// <summary>Responses to authenticated requests whose MESSAGE-INTEGRITY was missing or wrong: dropped (RFC 8489 §9.2.5).</summary>
    public long IntegrityFailures { get; internal set; }

    /// <summary>Data indications and ChannelData dropped: no peer address or data, no permission, or an unknown channel (RFC 8656 §11.4, §12.6).</summary>
    public long DataDropped { get; internal set; }

    /// <summary>Requests sent again with a fresh nonce after 438 Stale Nonce (RFC 8489 §9.2.5).</summary>
    public long StaleNonceRetries { get; internal set; }

    /// <summary>Refreshes of the allocation that succeeded (RFC 8656 §8), automatic or asked for.</summary>
    public long Refreshes { get; internal set; }

    /// <summary>Send indications sent (RFC 8656 §11.1).</summary>
    public long SendIndications { get; internal set; }

    /// <summary>ChannelData messages sent (RFC 8656 §12.5).</summary>
    public long ChannelDataSent { get; internal set; }

    /// <summary>Data indications delivered (RFC 8656 §11.4).</summary>
    public long DataIndications { get; internal set; }

    /// <summary>ChannelData messages delivered (RFC 8656 §12.6).</summary>
    public long ChannelDataReceived { get; internal set; }

    /// <summary>Requests retransmitted because no response came (RFC 8489 §6.2.1).</summary>
    public long Retransmissions { get; internal set; }
}
