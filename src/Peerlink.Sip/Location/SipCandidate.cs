using System.Net;

namespace Peerlink.Sip.Location;

/// <summary>
/// An address at which the registering node's user agent may be reached, kept for ICE (RFC 8445) once NAT
/// traversal lands: RFC 7904 §4 has the caller AppAttach to the registering node with ICE, so the
/// registration carries the candidates the callee gathered. The types are RFC 6940's (host 1, srflx 2,
/// prflx 3, relay 4).
/// </summary>
/// <param name="Address">The IP address.</param>
/// <param name="Port">The port.</param>
/// <param name="Type">Where the address comes from.</param>
public sealed record SipCandidate(IPAddress Address, ushort Port, SipCandidateType Type)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Type.ToString().ToLowerInvariant()} {new IPEndPoint(Address, Port)}";
}

/// <summary>An ICE candidate's type (RFC 8445 §5.1.1; codes as RFC 6940 §6.5.1.1's CandType).</summary>
public enum SipCandidateType : byte
{
    /// <summary>1: an address of one of the node's own interfaces.</summary>
    Host = 1,

    /// <summary>2: the address a STUN server saw (server reflexive).</summary>
    ServerReflexive = 2,

    /// <summary>3: an address a peer saw (peer reflexive).</summary>
    PeerReflexive = 3,

    /// <summary>4: an address on a TURN server (relayed).</summary>
    Relayed = 4,
}
