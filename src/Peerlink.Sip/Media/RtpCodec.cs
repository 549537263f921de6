using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using Peerlink.Core;

namespace Peerlink.Sip.Media;

//  The RTP fixed header (RFC 3550 §5.1), big-endian:
//
//   0                   1                   2                   3
//   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |V=2|P|X|  CC   |M|     PT      |       sequence number         |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |                           timestamp                           |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |           synchronization source (SSRC) identifier            |
//  +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
//  |            contributing source (CSRC) identifiers             |  CC of them
//  |                             ....                              |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |      defined by profile       |           length              |  when X: the header
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+  extension (§5.3.1),
//  |                        header extension                       |  length in 32-bit words
//  |                             ....                              |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |                      payload ...      | padding ... | count   |  when P: the last octet
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+  counts the padding, itself included

/// <summary>
/// Reads and writes RTP data packets (RFC 3550 §5). <see cref="TryRead"/> never throws on a peer's bytes: it
/// returns false with the reason, and the caller drops and counts the packet. The header extension is
/// skipped over and kept as bytes; padding is stripped and its length kept.
/// </summary>
public static class RtpCodec
{
    /// <summary>The fixed header's length, without CSRCs.</summary>
    public const int HeaderLength = 12;

    /// <summary>The only RTP version (§5.1).</summary>
    public const int Version = 2;

    /// <summary>Reads one packet; false, with a reason, for anything that is not a well-formed RTP packet.</summary>
    public static bool TryRead(ReadOnlySpan<byte> bytes, [NotNullWhen(true)] out RtpPacket? packet, [NotNullWhen(false)] out string? error)
    {
        packet = null;
        if (bytes.Length < HeaderLength)
        {
            error = $"{bytes.Length} bytes: shorter than the 12-byte RTP header";
            return false;
        }

        var first = bytes[0];
        if (first >> 6 != Version)
        {
            error = $"version {first >> 6}, not 2";
            return false;
        }

        var padding = (first & 0x20) != 0;
        var extension = (first & 0x10) != 0;
        var csrcCount = first & 0x0F;
        var end = bytes.Length;
        var paddingLength = 0;
        if (padding)
        {
            // §5.1: the last octet counts the padding octets, itself included, so it is at least 1.
            paddingLength = bytes[^1];
            if (paddingLength == 0)
            {
                error = "P is set but the padding count is 0";
                return false;
            }

            if (paddingLength > bytes.Length - HeaderLength)
            {
                error = $"padding count {paddingLength} is more than the {bytes.Length - HeaderLength} bytes after the header";
                return false;
            }

            end -= paddingLength;
        }

        var at = HeaderLength + (4 * csrcCount);
        if (at > end)
        {
            error = $"{csrcCount} CSRCs need {at} bytes; {end} are left after padding";
            return false;
        }

        var csrcs = new uint[csrcCount];
        for (var i = 0; i < csrcCount; i++)
        {
            csrcs[i] = BinaryPrimitives.ReadUInt32BigEndian(bytes[(HeaderLength + (4 * i))..]);
        }

        RtpHeaderExtension? headerExtension = null;
        if (extension)
        {
            if (end - at < 4)
            {
                error = "X is set but the extension header is cut off";
                return false;
            }

            var profile = BinaryPrimitives.ReadUInt16BigEndian(bytes[at..]);
            var words = BinaryPrimitives.ReadUInt16BigEndian(bytes[(at + 2)..]);
            if (end - at - 4 < words * 4)
            {
                error = $"the header extension says {words} words; {(end - at - 4) / 4} follow";
                return false;
            }

            headerExtension = new RtpHeaderExtension(profile, Bytes.Copy(bytes.Slice(at + 4, words * 4)));
            at += 4 + (words * 4);
        }

        packet = new RtpPacket(
            (byte)(bytes[1] & 0x7F),
            BinaryPrimitives.ReadUInt16BigEndian(bytes[2..]),
            BinaryPrimitives.ReadUInt32BigEndian(bytes[4..]),
            BinaryPrimitives.ReadUInt32BigEndian(bytes[8..]),
            Bytes.Copy(bytes[at..end]))
        {
            Marker = (bytes[1] & 0x80) != 0,
            Csrcs = ValueList.Create<uint>(csrcs),
            Extension = headerExtension,
            PaddingLength = paddingLength,
        };
        error = null;
        return true;
    }

    /// <summary>The number of bytes <see cref="Write"/> produces for <paramref name="packet"/>.</summary>
    public static int EncodedLength(RtpPacket packet)
    {
        ArgumentNullException.ThrowIfNull(packet);
        return HeaderLength + (4 * packet.Csrcs.Count) + (packet.Extension is { } x ? 4 + x.Data.Length : 0) + packet.Payload.Length + packet.PaddingLength;
    }

    /// <summary>Writes <paramref name="packet"/>; padding octets are zeros but the last, which holds the count.</summary>
    /// <exception cref="ArgumentException">A field does not fit: PT over 127, more than 15 CSRCs, an extension not in whole words or over 65,535 words, padding over 255.</exception>
    public static void Write(RtpPacket packet, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(packet);
        ArgumentNullException.ThrowIfNull(output);
        if (packet.PayloadType > 127)
        {
            throw new ArgumentException($"payload type {packet.PayloadType} is over 7 bits", nameof(packet));
        }

        if (packet.Csrcs.Count > 15)
        {
            throw new ArgumentException($"{packet.Csrcs.Count} CSRCs; CC holds at most 15", nameof(packet));
        }

        if (packet.Extension is { } ext && (ext.Data.Length % 4 != 0 || ext.Data.Length / 4 > ushort.MaxValue))
        {
            throw new ArgumentException($"a {ext.Data.Length}-byte header extension is not whole 32-bit words under 65,536 of them", nameof(packet));
        }

        if (packet.PaddingLength is < 0 or > 255)
        {
            throw new ArgumentException($"padding of {packet.PaddingLength} octets: the count octet holds 1 to 255", nameof(packet));
        }

        var length = EncodedLength(packet);
        var span = output.GetSpan(length)[..length];
        span.Clear();
        span[0] = (byte)((Version << 6) | (packet.PaddingLength > 0 ? 0x20 : 0) | (packet.Extension is null ? 0 : 0x10) | packet.Csrcs.Count);
        span[1] = (byte)((packet.Marker ? 0x80 : 0) | packet.PayloadType);
        BinaryPrimitives.WriteUInt16BigEndian(span[2..], packet.SequenceNumber);
        BinaryPrimitives.WriteUInt32BigEndian(span[4..], packet.Timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(span[8..], packet.Ssrc);
        var at = HeaderLength;
        foreach (var csrc in packet.Csrcs)
        {
            BinaryPrimitives.WriteUInt32BigEndian(span[at..], csrc);
            at += 4;
        }

        if (packet.Extension is { } extension)
        {
            BinaryPrimitives.WriteUInt16BigEndian(span[at..], extension.Profile);
            BinaryPrimitives.WriteUInt16BigEndian(span[(at + 2)..], (ushort)(extension.Data.Length / 4));
            extension.Data.Span.CopyTo(span[(at + 4)..]);
            at += 4 + extension.Data.Length;
        }

        packet.Payload.Span.CopyTo(span[at..]);
        if (packet.PaddingLength > 0)
        {
            span[^1] = (byte)packet.PaddingLength;
        }

        output.Advance(length);
    }

    /// <summary>Encodes <paramref name="packet"/> into a new array.</summary>
    public static byte[] Encode(RtpPacket packet)
    {
        var buffer = new ArrayBufferWriter<byte>(EncodedLength(packet));
        Write(packet, buffer);
        return buffer.WrittenSpan.ToArray();
    }
}
