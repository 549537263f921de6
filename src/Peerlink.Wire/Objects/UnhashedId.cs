using Peerlink.Core;

namespace Peerlink.Wire;

//   0                   1                   2                   3
//   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  //                         UnhashedId                          //
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+

/// <summary>Unhashed-ID: the name an ID was hashed from (§9.3.2).</summary>
/// <param name="Value">The unhashed name, usually UTF-8.</param>
public sealed record UnhashedId(Bytes Value) : P2ppObject
{
    /// <inheritdoc/>
    public override ObjectType Type => ObjectType.UnhashedId;

    internal override int ValueLength => Value.Length;

    internal override void WriteValue(ref WireWriter writer) => writer.WriteBytes(Value.Span);
}
