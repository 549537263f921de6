using Peerlink.Core;
using Peerlink.Zeroconf.Dns;

namespace Peerlink.Zeroconf.Mdns;

/// <summary>What every mDNS engine is told: where multicast goes and the codec's limits. Validated at construction.</summary>
public abstract record MdnsEngineOptions
{
    private readonly DnsOptions _dns = DnsOptions.Default;

    /// <summary>The group multicast goes to: <see cref="MdnsAddresses.IPv4Group"/> unless set.</summary>
    public NodeAddress MulticastGroup { get; init; } = MdnsAddresses.IPv4Group;

    /// <summary>Codec limits for what is received and sent.</summary>
    public DnsOptions Dns
    {
        get => _dns;
        init => _dns = value ?? throw new ArgumentNullException(nameof(Dns));
    }
}
