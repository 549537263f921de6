using System.Globalization;
using System.Net;

namespace Peerlink.Nat.Ice;

/// <summary>
/// One ICE candidate (RFC 8445 §5.1): a transport address with the facts an agent exchanges about it.
/// Parsed from and formatted to the SDP <c>a=candidate</c> attribute by <see cref="TryParse"/> and
/// <see cref="ToAttribute"/> (RFC 8839 §5.1).
/// </summary>
/// <param name="Foundation">1 to 32 ice-chars; equal for candidates of the same type, base IP, server and transport (§5.1.1.3).</param>
/// <param name="Component">1 to 256; 1 is the first (RTP) component.</param>
/// <param name="Transport">"udp": the only transport this agent speaks.</param>
/// <param name="Priority">1 to 2^31 - 1 (§5.1.2.1).</param>
/// <param name="Address">The candidate's IP address.</param>
/// <param name="Port">The candidate's port.</param>
/// <param name="Type">Host, server reflexive, peer reflexive or relayed.</param>
/// <param name="RelatedAddress">srflx/prflx: the base's address; relay: the mapped address (RFC 8839 §5.1 rel-addr).</param>
/// <param name="RelatedPort">The port beside <paramref name="RelatedAddress"/>.</param>
public sealed partial record IceCandidate(
    string Foundation,
    int Component,
    string Transport,
    uint Priority,
    IPAddress Address,
    int Port,
    IceCandidateType Type,
    IPAddress? RelatedAddress = null,
    int? RelatedPort = null)
{
    /// <summary>The transport this agent speaks.</summary>
    public const string Udp = "udp";

    /// <summary>The local preference a single-homed agent uses (§5.1.2.1: 65535 when there is one IP address).</summary>
    public const int DefaultLocalPreference = 65535;

    /// <summary>The candidate's transport address.</summary>
    public IPEndPoint EndPoint => new(Address, Port);

    /// <summary>The related transport address, when both parts are present.</summary>
    public IPEndPoint? RelatedEndPoint => RelatedAddress is { } a && RelatedPort is { } p ? new IPEndPoint(a, p) : null;

    /// <summary>
    /// The recommended type preferences (RFC 8445 §5.1.2.2): host 126, peer reflexive 110, server
    /// reflexive 100, relayed 0.
    /// </summary>
    public static int TypePreference(IceCandidateType type) => type switch
    {
        IceCandidateType.Host => 126,
        IceCandidateType.PeerReflexive => 110,
        IceCandidateType.ServerReflexive => 100,
        IceCandidateType.Relayed => 0,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "not a candidate type"),
    };

    /// <summary>
    /// priority = 2^24 * type preference + 2^8 * local preference + (256 - component ID) (RFC 8445 §5.1.2.1).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A local preference outside 0-65535 or a component outside 1-256.</exception>
    public static uint ComputePriority(IceCandidateType type, int localPreference, int component)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(localPreference);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(localPreference, 65535);
        ArgumentOutOfRangeException.ThrowIfLessThan(component, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(component, 256);
        return (uint)((TypePreference(type) << 24) + (localPreference << 8) + (256 - component));
    }

    /// <summary>
    /// A foundation (RFC 8445 §5.1.1.3): candidates share one when they have the same type, the same base IP
    /// address, the same STUN or TURN server IP (<paramref name="server"/>, null for host and peer reflexive
    /// candidates) and the same transport. It is the FNV-1a hash of those four, in decimal, so every agent
    /// and every run gives the same one for the same facts.
    /// </summary>
    public static string ComputeFoundation(IceCandidateType type, IPAddress baseAddress, IPAddress? server, string transport = Udp)
    {
        ArgumentNullException.ThrowIfNull(baseAddress);
        ArgumentNullException.ThrowIfNull(transport);
        var key = $"{type}|{baseAddress}|{server}|{transport.ToUpperInvariant()}";
        var hash = 2166136261u;
        foreach (var c in key)
        {
            hash = unchecked((hash ^ c) * 16777619u);
        }

        return hash.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>A host candidate on <paramref name="endPoint"/> (its own base).</summary>
    public static IceCandidate Host(IPEndPoint endPoint, int component = 1, int localPreference = DefaultLocalPreference)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        return new IceCandidate(
            ComputeFoundation(IceCandidateType.Host, endPoint.Address, null), component, Udp,
            ComputePriority(IceCandidateType.Host, localPreference, component), endPoint.Address, endPoint.Port, IceCandidateType.Host);
    }

    /// <summary>A server reflexive candidate: <paramref name="mapped"/>, learned from <paramref name="stunServer"/> through <paramref name="baseEndPoint"/>.</summary>
    public static IceCandidate ServerReflexive(IPEndPoint mapped, IPEndPoint baseEndPoint, IPAddress stunServer, int component = 1, int localPreference = DefaultLocalPreference)
    {
        ArgumentNullException.ThrowIfNull(baseEndPoint);
        return WithRelated(IceCandidateType.ServerReflexive, mapped, baseEndPoint, baseEndPoint.Address, stunServer, component, localPreference);
    }

    /// <summary>A relayed candidate: <paramref name="relayed"/> on <paramref name="turnServer"/>, whose mapped address is <paramref name="mapped"/>.</summary>
    public static IceCandidate Relayed(IPEndPoint relayed, IPEndPoint mapped, IPAddress turnServer, int component = 1, int localPreference = DefaultLocalPreference)
    {
        ArgumentNullException.ThrowIfNull(relayed);
        return WithRelated(IceCandidateType.Relayed, relayed, mapped, relayed.Address, turnServer, component, localPreference);
    }

    /// <summary>The local preference this candidate's priority carries (bits 8-23, §5.1.2.1).</summary>
    public int LocalPreference => (int)((Priority >> 8) & 0xFFFF);

    /// <inheritdoc/>
    public override string ToString() => ToAttribute();

    /// <summary>A server reflexive or relayed candidate: its foundation from its base address and server (§5.1.1.3).</summary>
    private static IceCandidate WithRelated(IceCandidateType type, IPEndPoint address, IPEndPoint related, IPAddress baseAddress, IPAddress server, int component, int localPreference)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(related);
        return new IceCandidate(
            ComputeFoundation(type, baseAddress, server), component, Udp, ComputePriority(type, localPreference, component),
            address.Address, address.Port, type, related.Address, related.Port);
    }
}
