namespace Peerlink.Zeroconf.Dns;

//  SRV RDATA (RFC 2782). RFC 2782 forbids compressing Target in unicast DNS; RFC 6762 §18.14 asks for
//  it in Multicast DNS, and receivers decompress it either way (RFC 3597 §4).
//
//    +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
//    |                   PRIORITY                    |
//    +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
//    |                    WEIGHT                     |
//    +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
//    |                     PORT                      |
//    +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
//    /                    TARGET                     /
//    +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+

/// <summary>An SRV record: where a DNS-SD instance runs (host name and port, RFC 6763 §5).</summary>
/// <param name="Priority">Lower is tried first.</param>
/// <param name="Weight">Relative share among records of equal priority.</param>
/// <param name="Port">The service's port.</param>
/// <param name="Target">The host name (answered by A/AAAA records).</param>
public sealed record SrvData(ushort Priority, ushort Weight, ushort Port, DnsName Target) : DnsRecordData
{
    /// <summary>The host name (answered by A/AAAA records).</summary>
    public DnsName Target { get; init; } = Target ?? throw new ArgumentNullException(nameof(Target));

    /// <inheritdoc/>
    public override DnsRecordType Type => DnsRecordType.Srv;

    internal override void Write(ref DnsWriter writer)
    {
        writer.WriteUInt16(Priority);
        writer.WriteUInt16(Weight);
        writer.WriteUInt16(Port);
        writer.WriteName(Target);
    }

    internal static SrvData ReadData(ref DnsReader reader)
    {
        var priority = reader.ReadUInt16();
        var weight = reader.ReadUInt16();
        var port = reader.ReadUInt16();
        return new SrvData(priority, weight, port, reader.ReadName());
    }
}
