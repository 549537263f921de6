using System.Net;
using Peerlink.Core;
using Peerlink.Zeroconf.Dns;

namespace Peerlink.Zeroconf.Mdns;

/// <summary>
/// A DNS-SD service instance to publish (RFC 6763 §4): "<see cref="InstanceName"/>.<see cref="ServiceType"/>.<see cref="Domain"/>",
/// running on <see cref="HostName"/>:<see cref="Port"/> with attributes <see cref="Txt"/>.
/// </summary>
/// <param name="InstanceName">The user-visible instance label, any UTF-8 up to 63 bytes (RFC 6763 §4.1.1).</param>
/// <param name="ServiceType">The service type, e.g. "_ipp._tcp" (RFC 6763 §7).</param>
/// <param name="HostName">The host's name, e.g. "printer.local" (the SRV target, RFC 6763 §5).</param>
/// <param name="Port">The service's port.</param>
public sealed record ServiceInstance(string InstanceName, DnsName ServiceType, DnsName HostName, ushort Port)
{
    /// <summary>The user-visible instance label.</summary>
    public string InstanceName { get; init; } = InstanceName ?? throw new ArgumentNullException(nameof(InstanceName));

    /// <summary>The service type, e.g. "_ipp._tcp".</summary>
    public DnsName ServiceType { get; init; } = ServiceType ?? throw new ArgumentNullException(nameof(ServiceType));

    /// <summary>The host's name.</summary>
    public DnsName HostName { get; init; } = HostName ?? throw new ArgumentNullException(nameof(HostName));

    /// <summary>The domain; "local" unless set.</summary>
    public DnsName Domain { get; init; } = DnsName.FromLabels("local");

    /// <summary>The attributes; every instance has a TXT record, empty when there are none (RFC 6763 §6.1).</summary>
    public TxtData Txt { get; init; } = TxtData.Empty;

    /// <summary>
    /// Subtypes the instance also answers browses for, as labels ("_printer"): each is published as a
    /// shared PTR "_printer._sub._ipp._tcp.local" → instance (RFC 6763 §7.1).
    /// </summary>
    public ValueList<string> Subtypes { get; init; }

    /// <summary>The host's addresses, published as A and AAAA records.</summary>
    public ValueList<IPAddress> Addresses { get; init; }
}
