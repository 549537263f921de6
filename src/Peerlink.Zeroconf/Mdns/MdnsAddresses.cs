using System.Net;
using Peerlink.Core;

namespace Peerlink.Zeroconf.Mdns;

/// <summary>Where Multicast DNS is sent (RFC 6762 §3): UDP port 5353 on 224.0.0.251 and FF02::FB.</summary>
public static class MdnsAddresses
{
    /// <summary>The mDNS port, source and destination of fully compliant queriers and responders (RFC 6762 §6, §11).</summary>
    public const ushort Port = 5353;

    /// <summary>The IPv4 group, 224.0.0.251:5353.</summary>
    public static NodeAddress IPv4Group { get; } = NodeAddress.From(IPAddress.Parse("224.0.0.251"), Port);

    /// <summary>The IPv6 link-local group, [FF02::FB]:5353.</summary>
    public static NodeAddress IPv6Group { get; } = NodeAddress.From(IPAddress.Parse("ff02::fb"), Port);
}
