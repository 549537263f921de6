using System.Net;

namespace Peerlink.Core;

/// <summary>Where an address belongs relative to one link: shared by the mDNS source check and z2z's loop rules.</summary>
public static class LinkScope
{
    private static readonly IPNetwork LinkLocalV4 = IPNetwork.Parse("169.254.0.0/16");
    private static readonly IPNetwork LinkLocalV6 = IPNetwork.Parse("fe80::/10");

    /// <summary>A link-local address (169.254/16, fe80::/10; RFC 3927, RFC 4291): on every link, reachable from none other.</summary>
    public static bool IsLinkLocal(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return LinkLocalV4.Contains(address) || LinkLocalV6.Contains(address);
    }

    /// <summary>Inside one of <paramref name="prefixes"/> (an IPv4-mapped IPv6 address counts as its IPv4 one).</summary>
    public static bool IsInside(IPAddress address, ValueList<IPNetwork> prefixes)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        foreach (var network in prefixes)
        {
            if (network.Contains(address))
            {
                return true;
            }
        }

        return false;
    }
}
