using System.Buffers;
using Peerlink.Core;

namespace Peerlink.Wire;

/// <summary>
/// Encodes and decodes whole P2PP messages. Decoding reads a complete message (one UDP datagram, or
/// one frame cut from a stream with <see cref="P2ppFixedHeader.FrameLength"/>) and throws only
/// <see cref="MalformedMessageException"/>; the caller's buffer is never changed.
/// </summary>
public static class P2ppCodec
{
    /// <summary>Encodes a message into a new array.</summary>
    public static byte[] Encode(P2ppMessage message, WireOptions? options = null)
    {
        // One exact-size array: engines encode every message they send, so no growing buffer and copy.
        ArgumentNullException.ThrowIfNull(message);
        options ??= WireOptions.Default;
        var bodyLength = CheckedBodyLength(message, options);
        var bytes = new byte[P2ppHeader.FixedLength + bodyLength];
        Write(message, bodyLength, bytes);
        return bytes;
    }

    /// <summary>Encodes a message into a buffer writer, in one piece. Returns the bytes written.</summary>
    /// <exception cref="ArgumentException">The message breaks a rule of the format (our bug, not the peer's).</exception>
    public static int Encode(P2ppMessage message, IBufferWriter<byte> output, WireOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(output);
        options ??= WireOptions.Default;
        var bodyLength = CheckedBodyLength(message, options);
        var total = P2ppHeader.FixedLength + bodyLength;
        Write(message, bodyLength, output.GetSpan(total)[..total]);
        output.Advance(total);
        return total;
    }

    private static int CheckedBodyLength(P2ppMessage message, WireOptions options)
    {
        var h = message.Header;
        CheckHeader(h, options);
        var bodyLength = h.SourceId.Length + (h.ResponseId?.Length ?? 0);
        foreach (var o in message.Objects)
        {
            bodyLength += o.EncodedLength;
        }

        if (bodyLength > options.MaxBodyLength)
        {
            throw new ArgumentException($"message body of {bodyLength} bytes exceeds the limit of {options.MaxBodyLength}; split it (§6: no fragmentation)");
        }

        return bodyLength;
    }

    private static void Write(P2ppMessage message, int bodyLength, Span<byte> destination)
    {
        var h = message.Header;
        var writer = new WireWriter(destination);
        var first = (P2ppHeader.Version << 14) | ((int)h.Kind << 12) | (h.IsAck ? 0x0800 : 0)
            | (h.FromPeer ? 0x0400 : 0) | (h.Recursive ? 0x0200 : 0) | (int)h.ResponseCode;
        writer.WriteUInt16((ushort)first);
        writer.WriteByte((byte)h.RequestType);
        writer.WriteByte(h.Ttl);
        writer.WriteUInt32(P2ppHeader.MagicCookie);
        writer.WriteUInt32(h.TransactionId);
        writer.WriteUInt32((uint)bodyLength);
        writer.WriteBytes(h.SourceId.Span);
        if (h.ResponseId is { } responder)
        {
            writer.WriteBytes(responder.Span);
        }

        foreach (var o in message.Objects)
        {
            o.Write(ref writer);
        }
    }

    /// <summary>Decodes one complete message.</summary>
    /// <exception cref="MalformedMessageException">The bytes are not an acceptable P2PP message; nothing else is thrown.</exception>
    public static P2ppMessage Decode(ReadOnlySpan<byte> bytes, WireOptions? options = null)
    {
        options ??= WireOptions.Default;
        var context = new DecodeContext(options);
        var reader = new WireReader(bytes, 0, context);
        if (!P2ppFixedHeader.TryRead(bytes, out var fixedHeader))
        {
            reader.Fail(DecodeError.Truncated, $"a P2PP header is at least {P2ppHeader.FixedLength} bytes, got {bytes.Length}");
        }

        if (fixedHeader.MagicCookie != P2ppHeader.MagicCookie)
        {
            throw new MalformedMessageException(DecodeError.NotP2pp, 4, $"magic cookie 0x{fixedHeader.MagicCookie:x8} is not P2PP's 0x{P2ppHeader.MagicCookie:x8}");
        }

        if (fixedHeader.Version != P2ppHeader.Version)
        {
            throw new MalformedMessageException(DecodeError.UnsupportedVersion, 0, $"version {fixedHeader.Version}, this codec speaks {P2ppHeader.Version}");
        }

        if (fixedHeader.MessageLength > (uint)options.MaxBodyLength)
        {
            throw new MalformedMessageException(DecodeError.TooLarge, 12, $"Message Length {fixedHeader.MessageLength} exceeds the limit of {options.MaxBodyLength}");
        }

        var available = bytes.Length - P2ppHeader.FixedLength;
        if (fixedHeader.MessageLength != available)
        {
            throw new MalformedMessageException(
                fixedHeader.MessageLength > available ? DecodeError.Truncated : DecodeError.LengthMismatch,
                12,
                $"Message Length says {fixedHeader.MessageLength} byte(s) follow the fixed header, {available} do");
        }

        reader.ReadSpan(P2ppHeader.FixedLength);
        var idLength = P2ppHeader.IdLengthFor(fixedHeader.RequestType, options.IdLength);
        var sourceId = Id(options, ReadId(ref reader, idLength, "Source-ID"));
        var hasResponseId = fixedHeader.IsAck || fixedHeader.Kind is MessageKind.Response or MessageKind.ResponseAck;
        var header = new P2ppHeader(fixedHeader.Kind, fixedHeader.RequestType, fixedHeader.TransactionId, sourceId)
        {
            IsAck = fixedHeader.IsAck,
            FromPeer = fixedHeader.FromPeer,
            Recursive = fixedHeader.Recursive,
            ResponseCode = (ResponseCode)fixedHeader.ResponseCode,
            Ttl = fixedHeader.Ttl,
            ResponseId = hasResponseId ? Id(options, ReadId(ref reader, idLength, "Response-ID")) : null,
        };

        context.Header = header;
        if (!RequestTypes.IsKnown(header.RequestType))
        {
            throw new MalformedMessageException(DecodeError.UnknownRequestType, 2, $"request type {(byte)header.RequestType} is not assigned (0 to {(byte)RequestTypes.Last})", header);
        }

        // Most messages carry a handful of objects: gather them on the stack and allocate one array
        // of the right size (a List and its copies were an eighth of the simulator's allocations).
        var few = default(FewObjects);
        var count = 0;
        List<P2ppObject>? many = null;
        while (!reader.IsEnd)
        {
            var o = P2ppObject.Read(ref reader);
            if (count < FewObjects.Capacity)
            {
                few[count++] = o;
            }
            else
            {
                (many ??= new List<P2ppObject>(2 * FewObjects.Capacity)).Add(o);
            }
        }

        var total = count + (many?.Count ?? 0);
        P2ppObject[] objects = total == 0 ? [] : new P2ppObject[total];
        ((ReadOnlySpan<P2ppObject>)few)[..count].CopyTo(objects);
        many?.CopyTo(objects, count);
        return new P2ppMessage(header, ValueListMarshal.AsValueList(objects));
    }

    [System.Runtime.CompilerServices.InlineArray(Capacity)]
    private struct FewObjects
    {
        public const int Capacity = 8;
        private P2ppObject _first;
    }

    /// <summary>Decodes one complete message, or says why not without throwing.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> bytes, WireOptions? options, out P2ppMessage? message, out MalformedMessageException? error)
    {
        try
        {
            message = Decode(bytes, options);
            error = null;
            return true;
        }
        catch (MalformedMessageException e)
        {
            message = null;
            error = e;
            return false;
        }
    }

    private static NodeId Id(WireOptions options, ReadOnlySpan<byte> bytes) =>
        options.Cache is { } cache ? cache.Id(bytes) : NodeId.FromBytes(bytes);

    private static ReadOnlySpan<byte> ReadId(ref WireReader reader, int length, string what)
    {
        if (reader.Remaining < length)
        {
            reader.Fail(DecodeError.Truncated, $"{what} needs {length} bytes, {reader.Remaining} left");
        }

        return reader.ReadSpan(length);
    }

    private static void CheckHeader(P2ppHeader h, WireOptions options)
    {
        // Unassigned types may only be echoed: the 400 answer to an unknown request carries its type.
        if (!RequestTypes.IsKnown(h.RequestType) && !h.HasResponseId)
        {
            throw new ArgumentException($"request type {(byte)h.RequestType} is not assigned (0 to {(byte)RequestTypes.Last}); only a response or ACK may carry it");
        }

        var idLength = P2ppHeader.IdLengthFor(h.RequestType, options.IdLength);
        if (h.SourceId.Length != idLength)
        {
            throw new ArgumentException($"{h.RequestType} Source-ID must be {idLength} bytes, is {h.SourceId.Length}");
        }

        if (h.HasResponseId != h.ResponseId.HasValue)
        {
            throw new ArgumentException(h.HasResponseId
                ? $"a {h.Kind}{(h.IsAck ? " ACK" : string.Empty)} needs a Response-ID"
                : $"a {h.Kind} carries no Response-ID");
        }

        if (h.ResponseId is { } r && r.Length != idLength)
        {
            throw new ArgumentException($"{h.RequestType} Response-ID must be {idLength} bytes, is {r.Length}");
        }

        if ((ushort)h.ResponseCode > 0x1FF)
        {
            throw new ArgumentException($"response code {(ushort)h.ResponseCode} does not fit 9 bits");
        }

        if (h.Kind > MessageKind.ResponseAck)
        {
            throw new ArgumentException($"message kind {(int)h.Kind} does not fit 2 bits");
        }
    }
}
