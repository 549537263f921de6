using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using Peerlink.Core;

namespace Peerlink.Sip.Media;

//  Every RTCP packet (RFC 3550 §6.4 to §6.7) starts with the same word, big-endian:
//
//   0                   1                   2                   3
//   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |V=2|P|  count  |      PT       |     length (words - 1)        |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
//  SR (PT 200, count = RC report blocks):       RR (PT 201):
//  |                 SSRC of sender                 |    |         SSRC of packet sender        |
//  |     NTP timestamp, most significant word       |    |  report blocks, 24 octets each ...   |
//  |     NTP timestamp, least significant word      |    |  profile-specific extensions         |
//  |                 RTP timestamp                  |
//  |             sender's packet count              |
//  |             sender's octet count               |
//  |  report blocks, 24 octets each ...             |
//  |  profile-specific extensions                   |
//
//  A report block (§6.4.1):
//  |                 SSRC_n (source identifier)                    |
//  | fraction lost |       cumulative number of packets lost       |
//  |           extended highest sequence number received           |
//  |                      interarrival jitter                      |
//  |                         last SR (LSR)                         |
//  |                   delay since last SR (DLSR)                  |
//
//  SDES (PT 202, count = SC chunks), a chunk (§6.5):
//  |                          SSRC/CSRC                            |
//  |  type (8)  | length (8) | text ...   | ... type 0 (END), zero octets to the next 32-bit boundary |
//
//  BYE (PT 203, count = SC sources, §6.6):
//  |                           SSRC/CSRC ...                       |
//  |     length    |               reason for leaving ...  (padded to 32 bits)
//
//  A compound packet is several of these back to back in one datagram. Its validity check (A.2): every
//  packet is version 2, the first is an SR or RR, only the last may carry padding, and the lengths add up
//  to the datagram exactly. Reduced-size RTCP (RFC 5506) is not accepted.

/// <summary>
/// Reads and writes RTCP compound packets (RFC 3550 §6): SR, RR, SDES, BYE, and any other type kept as bytes.
/// <see cref="TryReadCompound"/> never throws on a peer's bytes: it returns false with the reason.
/// </summary>
public static class RtcpCodec
{
    private const int ReportBlockLength = 24;

    /// <summary>
    /// Reads a compound packet and checks it as RFC 3550 A.2 does; false, with a reason, for anything that
    /// is not one.
    /// </summary>
    public static bool TryReadCompound(ReadOnlySpan<byte> bytes, [NotNullWhen(true)] out IReadOnlyList<RtcpPacket>? packets, [NotNullWhen(false)] out string? error)
    {
        packets = null;
        var list = new List<RtcpPacket>();
        var at = 0;
        while (at < bytes.Length)
        {
            if (bytes.Length - at < 4)
            {
                error = $"an RTCP header at byte {at} is cut off";
                return false;
            }

            var first = bytes[at];
            var type = bytes[at + 1];
            if (first >> 6 != 2)
            {
                error = $"packet {list.Count} is version {first >> 6}, not 2";
                return false;
            }

            var length = (BinaryPrimitives.ReadUInt16BigEndian(bytes[(at + 2)..]) + 1) * 4;
            if (length > bytes.Length - at)
            {
                error = $"packet {list.Count} says {length} bytes; {bytes.Length - at} are left";
                return false;
            }

            if (list.Count == 0 && type is not (RtcpPacket.SenderReportType or RtcpPacket.ReceiverReportType))
            {
                error = $"a compound packet starts with an SR or RR (A.2), not PT {type}";
                return false;
            }

            var body = bytes.Slice(at + 4, length - 4);
            if ((first & 0x20) != 0)
            {
                // A.2: only the last packet of a compound may be padded; the last octet counts the padding.
                if (at + length != bytes.Length)
                {
                    error = $"packet {list.Count} is padded but is not the last of the compound";
                    return false;
                }

                var padding = length > 4 ? bytes[at + length - 1] : 0;
                if (padding == 0 || padding > body.Length)
                {
                    error = $"padding count {padding} does not fit a {body.Length}-byte body";
                    return false;
                }

                body = body[..^padding];
            }

            if (!TryReadOne(type, (byte)(first & 0x1F), body, out var packet, out error))
            {
                error = $"packet {list.Count} (PT {type}): {error}";
                return false;
            }

            list.Add(packet);
            at += length;
        }

        if (list.Count == 0)
        {
            error = "no RTCP packet";
            return false;
        }

        packets = list;
        error = null;
        return true;
    }

    private static bool TryReadOne(byte type, byte count, ReadOnlySpan<byte> body, [NotNullWhen(true)] out RtcpPacket? packet, [NotNullWhen(false)] out string? error)
    {
        packet = null;
        switch (type)
        {
            case RtcpPacket.SenderReportType:
            {
                if (body.Length < 24 + (count * ReportBlockLength))
                {
                    error = $"an SR with {count} blocks needs {24 + (count * ReportBlockLength)} bytes; it has {body.Length}";
                    return false;
                }

                if (!WholeWords(body.Length - 24 - (count * ReportBlockLength), "SR", out error))
                {
                    return false;
                }

                var reports = ReadBlocks(body[24..], count);
                packet = new RtcpSenderReport(
                    BinaryPrimitives.ReadUInt32BigEndian(body),
                    BinaryPrimitives.ReadUInt64BigEndian(body[4..]),
                    BinaryPrimitives.ReadUInt32BigEndian(body[12..]),
                    BinaryPrimitives.ReadUInt32BigEndian(body[16..]),
                    BinaryPrimitives.ReadUInt32BigEndian(body[20..]))
                {
                    Reports = reports,
                    ProfileExtension = Bytes.Copy(body[(24 + (count * ReportBlockLength))..]),
                };
                break;
            }

            case RtcpPacket.ReceiverReportType:
            {
                if (body.Length < 4 + (count * ReportBlockLength))
                {
                    error = $"an RR with {count} blocks needs {4 + (count * ReportBlockLength)} bytes; it has {body.Length}";
                    return false;
                }

                if (!WholeWords(body.Length - 4 - (count * ReportBlockLength), "RR", out error))
                {
                    return false;
                }

                packet = new RtcpReceiverReport(BinaryPrimitives.ReadUInt32BigEndian(body))
                {
                    Reports = ReadBlocks(body[4..], count),
                    ProfileExtension = Bytes.Copy(body[(4 + (count * ReportBlockLength))..]),
                };
                break;
            }

            case RtcpPacket.SourceDescriptionType:
                return TryReadSdes(count, body, out packet, out error);

            case RtcpPacket.GoodbyeType:
            {
                if (body.Length < 4 * count)
                {
                    error = $"a BYE of {count} sources needs {4 * count} bytes; it has {body.Length}";
                    return false;
                }

                var ssrcs = new uint[count];
                for (var i = 0; i < count; i++)
                {
                    ssrcs[i] = BinaryPrimitives.ReadUInt32BigEndian(body[(4 * i)..]);
                }

                string? reason = null;
                var rest = body[(4 * count)..];
                if (!rest.IsEmpty)
                {
                    if (1 + rest[0] > rest.Length)
                    {
                        error = $"the reason says {rest[0]} octets; {rest.Length - 1} follow";
                        return false;
                    }

                    reason = Encoding.UTF8.GetString(rest.Slice(1, rest[0]));
                }

                packet = new RtcpGoodbye(ValueList.Create<uint>(ssrcs)) { Reason = reason };
                break;
            }

            default:
                packet = new RtcpUnknownPacket(type, count, Bytes.Copy(body));
                break;
        }

        error = null;
        return true;
    }

    private static ValueList<RtcpReportBlock> ReadBlocks(ReadOnlySpan<byte> bytes, int count)
    {
        var blocks = new RtcpReportBlock[count];
        for (var i = 0; i < count; i++)
        {
            var b = bytes.Slice(i * ReportBlockLength, ReportBlockLength);
            var lost = (int)(BinaryPrimitives.ReadUInt32BigEndian(b[4..]) & 0xFFFFFF);
            blocks[i] = new RtcpReportBlock(
                BinaryPrimitives.ReadUInt32BigEndian(b),
                b[4],
                (lost << 8) >> 8, // the 24-bit field is signed (§6.4.1): sign-extend it
                BinaryPrimitives.ReadUInt32BigEndian(b[8..]),
                BinaryPrimitives.ReadUInt32BigEndian(b[12..]),
                BinaryPrimitives.ReadUInt32BigEndian(b[16..]),
                BinaryPrimitives.ReadUInt32BigEndian(b[20..]));
        }

        return ValueList.Create<RtcpReportBlock>(blocks);
    }

    private static bool TryReadSdes(int count, ReadOnlySpan<byte> body, [NotNullWhen(true)] out RtcpPacket? packet, [NotNullWhen(false)] out string? error)
    {
        packet = null;
        var chunks = new RtcpSdesChunk[count];
        var at = 0;
        for (var c = 0; c < count; c++)
        {
            if (body.Length - at < 4)
            {
                error = $"SDES chunk {c} is cut off";
                return false;
            }

            var ssrc = BinaryPrimitives.ReadUInt32BigEndian(body[at..]);
            at += 4;
            var items = new List<RtcpSdesItem>();
            while (true)
            {
                if (at >= body.Length)
                {
                    error = $"SDES chunk {c} has no END item";
                    return false;
                }

                var itemType = body[at];
                if (itemType == (byte)RtcpSdesType.End)
                {
                    // §6.5: null octets up to the next 32-bit boundary end the chunk (chunks start on one).
                    at = (at + 4) & ~3;
                    if (at > body.Length)
                    {
                        error = $"SDES chunk {c}'s padding is cut off";
                        return false;
                    }

                    break;
                }

                if (body.Length - at < 2 || body.Length - at - 2 < body[at + 1])
                {
                    error = $"SDES item {itemType} of chunk {c} is cut off";
                    return false;
                }

                items.Add(new RtcpSdesItem((RtcpSdesType)itemType, Bytes.Copy(body.Slice(at + 2, body[at + 1]))));
                at += 2 + body[at + 1];
            }

            chunks[c] = new RtcpSdesChunk(ssrc, ValueList.Create<RtcpSdesItem>(items.ToArray()));
        }

        if (at != body.Length)
        {
            error = $"{body.Length - at} bytes follow the last SDES chunk";
            return false;
        }

        packet = new RtcpSourceDescription(ValueList.Create<RtcpSdesChunk>(chunks));
        error = null;
        return true;
    }

    // §6.4.1: a profile-specific extension is whole 32-bit words. Padding (A.2) can leave a ragged
    // tail after the report blocks; such a packet is refused rather than kept in a form we cannot write.
    private static bool WholeWords(int extension, string kind, [NotNullWhen(false)] out string? error)
    {
        error = extension % 4 == 0 ? null : $"the {kind}'s padding leaves a {extension}-byte profile extension, not whole 32-bit words (§6.4.1)";
        return error is null;
    }

    /// <summary>Writes a compound packet, each packet unpadded, in the order given.</summary>
    /// <exception cref="ArgumentException">A packet does not fit its fields (see <see cref="Write(RtcpPacket, IBufferWriter{byte})"/>).</exception>
    public static void WriteCompound(IEnumerable<RtcpPacket> packets, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(packets);
        foreach (var packet in packets)
        {
            Write(packet, output);
        }
    }

    /// <summary>Encodes a compound packet into a new array.</summary>
    public static byte[] EncodeCompound(IEnumerable<RtcpPacket> packets)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        WriteCompound(packets, buffer);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Writes one RTCP packet, unpadded.</summary>
    /// <exception cref="ArgumentException">
    /// More than 31 blocks, chunks or sources; a cumulative loss outside 24 bits signed; an SDES item of
    /// type END or over 255 octets; a BYE reason over 255 octets; a body or extension not in whole words;
    /// a packet over 65,536 words.
    /// </exception>
    public static void Write(RtcpPacket packet, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(packet);
        ArgumentNullException.ThrowIfNull(output);
        var body = new ArrayBufferWriter<byte>(128);
        byte count;
        byte type;
        switch (packet)
        {
            case RtcpSenderReport sr:
                type = RtcpPacket.SenderReportType;
                count = Count(sr.Reports.Count, "report blocks");
                Put32(body, sr.Ssrc);
                Put32(body, (uint)(sr.NtpTimestamp >> 32));
                Put32(body, (uint)sr.NtpTimestamp);
                Put32(body, sr.RtpTimestamp);
                Put32(body, sr.PacketCount);
                Put32(body, sr.OctetCount);
                WriteBlocks(body, sr.Reports);
                body.Write(Words(sr.ProfileExtension, "profile extension"));
                break;
            case RtcpReceiverReport rr:
                type = RtcpPacket.ReceiverReportType;
                count = Count(rr.Reports.Count, "report blocks");
                Put32(body, rr.Ssrc);
                WriteBlocks(body, rr.Reports);
                body.Write(Words(rr.ProfileExtension, "profile extension"));
                break;
            case RtcpSourceDescription sdes:
                type = RtcpPacket.SourceDescriptionType;
                count = Count(sdes.Chunks.Count, "SDES chunks");
                foreach (var chunk in sdes.Chunks)
                {
                    Put32(body, chunk.Ssrc);
                    var start = body.WrittenCount;
                    foreach (var item in chunk.Items)
                    {
                        if (item.Type == RtcpSdesType.End || item.Value.Length > 255)
                        {
                            throw new ArgumentException($"SDES item {item.Type} of {item.Value.Length} octets: items are not END and hold at most 255", nameof(packet));
                        }

                        body.Write([(byte)item.Type, (byte)item.Value.Length]);
                        body.Write(item.Value.Span);
                    }

                    // END, then null octets to the 32-bit boundary (§6.5).
                    var items = body.WrittenCount - start;
                    body.Write(new byte[4 - (items % 4)]);
                }

                break;
            case RtcpGoodbye bye:
                type = RtcpPacket.GoodbyeType;
                count = Count(bye.Ssrcs.Count, "BYE sources");
                foreach (var ssrc in bye.Ssrcs)
                {
                    Put32(body, ssrc);
                }

                if (bye.Reason is { } reason)
                {
                    var text = Encoding.UTF8.GetBytes(reason);
                    if (text.Length > 255)
                    {
                        throw new ArgumentException($"a BYE reason of {text.Length} octets; at most 255", nameof(packet));
                    }

                    body.Write([(byte)text.Length]);
                    body.Write(text);
                    body.Write(new byte[(4 - ((1 + text.Length) % 4)) % 4]);
                }

                break;
            case RtcpUnknownPacket unknown:
                type = unknown.PacketType;
                count = unknown.Count <= 31 ? unknown.Count : throw new ArgumentException($"count {unknown.Count} is over 5 bits", nameof(packet));
                body.Write(Words(unknown.Body, "body"));
                break;
            default:
                throw new ArgumentException($"{packet.GetType().Name} is not an RTCP packet this codec writes", nameof(packet));
        }

        var words = body.WrittenCount / 4;
        if (words > ushort.MaxValue)
        {
            throw new ArgumentException($"a {body.WrittenCount + 4}-byte RTCP packet is over the 16-bit length", nameof(packet));
        }

        var span = output.GetSpan(4 + body.WrittenCount);
        span[0] = (byte)(0x80 | count);
        span[1] = type;
        BinaryPrimitives.WriteUInt16BigEndian(span[2..], (ushort)words);
        body.WrittenSpan.CopyTo(span[4..]);
        output.Advance(4 + body.WrittenCount);
    }

    private static byte Count(int count, string what) =>
        count <= 31 ? (byte)count : throw new ArgumentException($"{count} {what}; the 5-bit count holds at most 31");

    private static ReadOnlySpan<byte> Words(Bytes bytes, string what) =>
        bytes.Length % 4 == 0 ? bytes.Span : throw new ArgumentException($"a {bytes.Length}-byte {what} is not whole 32-bit words");

    private static void WriteBlocks(ArrayBufferWriter<byte> body, ValueList<RtcpReportBlock> blocks)
    {
        foreach (var b in blocks)
        {
            if (b.CumulativeLost is < -0x800000 or > 0x7FFFFF)
            {
                throw new ArgumentException($"cumulative loss {b.CumulativeLost} does not fit 24 bits signed (clamp it, A.3)");
            }

            Put32(body, b.Ssrc);
            Put32(body, ((uint)b.FractionLost << 24) | ((uint)b.CumulativeLost & 0xFFFFFF));
            Put32(body, b.ExtendedHighestSequence);
            Put32(body, b.Jitter);
            Put32(body, b.LastSenderReport);
            Put32(body, b.DelaySinceLastSenderReport);
        }
    }

    private static void Put32(ArrayBufferWriter<byte> body, uint value)
    {
        BinaryPrimitives.WriteUInt32BigEndian(body.GetSpan(4), value);
        body.Advance(4);
    }
}
