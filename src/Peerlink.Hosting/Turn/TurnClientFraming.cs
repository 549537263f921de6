using System.Buffers.Binary;
using Peerlink.Nat.Stun;
using Peerlink.Nat.Turn;

namespace Peerlink.Hosting.Turn;

/// <summary>
/// Cuts the byte stream from a TURN server into messages (RFC 8656 §12.5): the first two bits tell STUN (00: 20-byte header
/// plus Message Length) from ChannelData (01: 4-byte header plus Length, padded to a multiple of 4 on a stream).
/// </summary>
internal static class TurnClientFraming
{
    /// <summary>The most a frame can be: ChannelData's 4 + 65,535 + 3 bytes of padding (STUN's is 20 + 65,532).</summary>
    public const int MaxFrameLength = ChannelData.HeaderLength + ushort.MaxValue + 3;

    /// <summary>The whole frame's length from its first 4 bytes; 0 when fewer are there, -1 when it is neither STUN nor ChannelData.</summary>
    public static int FrameLength(ReadOnlySpan<byte> start)
    {
        if (start.Length < 4)
        {
            return 0;
        }

        var length = BinaryPrimitives.ReadUInt16BigEndian(start[2..]);
        return (start[0] & 0xC0) switch
        {
            0x00 when length % 4 == 0 => StunCodec.HeaderLength + length,
            0x40 => ChannelData.HeaderLength + ((length + 3) & ~3),
            _ => -1,
        };
    }
}
