using Peerlink.Core;

namespace Peerlink.Wire;

//  Resource-ID (§9.3.8):
//   0                   1                   2                   3
//   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  //                         Resource-ID                         //
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+

/// <summary>A Resource-ID object (§9.3.8): the key of a resource, in the peers' ID space.</summary>
/// <param name="Id">The resource identifier.</param>
public sealed record ResourceIdObject(NodeId Id) : P2ppObject
{
    /// <inheritdoc/>
    public override ObjectType Type => ObjectType.ResourceId;

    internal override int ValueLength => IdValue.Length(Id);

    internal override void WriteValue(ref WireWriter writer) => writer.WriteBytes(Id.Span);

    internal static ResourceIdObject ReadValue(ref WireReader value) => new(IdValue.Read(ref value, "Resource-ID"));
}
