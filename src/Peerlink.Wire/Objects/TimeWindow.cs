namespace Peerlink.Wire;

//   0                   1                   2                   3
//   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |                           Time Window                         |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+

/// <summary>Time-Window of diagnostics (§9.3.15).</summary>
/// <param name="Seconds">Seconds since statistics gathering began.</param>
public sealed record TimeWindow(uint Seconds) : P2ppObject
{
    /// <inheritdoc/>
    public override ObjectType Type => ObjectType.TimeWindow;

    internal override int ValueLength => 4;

    internal override void WriteValue(ref WireWriter writer) => writer.WriteUInt32(Seconds);
}
