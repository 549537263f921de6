using Peerlink.Core;

namespace Peerlink.Sip.Media;

/// <summary>
/// One RTP data packet (RFC 3550 §5.1), version 2. Records compare by content, so
/// decode(encode(p)) == p is a plain equality.
/// </summary>
/// <param name="PayloadType">PT, 7 bits: 0 PCMU, 8 PCMA (RFC 3551 §6), 96-127 dynamic (telephone-event).</param>
/// <param name="SequenceNumber">Increments by one per packet, wrapping at 2^16 (§5.1).</param>
/// <param name="Timestamp">The sampling instant of the first octet, in the payload's clock (8000 Hz for G.711).</param>
/// <param name="Ssrc">The synchronization source.</param>
/// <param name="Payload">The payload, without padding.</param>
public sealed record RtpPacket(byte PayloadType, ushort SequenceNumber, uint Timestamp, uint Ssrc, Bytes Payload)
{
    /// <summary>The marker bit M: for audio, the first packet of a talkspurt (RFC 3551 §4.1).</summary>
    public bool Marker { get; init; }

    /// <summary>The contributing sources (at most 15).</summary>
    public ValueList<uint> Csrcs { get; init; }

    /// <summary>The header extension (§5.3.1), kept as bytes and not interpreted; null when X is 0.</summary>
    public RtpHeaderExtension? Extension { get; init; }

    /// <summary>
    /// Padding octets after the payload (P set when non-zero), counting the last octet that holds the count:
    /// 0 or 1 to 255.
    /// </summary>
    public int PaddingLength { get; init; }
}

/// <summary>An RTP header extension (RFC 3550 §5.3.1): a 16-bit profile-defined value and 32-bit words of data.</summary>
/// <param name="Profile">The "defined by profile" field (0xBEDE for RFC 8285 one-byte headers, for example).</param>
/// <param name="Data">The extension's words; a multiple of 4 octets.</param>
public sealed record RtpHeaderExtension(ushort Profile, Bytes Data);
