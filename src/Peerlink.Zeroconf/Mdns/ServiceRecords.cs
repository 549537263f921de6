using System.Text;
using Peerlink.Zeroconf.Dns;

namespace Peerlink.Zeroconf.Mdns;

/// <summary>The record set that publishes one DNS-SD instance (RFC 6763 §4-§6, §9), with RFC 6762 §10's TTLs.</summary>
internal static class ServiceRecords
{
    /// <summary>Records that carry a host name, in their name or data (A, AAAA, SRV): 120 s (RFC 6762 §10).</summary>
    public const uint HostNameTtl = 120;

    /// <summary>Every other record (PTR, TXT): 75 minutes (RFC 6762 §10).</summary>
    public const uint OtherTtl = 4500;

    /// <summary>
    /// Shared records may have many owners and are never probed nor sent with the cache-flush bit
    /// (RFC 6762 §10.2); here that is the PTRs. SRV, TXT, A and AAAA are unique.
    /// </summary>
    public static bool IsUnique(DnsRecord record) => record.Type != DnsRecordType.Ptr;

    /// <summary>"_services._dns-sd._udp.&lt;domain&gt;", where service types are enumerated (RFC 6763 §9).</summary>
    public static DnsName ServiceEnumerationName(DnsName domain) => Append(DnsName.FromLabels("_services", "_dns-sd", "_udp"), domain);

    /// <summary>The service type under its domain: "_ipp._tcp.local".</summary>
    public static DnsName TypeName(ServiceInstance service) => Append(service.ServiceType, service.Domain);

    /// <summary>"&lt;subtype&gt;._sub.&lt;type&gt;", the name a subtype is browsed under (RFC 6763 §7.1): "_printer._sub._http._tcp.local".</summary>
    public static DnsName SubtypeName(DnsName typeName, string subtype) => typeName.Prepend("_sub").Prepend(subtype);

    /// <summary>
    /// The instance label for attempt <paramref name="attempt"/>: the name itself first, then
    /// "Name (2)", "Name (3)" ... as Avahi renames after a conflict (RFC 6762 §9 leaves the choice to us),
    /// the base shortened when the label would pass 63 bytes.
    /// </summary>
    public static string InstanceLabel(string name, int attempt)
    {
        if (attempt <= 1)
        {
            return name;
        }

        var suffix = $" ({attempt})";
        var baseName = name;
        while (baseName.Length > 0 && Encoding.UTF8.GetByteCount(baseName + suffix) > DnsName.MaxLabelLength)
        {
            baseName = baseName[..^1];
        }

        return baseName + suffix;
    }

    /// <summary>The full set, TTLs at their full value, no cache-flush bits (added when sent).</summary>
    public static IReadOnlyList<DnsRecord> Build(ServiceInstance service, DnsName instanceName)
    {
        var typeName = TypeName(service);
        var records = new List<DnsRecord>
        {
            new(typeName, OtherTtl, new PtrData(instanceName)),
            new(ServiceEnumerationName(service.Domain), OtherTtl, new PtrData(typeName)),
            new(instanceName, HostNameTtl, new SrvData(0, 0, service.Port, service.HostName)),
            new(instanceName, OtherTtl, service.Txt),
        };
        foreach (var subtype in service.Subtypes)
        {
            records.Add(new DnsRecord(SubtypeName(typeName, subtype), OtherTtl, new PtrData(instanceName)));
        }

        foreach (var address in service.Addresses)
        {
            records.Add(new DnsRecord(service.HostName, HostNameTtl, new AddressData(address)));
        }

        return records;
    }

    private static DnsName Append(DnsName head, DnsName tail)
    {
        var result = tail;
        for (var i = head.LabelCount - 1; i >= 0; i--)
        {
            result = result.Prepend(head.GetLabel(i));
        }

        return result;
    }
}
