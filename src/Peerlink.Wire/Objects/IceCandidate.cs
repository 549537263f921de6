using System.Net;
using System.Net.Sockets;

namespace Peerlink.Wire;

/// <summary>TT field of an Address-Info candidate (§9.3.1).</summary>
public enum CandidateTransport : byte
{
    /// <summary>0000: UDP.</summary>
    Udp = 0,

    /// <summary>0001: TCP.</summary>
    Tcp = 1,
}

/// <summary>HT field of an Address-Info candidate: the ICE candidate type (§9.3.1, RFC 8445 §5.1.1).</summary>
public enum CandidateType : byte
{
    /// <summary>0000: host.</summary>
    Host = 0,

    /// <summary>0001: server reflexive.</summary>
    ServerReflexive = 1,

    /// <summary>0010: peer reflexive.</summary>
    PeerReflexive = 2,

    /// <summary>0011: relayed.</summary>
    Relayed = 3,
}

/// <summary>
/// One ICE candidate of an Address-Info object. The foundation is 8 bits, shortened from ICE's
/// up-to-32 characters by the draft.
/// </summary>
/// <param name="Address">The candidate's IP address (v4 or v6).</param>
/// <param name="Port">The candidate's port.</param>
/// <param name="Transport">UDP or TCP.</param>
/// <param name="Kind">Host, server reflexive, peer reflexive or relayed.</param>
/// <param name="Foundation">ICE foundation, 8 bits.</param>
/// <param name="ComponentId">ICE component (§13 lists 0 RTP, 1 RTCP, 2 SIP/P2PP).</param>
/// <param name="Priority">ICE priority.</param>
/// <param name="RelatedAddress">rel-addr, for reflexive and relayed candidates (R flag); same family as <paramref name="Address"/>.</param>
/// <param name="RelatedPort">rel-port, present with <paramref name="RelatedAddress"/>.</param>
public sealed record IceCandidate(
    IPAddress Address,
    ushort Port,
    CandidateTransport Transport = CandidateTransport.Udp,
    CandidateType Kind = CandidateType.Host,
    byte Foundation = 0,
    byte ComponentId = 2,
    uint Priority = 0,
    IPAddress? RelatedAddress = null,
    ushort RelatedPort = 0)
{
    /// <summary>A UDP host candidate for an endpoint.</summary>
    public static IceCandidate Host(IPEndPoint endPoint, uint priority = 0)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        return new IceCandidate(endPoint.Address, (ushort)endPoint.Port, Priority: priority);
    }

    /// <summary>The candidate's address and port.</summary>
    public IPEndPoint EndPoint => new(Address, Port);

    internal static int AddressLength(IPAddress address) =>
        address.AddressFamily switch
        {
            AddressFamily.InterNetwork => 4,
            AddressFamily.InterNetworkV6 => 16,
            _ => throw new ArgumentException($"address family {address.AddressFamily} has no Address-Info IP version"),
        };
}
