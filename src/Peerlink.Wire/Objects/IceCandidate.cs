using System.Net;
using Peerlink.Core;

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
/// up-to-32 characters by the draft. Addresses are held as <see cref="NodeAddress"/> values, so a
/// decoded candidate costs one object, not three.
/// </summary>
public sealed record IceCandidate
{
    private readonly NodeAddress _endPoint;
    private readonly NodeAddress? _related;
    private readonly ushort _relatedPort;

    /// <summary>Creates a candidate.</summary>
    /// <param name="Address">The candidate's IP address (v4 or v6).</param>
    /// <param name="Port">The candidate's port.</param>
    /// <param name="Transport">UDP or TCP.</param>
    /// <param name="Kind">Host, server reflexive, peer reflexive or relayed.</param>
    /// <param name="Foundation">ICE foundation, 8 bits.</param>
    /// <param name="ComponentId">ICE component (§13 lists 0 RTP, 1 RTCP, 2 SIP/P2PP).</param>
    /// <param name="Priority">ICE priority.</param>
    /// <param name="RelatedAddress">rel-addr, for reflexive and relayed candidates (R flag); same family as <paramref name="Address"/>.</param>
    /// <param name="RelatedPort">rel-port, present with <paramref name="RelatedAddress"/>.</param>
#pragma warning disable CA1707, SA1313 // parameter names match the properties they set, as a positional record's would
    public IceCandidate(
        IPAddress Address,
        ushort Port,
        CandidateTransport Transport = CandidateTransport.Udp,
        CandidateType Kind = CandidateType.Host,
        byte Foundation = 0,
        byte ComponentId = 2,
        uint Priority = 0,
        IPAddress? RelatedAddress = null,
        ushort RelatedPort = 0)
#pragma warning restore CA1707, SA1313
        : this(NodeAddress.From(Address, Port), Transport, Kind, Foundation, ComponentId, Priority, RelatedAddress is null ? null : NodeAddress.From(RelatedAddress, RelatedPort))
    {
        _relatedPort = RelatedAddress is null ? (ushort)0 : RelatedPort;
    }

    /// <summary>Creates a candidate from compact addresses (the related one carries rel-port).</summary>
    public IceCandidate(NodeAddress endPoint, CandidateTransport transport, CandidateType kind, byte foundation, byte componentId, uint priority, NodeAddress? related = null)
    {
        _endPoint = endPoint;
        Transport = transport;
        Kind = kind;
        Foundation = foundation;
        ComponentId = componentId;
        Priority = priority;
        _related = related?.WithPort(0);
        _relatedPort = related?.Port ?? 0;
    }

    /// <summary>The candidate's address and port.</summary>
    public NodeAddress EndPoint
    {
        get => _endPoint;
        init => _endPoint = value;
    }

    /// <summary>The candidate's IP address.</summary>
    public IPAddress Address
    {
        get => _endPoint.ToIPAddress();
        init => _endPoint = NodeAddress.From(value, _endPoint.Port);
    }

    /// <summary>The candidate's port.</summary>
    public ushort Port
    {
        get => _endPoint.Port;
        init => _endPoint = _endPoint.WithPort(value);
    }

    /// <summary>UDP or TCP.</summary>
    public CandidateTransport Transport { get; init; }

    /// <summary>Host, server reflexive, peer reflexive or relayed.</summary>
    public CandidateType Kind { get; init; }

    /// <summary>ICE foundation, 8 bits.</summary>
    public byte Foundation { get; init; }

    /// <summary>ICE component.</summary>
    public byte ComponentId { get; init; }

    /// <summary>ICE priority.</summary>
    public uint Priority { get; init; }

    /// <summary>rel-addr and rel-port together, or null.</summary>
    public NodeAddress? Related => _related?.WithPort(_relatedPort);

    /// <summary>rel-addr (R flag), or null.</summary>
    public IPAddress? RelatedAddress
    {
        get => _related?.ToIPAddress();
        init => _related = value is null ? null : NodeAddress.From(value, 0);
    }

    /// <summary>rel-port; meaningful with <see cref="RelatedAddress"/>.</summary>
    public ushort RelatedPort
    {
        get => _relatedPort;
        init => _relatedPort = value;
    }

    /// <summary>A UDP host candidate for an endpoint.</summary>
    public static IceCandidate Host(IPEndPoint endPoint, uint priority = 0)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        return new IceCandidate(NodeAddress.FromEndPoint(endPoint), CandidateTransport.Udp, CandidateType.Host, 0, 2, priority);
    }
}
