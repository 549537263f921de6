namespace Peerlink.Wire;

//  Node-Resource-Utilization (§9.3.15):
//   0                   1                   2                   3
//   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |                          Peer bandwidth                       |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |   CPU Util.   |   BW. Util.   |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+

/// <summary>Node-Resource-Utilization (§9.3.15), averages over the last five seconds.</summary>
/// <param name="BandwidthKbps">Estimated bandwidth in kbit/s.</param>
/// <param name="CpuPercent">CPU use, 0 to 100.</param>
/// <param name="BandwidthPercent">Bandwidth use, 0 to 100.</param>
public sealed record NodeResourceUtilization(uint BandwidthKbps, byte CpuPercent, byte BandwidthPercent) : P2ppObject
{
    /// <inheritdoc/>
    public override ObjectType Type => ObjectType.NodeResourceUtilization;

    internal override int ValueLength =>
        CpuPercent <= 100 && BandwidthPercent <= 100 ? 6 : throw new ArgumentException("utilization is a percentage, 0 to 100");

    internal override void WriteValue(ref WireWriter writer)
    {
        writer.WriteUInt32(BandwidthKbps);
        writer.WriteByte(CpuPercent);
        writer.WriteByte(BandwidthPercent);
    }

    internal static NodeResourceUtilization ReadValue(ref WireReader value)
    {
        var bandwidth = value.ReadUInt32();
        var cpu = value.ReadByte();
        var bw = value.ReadByte();
        if (cpu > 100 || bw > 100)
        {
            value.Fail(DecodeError.BadObject, $"utilization over 100% (CPU {cpu}, bandwidth {bw})");
        }

        return new NodeResourceUtilization(bandwidth, cpu, bw);
    }
}
