using System.Net;
using System.Net.Sockets;
using Peerlink.Sip.Location;
using Peerlink.Sip.Message;

namespace Peerlink.Cli.Sip;

/// <summary>
/// The contact <c>peerlink sip register</c> registers when it is given none: sip:USER@ADDRESS:PORT, with this
/// host's address toward the overlay. This is the seam for the user agent (<c>peerlink sip answer</c>'s,
/// issue 8): it listens on the port and is reached at the contact returned here.
/// </summary>
internal static class LocationContact
{
    /// <summary>The contact of a user agent on this host at <paramref name="port"/>, for <paramref name="aor"/>'s user.</summary>
    public static SipUri ThisHost(SipUri aor, IPEndPoint via, int port)
    {
        ArgumentNullException.ThrowIfNull(aor);
        var address = AddressToward(via);
        var host = address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();
        return new SipUri(host) { User = aor.User, Port = port };
    }

    /// <summary>The same address as an ICE host candidate (RFC 8445 §5.1.1.1), kept in the registration for NAT traversal.</summary>
    /// <returns>The candidate, or null when the contact's host is a name, not an address.</returns>
    public static SipCandidate? Candidate(SipUri contact)
    {
        ArgumentNullException.ThrowIfNull(contact);
        return IPAddress.TryParse(contact.Host.Trim('[', ']'), out var address)
            ? new SipCandidate(address, (ushort)(contact.Port ?? 5060), SipCandidateType.Host)
            : null;
    }

    /// <summary>
    /// The local address this host's packets to <paramref name="via"/> leave from: the one a caller elsewhere in the
    /// overlay most likely reaches too. Connecting a UDP socket picks it from the routing table without sending.
    /// </summary>
    public static IPAddress AddressToward(IPEndPoint via)
    {
        ArgumentNullException.ThrowIfNull(via);
        if (IPAddress.IsLoopback(via.Address))
        {
            return via.Address;
        }

        try
        {
            using var probe = new Socket(via.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            probe.Connect(via);
            return ((IPEndPoint)probe.LocalEndPoint!).Address;
        }
        catch (SocketException)
        {
            return via.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Loopback : IPAddress.Loopback;
        }
    }
}
