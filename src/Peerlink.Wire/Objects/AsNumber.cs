namespace Peerlink.Wire;

//   0                   1                   2                   3
//   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |                    Autonomous System Number                   |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+

/// <summary>AS-Number of the node's address (§9.3.15).</summary>
/// <param name="Number">The autonomous system number.</param>
public sealed record AsNumber(uint Number) : P2ppObject
{
    /// <inheritdoc/>
    public override ObjectType Type => ObjectType.AsNumber;

    internal override int ValueLength => 4;

    internal override void WriteValue(ref WireWriter writer) => writer.WriteUInt32(Number);
}
