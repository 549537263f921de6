using System.Buffers.Binary;

namespace Peerlink.Wire;

/// <summary>
/// The 16 fixed header bytes, read without allocating: enough to route, drop, or frame a message
/// before decoding it. See <see cref="P2ppHeader"/> for the diagram.
/// </summary>
public readonly record struct P2ppFixedHeader(
    byte Version,
    MessageKind Kind,
    bool IsAck,
    bool FromPeer,
    bool Recursive,
    ushort ResponseCode,
    RequestType RequestType,
    byte Ttl,
    uint MagicCookie,
    uint TransactionId,
    uint MessageLength)
{
    /// <summary>Reads the fixed part; false when fewer than 16 bytes are present. Checks nothing else.</summary>
    public static bool TryRead(ReadOnlySpan<byte> bytes, out P2ppFixedHeader header)
    {
        if (bytes.Length < P2ppHeader.FixedLength)
        {
            header = default;
            return false;
        }

        var first = BinaryPrimitives.ReadUInt16BigEndian(bytes);
        header = new P2ppFixedHeader(
            Version: (byte)(first >> 14),
            Kind: (MessageKind)((first >> 12) & 3),
            IsAck: (first & 0x0800) != 0,
            FromPeer: (first & 0x0400) != 0,
            Recursive: (first & 0x0200) != 0,
            ResponseCode: (ushort)(first & 0x01FF),
            RequestType: (RequestType)bytes[2],
            Ttl: bytes[3],
            MagicCookie: BinaryPrimitives.ReadUInt32BigEndian(bytes[4..]),
            TransactionId: BinaryPrimitives.ReadUInt32BigEndian(bytes[8..]),
            MessageLength: BinaryPrimitives.ReadUInt32BigEndian(bytes[12..]));
        return true;
    }

    /// <summary>Whether the cookie and version say P2PP version 1.</summary>
    public bool IsP2pp => MagicCookie == P2ppHeader.MagicCookie && Version == P2ppHeader.Version;

    /// <summary>
    /// Length of the whole message that starts with these bytes, for framing a TCP stream; null when
    /// fewer than 16 bytes are buffered yet. Nothing is consumed.
    /// </summary>
    public static long? FrameLength(ReadOnlySpan<byte> buffered) =>
        TryRead(buffered, out var h) ? P2ppHeader.FixedLength + (long)h.MessageLength : null;
}
