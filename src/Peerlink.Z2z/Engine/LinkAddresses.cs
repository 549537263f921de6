using System.Net;
using Peerlink.Core;

namespace Peerlink.Z2z.Engine;

/// <summary>Where an address can be reached from: this link, another link, or nowhere useful.</summary>
internal static class LinkAddresses
{
    private static readonly IPNetwork LinkLocalV4 = IPNetwork.Parse("169.254.0.0/16");
    private static readonly IPNetwork LinkLocalV6 = IPNetwork.Parse("fe80::/10");

    /// <summary>Inside one of the link's prefixes.</summary>
    public static bool IsOnLink(IPAddress address, ValueList<IPNetwork> link)
    {
        foreach (var network in link)
        {
            if (network.Contains(address))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// An address a host on another link could connect to: not unspecified, loopback, multicast,
    /// broadcast or link-local (those mean something only on the exporter's own host or link).
    /// </summary>
    public static bool IsReachableFromElsewhere(IPAddress address) =>
        !address.Equals(IPAddress.Any) && !address.Equals(IPAddress.IPv6Any) && !address.Equals(IPAddress.Broadcast)
        && !IPAddress.IsLoopback(address) && !LinkLocalV4.Contains(address) && !LinkLocalV6.Contains(address)
        && !IsMulticast(address);

    private static bool IsMulticast(IPAddress address) =>
        address.IsIPv6Multicast || (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && (address.GetAddressBytes()[0] & 0xF0) == 0xE0);
}
