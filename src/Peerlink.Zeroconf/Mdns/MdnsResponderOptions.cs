using Peerlink.Core;
using Peerlink.Zeroconf.Dns;

namespace Peerlink.Zeroconf.Mdns;

/// <summary>How a responder sends. Validated at construction.</summary>
public sealed record MdnsResponderOptions
{
    /// <summary>Defaults: the IPv4 group and the codec's default limits.</summary>
    public static MdnsResponderOptions Default { get; } = new();

    private readonly DnsOptions _dns = DnsOptions.Default;

    /// <summary>The group multicast answers go to: <see cref="MdnsAddresses.IPv4Group"/> unless set.</summary>
    public NodeAddress MulticastGroup { get; init; } = MdnsAddresses.IPv4Group;

    /// <summary>Codec limits for what is received and sent.</summary>
    public DnsOptions Dns
    {
        get => _dns;
        init => _dns = value ?? throw new ArgumentNullException(nameof(Dns));
    }
}
