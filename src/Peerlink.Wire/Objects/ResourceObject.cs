using Peerlink.Core;

namespace Peerlink.Wire;

//  Resource-Object (§9.3.10, §9.3.10.1):
//   0                   1                   2                   3
//   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |   Cont-type   |   Sub-Type    |   Resource-ID TLV            //
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |         Value Length          |   Resource-Object-Value      //
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  //  [Owner TLV] [Expires TLV] [Signature TLV] [Certificate TLV]  //
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
//  The draft gives the value no length, so nothing would tell where it ends and the additional
//  TLVs begin. We prefix it with 16 bits (docs/wire-format.md).

/// <summary>
/// Resource-Object (§9.3.10): a stored value. It is keyed by (Resource-ID, Cont-Type, Sub-Type,
/// Owner); several owners may store under one key.
/// </summary>
/// <param name="ContentType">Cont-Type.</param>
/// <param name="SubType">Sub-Type.</param>
/// <param name="ResourceId">The key.</param>
/// <param name="Value">The value.</param>
public sealed record ResourceObject(ContentType ContentType, byte SubType, NodeId ResourceId, Bytes Value) : P2ppObject
{
    /// <summary>The publisher.</summary>
    public Bytes? Owner { get; init; }

    /// <summary>Lifetime in seconds.</summary>
    public uint? Expires { get; init; }

    /// <summary>The publisher's signature over the object.</summary>
    public Bytes? Signature { get; init; }

    /// <summary>The publisher's certificate.</summary>
    public Certificate? Certificate { get; init; }

    /// <summary>Ignorable additional objects of unknown types, kept for forwarding.</summary>
    public ValueList<UnknownObject> Extensions { get; init; }

    /// <inheritdoc/>
    public override ObjectType Type => ObjectType.ResourceObject;

    internal override int ValueLength
    {
        get
        {
            if (Value.Length > ushort.MaxValue)
            {
                throw new ArgumentException($"a resource object value is at most {ushort.MaxValue} bytes");
            }

            var length = 2 + HeaderLength + IdValue.Length(ResourceId) + 2 + Value.Length;
            length += Owner is { } o ? P2ppObject.HeaderLength + o.Length : 0;
            length += Expires is null ? 0 : P2ppObject.HeaderLength + 4;
            length += Signature is { } s ? P2ppObject.HeaderLength + s.Length : 0;
            length += Certificate?.EncodedLength ?? 0;
            foreach (var e in Extensions)
            {
                length += e.EncodedLength;
            }

            return length;
        }
    }

    internal override void WriteValue(ref WireWriter writer)
    {
        writer.WriteByte((byte)ContentType);
        writer.WriteByte(SubType);
        writer.WriteBytesObject(ObjectType.ResourceId, ResourceId.Span);
        writer.WriteUInt16((ushort)Value.Length);
        writer.WriteBytes(Value.Span);
        if (Owner is { } o)
        {
            writer.WriteBytesObject(ObjectType.Owner, o.Span);
        }

        if (Expires is { } e)
        {
            writer.WriteUInt32Object(ObjectType.Expires, e);
        }

        if (Signature is { } s)
        {
            writer.WriteBytesObject(ObjectType.Signature, s.Span);
        }

        Certificate?.Write(ref writer);
        foreach (var x in Extensions)
        {
            x.Write(ref writer);
        }
    }

    internal static ResourceObject ReadValue(ref WireReader value)
    {
        var contentType = (ContentType)value.ReadByte();
        var subType = value.ReadByte();
        var resourceId = ReadResourceId(ref value);
        var length = value.ReadUInt16();
        if (value.Remaining < length)
        {
            value.Fail(DecodeError.Truncated, $"resource value of {length} byte(s), {value.Remaining} left");
        }

        var result = new ResourceObject(contentType, subType, resourceId, Bytes.Copy(value.ReadSpan(length)));
        Owner? owner = null;
        Expires? expires = null;
        Signature? signature = null;
        Certificate? certificate = null;
        List<UnknownObject>? extensions = null;
        while (!value.IsEnd)
        {
            var at = value.Offset;
            var part = Read(ref value);
            var fresh = part switch
            {
                UnknownObject u => Slots.Add(ref extensions, u),
                Owner o => Slots.Once(ref owner, o),
                Expires e => Slots.Once(ref expires, e),
                Signature s => Slots.Once(ref signature, s),
                Certificate c => Slots.Once(ref certificate, c),
                _ => throw new MalformedMessageException(DecodeError.BadObject, at, $"{part.Type} is not allowed inside a Resource-Object", value.Context.Header),
            };
            if (!fresh)
            {
                throw new MalformedMessageException(DecodeError.BadObject, at, $"Resource-Object holds two {part.Type} objects", value.Context.Header);
            }
        }

        return result with
        {
            Owner = owner?.Value,
            Expires = expires?.Seconds,
            Signature = signature?.Value,
            Certificate = certificate,
            Extensions = extensions is null ? default : ValueListMarshal.AsValueList(extensions.ToArray()),
        };
    }

    /// <summary>Reads the Resource-ID TLV that RLookup and Resource-Object start with.</summary>
    internal static NodeId ReadResourceId(ref WireReader value)
    {
        var at = value.Offset;
        return Read(ref value) is ResourceIdObject id
            ? id.Id
            : throw new MalformedMessageException(DecodeError.BadObject, at, "expected a Resource-ID object", value.Context.Header);
    }
}
