using System.Buffers.Binary;

namespace Peerlink.Nat.Turn;

//  A ChannelData message (RFC 8656 §12.4), big-endian:
//
//   0                   1                   2                   3
//   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |         Channel Number        |            Length             |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |                                                               |
//  /                       Application Data                        /
//  |                               +-------------------------------+
//  |                               |    padding to 4 bytes (TCP)   |
//  +-------------------------------+
//
//  Channel numbers are 0x4000-0x4FFF (§12); the first two bits 01 tell ChannelData from STUN (00).
//  Length counts the application data only. Over UDP the padding may be left out; over a stream it
//  must be there, as the next message starts on a 4-byte boundary (§12.5).

/// <summary>Reads and writes ChannelData messages.</summary>
public static class ChannelData
{
    /// <summary>The 4-byte header.</summary>
    public const int HeaderLength = 4;

    /// <summary>The lowest channel number (§12).</summary>
    public const ushort FirstChannel = 0x4000;

    /// <summary>The highest channel number (§12).</summary>
    public const ushort LastChannel = 0x4FFF;

    /// <summary>True when <paramref name="channel"/> is one a client may bind.</summary>
    public static bool IsValidChannel(int channel) => channel is >= FirstChannel and <= LastChannel;

    /// <summary>True when a datagram or stream chunk starts like ChannelData (first two bits 01), not STUN (00).</summary>
    public static bool LooksLikeChannelData(ReadOnlySpan<byte> bytes) => bytes.Length >= 1 && (bytes[0] & 0xC0) == 0x40;

    /// <summary>
    /// Reads one ChannelData message from the start of <paramref name="bytes"/>: false when it is not one, when the
    /// channel is outside 0x4000-0x4FFF, or when fewer bytes than its Length follow. <paramref name="consumed"/>
    /// counts the padding too when it is present (a stream) and stops at the data's end when it is not (a datagram).
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> bytes, out ushort channel, out ReadOnlySpan<byte> data, out int consumed)
    {
        channel = 0;
        data = default;
        consumed = 0;
        if (bytes.Length < HeaderLength)
        {
            return false;
        }

        channel = BinaryPrimitives.ReadUInt16BigEndian(bytes);
        var length = BinaryPrimitives.ReadUInt16BigEndian(bytes[2..]);
        if (!IsValidChannel(channel) || bytes.Length - HeaderLength < length)
        {
            return false;
        }

        data = bytes.Slice(HeaderLength, length);
        consumed = Math.Min(bytes.Length, HeaderLength + ((length + 3) & ~3));
        return true;
    }

    /// <summary>A ChannelData message; with <paramref name="pad"/>, padded to a multiple of 4 (required over TCP, §12.5).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A channel outside 0x4000-0x4FFF or more than 65,535 bytes of data.</exception>
    public static byte[] Write(ushort channel, ReadOnlySpan<byte> data, bool pad = false)
    {
        if (!IsValidChannel(channel))
        {
            throw new ArgumentOutOfRangeException(nameof(channel), channel, "a TURN channel is 0x4000 to 0x4FFF");
        }

        if (data.Length > ushort.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(data), data.Length, "ChannelData carries at most 65,535 bytes");
        }

        var bytes = new byte[HeaderLength + (pad ? (data.Length + 3) & ~3 : data.Length)];
        BinaryPrimitives.WriteUInt16BigEndian(bytes, channel);
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(2), (ushort)data.Length);
        data.CopyTo(bytes.AsSpan(HeaderLength));
        return bytes;
    }
}
