using System.Net;
using Peerlink.Core;
using Peerlink.Zeroconf.Dns;

namespace Peerlink.Zeroconf.Mdns;

/// <summary>
/// What a browser knows of one instance (RFC 6763 §4): its name from a PTR, and as they arrive its host
/// and port (SRV, §5), attributes (TXT, §6) and the host's addresses (A, AAAA). In a service type
/// enumeration (§9) the "instance" is a service type and only <see cref="Name"/> is filled.
/// </summary>
/// <param name="Name">The full instance name, e.g. "My Printer._ipp._tcp.local".</param>
public sealed record BrowsedService(DnsName Name)
{
    /// <summary>The SRV target, or null until the SRV record is cached.</summary>
    public DnsName? HostName { get; init; }

    /// <summary>The SRV port, 0 until the SRV record is cached.</summary>
    public ushort Port { get; init; }

    /// <summary>The attributes, or null until the TXT record is cached.</summary>
    public TxtData? Txt { get; init; }

    /// <summary>The host's cached addresses, IPv4 first.</summary>
    public ValueList<IPAddress> Addresses { get; init; }

    /// <summary>Host, port, attributes and at least one address are known: the instance can be used.</summary>
    public bool IsResolved => HostName is not null && Txt is not null && Addresses.Count > 0;
}
