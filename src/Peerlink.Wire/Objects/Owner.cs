using Peerlink.Core;

namespace Peerlink.Wire;

//   0                   1                   2                   3
//   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  //                         Owner                               //
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+

/// <summary>Owner of a resource object; format TBD in the draft, opaque here (§9.3.12).</summary>
/// <param name="Value">The owner's identity.</param>
public sealed record Owner(Bytes Value) : P2ppObject
{
    /// <inheritdoc/>
    public override ObjectType Type => ObjectType.Owner;

    internal override int ValueLength => Value.Length;

    internal override void WriteValue(ref WireWriter writer) => writer.WriteBytes(Value.Span);
}
