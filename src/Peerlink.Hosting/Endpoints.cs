using System.Net;
using System.Net.Sockets;
using Peerlink.Core;

namespace Peerlink.Hosting;

/// <summary>Conversions between socket endpoints and <see cref="NodeAddress"/>.</summary>
internal static class Endpoints
{
    /// <summary>
    /// The address of a socket peer. A dual-mode IPv6 socket reports IPv4 peers as IPv4-mapped
    /// addresses (RFC 4291 §2.5.5.2); they are IPv4 peers, so they become IPv4 addresses.
    /// </summary>
    public static NodeAddress ToNodeAddress(IPEndPoint endPoint)
    {
        var address = endPoint.Address.IsIPv4MappedToIPv6 ? endPoint.Address.MapToIPv4() : endPoint.Address;
        return NodeAddress.From(address, (ushort)endPoint.Port);
    }

    /// <summary>
    /// The endpoint to hand a socket of <paramref name="socket"/>'s family for <paramref name="destination"/>,
    /// or null when that socket cannot reach it (IPv6 from an IPv4 socket, IPv4 from an IPv6-only one).
    /// </summary>
    public static IPEndPoint? ForSocket(NodeAddress destination, Socket socket)
    {
        if (socket.AddressFamily == AddressFamily.InterNetwork)
        {
            return destination.IsIPv4 ? destination.ToEndPoint() : null;
        }

        if (!destination.IsIPv4)
        {
            return destination.ToEndPoint();
        }

        return socket.DualMode ? new IPEndPoint(destination.ToIPAddress().MapToIPv6(), destination.Port) : null;
    }
}
