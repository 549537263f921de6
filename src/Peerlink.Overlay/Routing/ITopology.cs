using Peerlink.Core;

namespace Peerlink.Overlay;

/// <summary>
/// The one seam between the P2PP engine and a DHT geometry (Chord, Kademlia, Pastry). A topology is
/// a pure data structure: the engine tells it which peers are alive or dead and asks it where keys go
/// and whom to keep in touch with; it never sends anything itself.
/// </summary>
public interface ITopology
{
    /// <summary>This node.</summary>
    PeerRef Self { get; }

    /// <summary>Whether this node is responsible for <paramref name="key"/>.</summary>
    bool Owns(NodeId key);

    /// <summary>
    /// Whether this node knows for sure that <paramref name="key"/> belongs to another node (not
    /// merely that it cannot claim it yet), and where the request goes instead. A request marked
    /// final (our F flag) for such a key was sent on a stale view, by a peer that does not yet know
    /// the owner: it goes on as <paramref name="instead"/> says (still final when the next hop is
    /// taken for the owner) instead of being served here, where it would be stored where no lookup
    /// finds it.
    /// </summary>
    bool Disowns(NodeId key, out RouteDecision instead);

    /// <summary>Where a request for <paramref name="key"/> goes next.</summary>
    RouteDecision Route(NodeId key);

    /// <summary>Up to <paramref name="count"/> known peers closest to <paramref name="key"/> in the geometry's metric, closest first.</summary>
    IReadOnlyList<PeerRef> Closest(NodeId key, int count);

    /// <summary>The peers that hold this node's replicas (Chord: the first r successors).</summary>
    IEnumerable<PeerRef> ReplicaSet(int count);

    /// <summary>Neighbours (Chord: predecessor and successors), sent in a Neighbor-Table.</summary>
    IEnumerable<PeerRef> Neighbors { get; }

    /// <summary>Every distinct peer held.</summary>
    IEnumerable<PeerRef> AllPeers { get; }

    /// <summary>The address held for <paramref name="id"/>, if the peer is in any table (without allocating).</summary>
    bool TryGetAddress(NodeId id, out NodeAddress address);

    /// <summary>
    /// Whether the geometry chooses among peers by round trip (Pastry's proximity neighbour
    /// selection): the engine then hands each round trip it measures to <see cref="Observe"/>, which
    /// otherwise it spares a table that would ignore it.
    /// </summary>
    bool UsesRoundTrips { get; }

    /// <summary>A peer was seen alive; <paramref name="rtt"/> when a round trip was measured.</summary>
    TableChange Observe(PeerRef peer, TimeSpan? rtt = null);

    /// <summary>
    /// A peer was heard of, not from (another node's table named it): a topology may add it, but must
    /// not count it as freshly seen (Kademlia: it neither refreshes a contact nor settles a ping).
    /// </summary>
    TableChange Learn(PeerRef peer);

    /// <summary>A peer failed or left.</summary>
    TableChange Remove(NodeId id);

    /// <summary>
    /// <paramref name="from"/> answered a maintenance request with its neighbour table: a topology
    /// may take it as authoritative (Chord rebuilds its successor list from its successor's).
    /// </summary>
    TableChange MergeNeighbors(PeerRef from, IReadOnlyList<PeerRef> neighbors);

    /// <summary>
    /// Steps to take at once, not at the next round: what a <see cref="Remove"/> asked for in a
    /// geometry that repairs reactively (Pastry without Bamboo's periodic recovery asks the farthest
    /// leaf on the failed side for its leaf set). Taking them empties the list.
    /// </summary>
    IReadOnlyList<MaintenanceAction> TakeRepairs();

    /// <summary>
    /// The steps of maintenance round <paramref name="round"/> (the engine runs one round per
    /// maintenance interval): whom to ask for tables, whom to ping, what to look up.
    /// </summary>
    IReadOnlyList<MaintenanceAction> Maintenance(long round);
}
