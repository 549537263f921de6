namespace Peerlink.Nat.Turn;

/// <summary>How a <see cref="TurnClient"/> reaches its server (RFC 8656 allows UDP, TCP, TLS and DTLS).</summary>
public enum TurnClientTransport
{
    /// <summary>UDP: requests are retransmitted (RFC 8489 §6.2.1) and ChannelData is not padded.</summary>
    Udp,

    /// <summary>
    /// A stream (TCP or TLS) that the host frames into whole messages (RFC 8656 §12.5): requests are sent once
    /// and ChannelData is padded to a multiple of 4 bytes.
    /// </summary>
    Stream,
}
