using System.Net;
using Peerlink.Core;

namespace Peerlink.Z2z.Engine;

/// <summary>Where an address can be reached from: this link, another link, or nowhere useful.</summary>
internal static class LinkAddresses
{
    /// <summary>
    /// An address a host on another link could connect to: not unspecified, loopback, multicast,
    /// broadcast or link-local (those mean something only on the exporter's own host or link).
    /// </summary>
    public static bool IsReachableFromElsewhere(IPAddress address) =>
        !address.Equals(IPAddress.Any) && !address.Equals(IPAddress.IPv6Any) && !address.Equals(IPAddress.Broadcast)
        && !IPAddress.IsLoopback(address) && !LinkScope.IsLinkLocal(address)
        && !IsMulticast(address);

    private static bool IsMulticast(IPAddress address) =>
        address.IsIPv6Multicast || (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && (address.GetAddressBytes()[0] & 0xF0) == 0xE0);
}
