using Peerlink.Core;

namespace Peerlink.Wire;

//  RLookup (§9.3.9):
//   0                   1                   2                   3
//   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |   Cont-type   |   Sub-Type    |   Resource-ID TLV            //
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  //                   [Owner TLV]                               //
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+

/// <summary>RLookup (§9.3.9): which resource objects a LookupObject asks for. Without an owner, all owners' objects match.</summary>
/// <param name="ContentType">Cont-Type.</param>
/// <param name="SubType">Sub-Type.</param>
/// <param name="ResourceId">The key.</param>
/// <param name="Owner">Only this owner's object, if given.</param>
public sealed record RLookup(ContentType ContentType, byte SubType, NodeId ResourceId, Bytes? Owner = null) : P2ppObject
{
    /// <inheritdoc/>
    public override ObjectType Type => ObjectType.RLookup;

    internal override int ValueLength =>
        2 + HeaderLength + IdValue.Length(ResourceId) + (Owner is { } o ? HeaderLength + o.Length : 0);

    internal override void WriteValue(ref WireWriter writer)
    {
        writer.WriteByte((byte)ContentType);
        writer.WriteByte(SubType);
        writer.WriteBytesObject(ObjectType.ResourceId, ResourceId.Span);
        if (Owner is { } o)
        {
            writer.WriteBytesObject(ObjectType.Owner, o.Span);
        }
    }

    internal static RLookup ReadValue(ref WireReader value)
    {
        var contentType = (ContentType)value.ReadByte();
        var subType = value.ReadByte();
        var resourceId = ResourceObject.ReadResourceId(ref value);
        Bytes? owner = null;
        while (!value.IsEnd)
        {
            var at = value.Offset;
            switch (Read(ref value))
            {
                case UnknownObject:
                    break; // AB=01: "deleted and the rest of the message processed as usual" (§9.2)
                case Owner o when owner is null:
                    owner = o.Value;
                    break;
                default:
                    throw new MalformedMessageException(DecodeError.BadObject, at, "RLookup may only add one Owner after its Resource-ID", value.Context.Header);
            }
        }

        return new RLookup(contentType, subType, resourceId, owner);
    }
}
