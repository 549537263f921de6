using System.Buffers.Binary;
using Peerlink.Wire;

namespace Peerlink.Hosting.Tests;

/// <summary>P2PP-shaped test messages: a real 16-byte fixed header (version 1, magic cookie) and any body.</summary>
internal static class Frames
{
    public static byte[] Request(uint transactionId, int bodyLength = 8) => Make(MessageKind.Request, transactionId, Body(transactionId, bodyLength));

    public static byte[] Indication(uint transactionId, int bodyLength = 8) => Make(MessageKind.Indication, transactionId, Body(transactionId, bodyLength));

    public static byte[] Make(MessageKind kind, uint transactionId, ReadOnlySpan<byte> body)
    {
        var frame = new byte[P2ppHeader.FixedLength + body.Length];
        var first = (ushort)((P2ppHeader.Version << 14) | ((int)kind << 12) | 0x0400);
        BinaryPrimitives.WriteUInt16BigEndian(frame, first);
        frame[2] = (byte)RequestType.LookupObject;
        frame[3] = 10;
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(4), P2ppHeader.MagicCookie);
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(8), transactionId);
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(12), (uint)body.Length);
        body.CopyTo(frame.AsSpan(P2ppHeader.FixedLength));
        return frame;
    }

    /// <summary>The same message as a response (T = 10).</summary>
    public static byte[] ToResponse(ReadOnlySpan<byte> request)
    {
        var response = request.ToArray();
        var first = BinaryPrimitives.ReadUInt16BigEndian(response);
        first = (ushort)((first & ~0x3000) | ((int)MessageKind.Response << 12));
        BinaryPrimitives.WriteUInt16BigEndian(response, first);
        return response;
    }

    /// <summary>A header announcing <paramref name="messageLength"/> body bytes, without the body.</summary>
    public static byte[] HeaderOnly(uint transactionId, uint messageLength)
    {
        var frame = Make(MessageKind.Request, transactionId, []);
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(12), messageLength);
        return frame;
    }

    public static uint TransactionId(ReadOnlySpan<byte> frame) => BinaryPrimitives.ReadUInt32BigEndian(frame[8..]);

    public static MessageKind Kind(ReadOnlySpan<byte> frame) => (MessageKind)((frame[0] >> 4) & 3);

    /// <summary>A body whose bytes depend on the transaction ID and position, so a misframed stream shows.</summary>
    public static byte[] Body(uint transactionId, int length)
    {
        var body = new byte[length];
        for (var i = 0; i < length; i++)
        {
            body[i] = (byte)(transactionId * 31 + (uint)i * 7);
        }

        return body;
    }
}
