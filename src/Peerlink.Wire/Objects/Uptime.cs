namespace Peerlink.Wire;

//   0                   1                   2                   3
//   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |                           Uptime                              |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+

/// <summary>Uptime of a node (§9.3.1).</summary>
/// <param name="Seconds">Seconds the node has been up.</param>
public sealed record Uptime(uint Seconds) : P2ppObject
{
    /// <inheritdoc/>
    public override ObjectType Type => ObjectType.Uptime;

    internal override int ValueLength => 4;

    internal override void WriteValue(ref WireWriter writer) => writer.WriteUInt32(Seconds);
}
