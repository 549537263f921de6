using System.Buffers.Binary;

namespace Peerlink.Hosting.Turn;

/// <summary>
/// Cuts a TURN client's TCP stream into messages (RFC 8656 §12.5): the first two bits tell them apart;
/// a STUN message (00) is its header's Message Length plus 20 bytes; ChannelData (01) is its Length plus
/// 4, padded to a multiple of 4. Both lengths are 16-bit, so no message passes <see cref="MaxMessage"/>.
/// </summary>
internal static class TurnFraming
{
    /// <summary>The longest message either form can announce.</summary>
    public const int MaxMessage = 20 + 65535 + 3;

    /// <summary>
    /// The length of the message at the start of <paramref name="buffered"/>: positive when known, 0 when more
    /// bytes are needed to tell, -1 when the stream is not TURN (the first two bits are 10 or 11).
    /// </summary>
    public static int Next(ReadOnlySpan<byte> buffered)
    {
        if (buffered.Length < 4)
        {
            return buffered.Length > 0 && (buffered[0] & 0x80) != 0 ? -1 : 0;
        }

        var length = BinaryPrimitives.ReadUInt16BigEndian(buffered[2..]);
        return (buffered[0] & 0xC0) switch
        {
            0x00 => 20 + length,
            0x40 => (4 + length + 3) & ~3,
            _ => -1,
        };
    }
}
