using Peerlink.Core;

namespace Peerlink.Wire;

//  Peer-ID (§9.3.1), inside a Peer-Info:
//   0                   1                   2                   3
//   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  //                          Peer-ID                            //
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+

/// <summary>A Peer-ID object (§9.3.1). Its width is its TLV length, 1 to 64 bytes.</summary>
/// <param name="Id">The peer's identifier.</param>
public sealed record PeerIdObject(NodeId Id) : P2ppObject
{
    /// <inheritdoc/>
    public override ObjectType Type => ObjectType.PeerId;

    internal override int ValueLength => IdValue.Length(Id);

    internal override void WriteValue(ref WireWriter writer) => writer.WriteBytes(Id.Span);

    internal static PeerIdObject ReadValue(ref WireReader value) => new(IdValue.Read(ref value, "Peer-ID"));
}

/// <summary>Reads and checks an identifier that fills a whole TLV value.</summary>
internal static class IdValue
{
    public static NodeId Read(ref WireReader value, string what)
    {
        if (value.Remaining is < 1 or > NodeId.MaxLength)
        {
            value.Fail(DecodeError.BadObject, $"{what} of {value.Remaining} bytes; IDs are 1 to {NodeId.MaxLength}");
        }

        return NodeId.FromBytes(value.ReadRest());
    }

    public static int Length(NodeId id) =>
        id.IsEmpty ? throw new ArgumentException("an identifier object needs a non-empty ID") : id.Length;
}
