namespace Peerlink.Zeroconf.Dns;

//  PTR RDATA (RFC 1035 §3.3.12): one name, compressed in mDNS (RFC 6762 §18.14).
//
//    +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
//    /                   PTRDNAME                    /
//    +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+

/// <summary>
/// A PTR record. In DNS-SD, "_ipp._tcp.local PTR My Printer._ipp._tcp.local" lists an instance of a
/// service type (RFC 6763 §4.1), and "_services._dns-sd._udp.local PTR _ipp._tcp.local" a type (§9).
/// </summary>
/// <param name="Target">The name pointed to.</param>
public sealed record PtrData(DnsName Target) : DnsRecordData
{
    /// <summary>The name pointed to.</summary>
    public DnsName Target { get; init; } = Target ?? throw new ArgumentNullException(nameof(Target));

    /// <inheritdoc/>
    public override DnsRecordType Type => DnsRecordType.Ptr;

    internal override void Write(ref DnsWriter writer) => writer.WriteName(Target);
}
