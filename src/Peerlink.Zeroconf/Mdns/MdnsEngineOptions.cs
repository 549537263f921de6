using System.Net;
using Peerlink.Core;
using Peerlink.Zeroconf.Dns;

namespace Peerlink.Zeroconf.Mdns;

/// <summary>What every mDNS engine is told: where multicast goes and the codec's limits. Validated at construction.</summary>
public abstract record MdnsEngineOptions
{
    private readonly DnsOptions _dns = DnsOptions.Default;

    /// <summary>The group multicast goes to: <see cref="MdnsAddresses.IPv4Group"/> unless set.</summary>
    public NodeAddress MulticastGroup { get; init; } = MdnsAddresses.IPv4Group;

    /// <summary>
    /// The subnets of the link (the interface's prefixes). A datagram from outside them is dropped and
    /// counted (<see cref="MdnsCounters.OffLink"/>): RFC 6762 §11 has receivers ignore what does not come
    /// from the local link, which a unicast packet to port 5353 from a routed host would not. Loopback and
    /// link-local sources (169.254/16, fe80::/10) are on every link. Empty (the default): no check.
    /// </summary>
    public ValueList<IPNetwork> OnLink { get; init; }

    /// <summary>Codec limits for what is received and sent.</summary>
    public DnsOptions Dns
    {
        get => _dns;
        init => _dns = value ?? throw new ArgumentNullException(nameof(Dns));
    }
}
