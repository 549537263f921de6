namespace Peerlink.Sip.Media;

/// <summary>Something the peer's media or reports told the session.</summary>
public abstract record RtpSessionEvent
{
    private protected RtpSessionEvent()
    {
    }
}

/// <summary>RTP came from a new source: the first, or another that replaced it (the jitter buffer and statistics restart).</summary>
/// <param name="Ssrc">The source.</param>
public sealed record RemoteSourceChanged(uint Ssrc) : RtpSessionEvent;

/// <summary>The peer reported on how it receives us (an SR or RR block about our SSRC, RFC 3550 §6.4).</summary>
/// <param name="Report">The block.</param>
/// <param name="RoundTrip">The round-trip time from LSR and DLSR (§6.4.1), when the peer had an SR of ours to go by.</param>
public sealed record ReceptionReported(RtcpReportBlock Report, TimeSpan? RoundTrip) : RtpSessionEvent;

/// <summary>The peer left (RTCP BYE, §6.6).</summary>
/// <param name="Ssrc">The source that left.</param>
/// <param name="Reason">Its reason, if it gave one.</param>
public sealed record RemoteGoodbye(uint Ssrc, string? Reason) : RtpSessionEvent;

/// <summary>The peer sent a telephone event that ended (RFC 4733 §2.5.2.3): reported once, however often its end packet came.</summary>
/// <param name="Event">The event code (0-9, 10 '*', 11 '#', 12-15 A-D).</param>
/// <param name="Duration">How long it lasted.</param>
public sealed record TelephoneEventReceived(byte Event, TimeSpan Duration) : RtpSessionEvent;

/// <summary>One 20 ms frame of the peer's audio, played out of the jitter buffer and decoded.</summary>
/// <param name="Kind">What filled the slot: the packet, a concealed gap (the previous frame repeated, or silence), or silence.</param>
/// <param name="Samples">16-bit linear PCM at 8 kHz.</param>
public sealed record ReceivedAudio(JitterFrameKind Kind, short[] Samples);

/// <summary>Which port a datagram of an <see cref="RtpSession"/> goes to.</summary>
public enum RtpChannel
{
    /// <summary>RTP data: the media port.</summary>
    Rtp,

    /// <summary>RTCP: the media port + 1, or the media port with rtcp-mux (RFC 5761).</summary>
    Rtcp,
}

/// <summary>A datagram to send.</summary>
/// <param name="Channel">RTP or RTCP.</param>
/// <param name="Bytes">The packet.</param>
public readonly record struct RtpDatagram(RtpChannel Channel, byte[] Bytes);
