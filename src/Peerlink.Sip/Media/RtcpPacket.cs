using Peerlink.Core;

namespace Peerlink.Sip.Media;

/// <summary>One RTCP packet of a compound packet (RFC 3550 §6).</summary>
public abstract record RtcpPacket
{
    /// <summary>PT of a sender report (§6.4.1).</summary>
    public const byte SenderReportType = 200;

    /// <summary>PT of a receiver report (§6.4.2).</summary>
    public const byte ReceiverReportType = 201;

    /// <summary>PT of a source description (§6.5).</summary>
    public const byte SourceDescriptionType = 202;

    /// <summary>PT of a goodbye (§6.6).</summary>
    public const byte GoodbyeType = 203;

    /// <summary>PT of an application-defined packet (§6.7), kept as <see cref="RtcpUnknownPacket"/>.</summary>
    public const byte ApplicationType = 204;

    private protected RtcpPacket()
    {
    }
}

/// <summary>A sender report (§6.4.1): what this sender sent, and how it receives others.</summary>
/// <param name="Ssrc">The sender's SSRC.</param>
/// <param name="NtpTimestamp">The wallclock time of the report, 64-bit NTP (seconds since 1900 in the high word, fraction in the low).</param>
/// <param name="RtpTimestamp">The same instant in the RTP timestamp clock of the sender's media.</param>
/// <param name="PacketCount">RTP data packets sent since starting.</param>
/// <param name="OctetCount">Payload octets sent since starting (no headers, no padding).</param>
public sealed record RtcpSenderReport(uint Ssrc, ulong NtpTimestamp, uint RtpTimestamp, uint PacketCount, uint OctetCount) : RtcpPacket
{
    /// <summary>Reception report blocks, at most 31.</summary>
    public ValueList<RtcpReportBlock> Reports { get; init; }

    /// <summary>Profile-specific extension after the blocks, whole 32-bit words (§6.4.1); empty for the AVP profile.</summary>
    public Bytes ProfileExtension { get; init; }
}

/// <summary>A receiver report (§6.4.2), sent by a participant that has not sent data lately.</summary>
/// <param name="Ssrc">The reporter's SSRC.</param>
public sealed record RtcpReceiverReport(uint Ssrc) : RtcpPacket
{
    /// <summary>Reception report blocks, at most 31.</summary>
    public ValueList<RtcpReportBlock> Reports { get; init; }

    /// <summary>Profile-specific extension after the blocks, whole 32-bit words.</summary>
    public Bytes ProfileExtension { get; init; }
}

/// <summary>One reception report block (§6.4.1): how the reporter receives one source.</summary>
/// <param name="Ssrc">The source reported on.</param>
/// <param name="FractionLost">Packets lost since the previous report, as a fixed-point fraction of 256 (A.3).</param>
/// <param name="CumulativeLost">Packets lost since reception began, 24-bit signed (duplicates can make it negative).</param>
/// <param name="ExtendedHighestSequence">The highest sequence number received, with the count of wraps in the high 16 bits (A.1).</param>
/// <param name="Jitter">Interarrival jitter in timestamp units (A.8).</param>
/// <param name="LastSenderReport">LSR: the middle 32 bits of the NTP timestamp of the source's last SR, or 0.</param>
/// <param name="DelaySinceLastSenderReport">DLSR: the time from receiving that SR to sending this block, in 1/65536 s, or 0.</param>
public readonly record struct RtcpReportBlock(
    uint Ssrc,
    byte FractionLost,
    int CumulativeLost,
    uint ExtendedHighestSequence,
    uint Jitter,
    uint LastSenderReport,
    uint DelaySinceLastSenderReport);

/// <summary>A source description (§6.5): one chunk per source.</summary>
/// <param name="Chunks">At most 31 chunks.</param>
public sealed record RtcpSourceDescription(ValueList<RtcpSdesChunk> Chunks) : RtcpPacket;

/// <summary>The SDES items of one source (§6.5).</summary>
/// <param name="Ssrc">The source (SSRC or CSRC).</param>
/// <param name="Items">Its items; CNAME is the one every compound packet carries (§6.1).</param>
public sealed record RtcpSdesChunk(uint Ssrc, ValueList<RtcpSdesItem> Items);

/// <summary>One SDES item (§6.5): a type and up to 255 octets of UTF-8 text.</summary>
/// <param name="Type">The item type (never <see cref="RtcpSdesType.End"/>, which ends a chunk).</param>
/// <param name="Value">The octets (PRIV's prefix length and prefix included).</param>
public readonly record struct RtcpSdesItem(RtcpSdesType Type, Bytes Value)
{
    /// <summary>The value as UTF-8 text.</summary>
    public string Text => System.Text.Encoding.UTF8.GetString(Value.Span);

    /// <summary>A text item.</summary>
    public static RtcpSdesItem FromText(RtcpSdesType type, string text) => new(type, Bytes.FromUtf8(text));
}

/// <summary>SDES item types (§6.5, registered by IANA).</summary>
public enum RtcpSdesType : byte
{
    /// <summary>The end of a chunk's item list.</summary>
    End = 0,

    /// <summary>Canonical end-point identifier, "user@host" (§6.5.1).</summary>
    Cname = 1,

    /// <summary>User name (§6.5.2).</summary>
    Name = 2,

    /// <summary>Electronic mail address (§6.5.3).</summary>
    Email = 3,

    /// <summary>Phone number (§6.5.4).</summary>
    Phone = 4,

    /// <summary>Geographic user location (§6.5.5).</summary>
    Location = 5,

    /// <summary>Application or tool name (§6.5.6).</summary>
    Tool = 6,

    /// <summary>Notice or status (§6.5.7).</summary>
    Note = 7,

    /// <summary>Private extension (§6.5.8).</summary>
    Private = 8,
}

/// <summary>A goodbye (§6.6): the sources leave the session.</summary>
/// <param name="Ssrcs">The sources leaving, at most 31.</param>
public sealed record RtcpGoodbye(ValueList<uint> Ssrcs) : RtcpPacket
{
    /// <summary>Why they leave (at most 255 octets of UTF-8), or null.</summary>
    public string? Reason { get; init; }
}

/// <summary>An RTCP packet of a type this codec does not interpret (APP, RTPFB, PSFB, XR, ...), kept as bytes.</summary>
/// <param name="PacketType">PT.</param>
/// <param name="Count">The 5-bit field after P (a count or a subtype, per type).</param>
/// <param name="Body">The octets after the 4-byte header, whole 32-bit words, without padding.</param>
public sealed record RtcpUnknownPacket(byte PacketType, byte Count, Bytes Body) : RtcpPacket;
