using Peerlink.Core;
using Peerlink.Overlay;

namespace Peerlink.Cli;

/// <summary>
/// A routing table that says what happens to it: every call goes to the table untouched, and each
/// call's <see cref="TableChange"/> goes to <see cref="Report"/>, which a geometry's subclass turns
/// into lines (<see cref="LoggedChordTable"/>: successor, predecessor, fingers; <see cref="LoggedTopology"/>:
/// peers in and out). Departures are logged here, the same for every geometry.
/// </summary>
/// <remarks>
/// The engine removes a peer for two reasons only: a Leave from it (§4.7.2) or silence (a hop that
/// did not acknowledge, §6.3). <see cref="LoggedOverlayEngine"/> sets <see cref="Leaving"/> while it
/// delivers a Leave, so a removal then is a departure; any other is a peer marked dead.
/// </remarks>
internal abstract class LoggedTable(ITopology inner, NodeLog log) : ITopology
{
    private readonly HashSet<NodeId> _reportedDead = [];

    /// <summary>The peer whose Leave indication is being delivered, if one is.</summary>
    public NodeId? Leaving { get; set; }

    /// <summary>Whether the delivered Leave removed its sender (the engine accepts it only from the leaver's address).</summary>
    public bool LeaveTaken { get; set; }

    public PeerRef Self => inner.Self;

    public bool UsesRoundTrips => inner.UsesRoundTrips;

    public IReadOnlyList<MaintenanceAction> TakeRepairs() => inner.TakeRepairs();

    public IEnumerable<PeerRef> Neighbors => inner.Neighbors;

    public IEnumerable<PeerRef> AllPeers => inner.AllPeers;

    /// <summary>Where this node's lines go.</summary>
    protected NodeLog Log => log;

    public bool Owns(NodeId key) => inner.Owns(key);

    public bool Disowns(NodeId key, out RouteDecision instead) => inner.Disowns(key, out instead);

    public RouteDecision Route(NodeId key) => inner.Route(key);

    public IReadOnlyList<PeerRef> Closest(NodeId key, int count) => inner.Closest(key, count);

    public IEnumerable<PeerRef> ReplicaSet(int count) => inner.ReplicaSet(count);

    public bool TryGetAddress(NodeId id, out NodeAddress address) => inner.TryGetAddress(id, out address);

    public IReadOnlyList<MaintenanceAction> Maintenance(long round) => inner.Maintenance(round);

    public TableChange Observe(PeerRef peer, TimeSpan? rtt = null) => Back(peer, inner.Observe(peer, rtt));

    // Not Observe: a peer only heard of must not count as seen (Kademlia neither refreshes nor settles a ping by it).
    public TableChange Learn(PeerRef peer) => Back(peer, inner.Learn(peer));

    public TableChange MergeNeighbors(PeerRef from, IReadOnlyList<PeerRef> neighbors) => Report(inner.MergeNeighbors(from, neighbors));

    public TableChange Remove(NodeId id)
    {
        var known = inner.TryGetAddress(id, out var address);
        var change = inner.Remove(id);
        var who = known ? new PeerRef(id, address).ToString() : Short(id);
        if (Leaving == id)
        {
            LeaveTaken = true;
            log.Line($"peer {who} left the overlay (Leave)");
        }
        else if (_reportedDead.Add(id))
        {
            log.Line($"peer {who} marked dead (no answer)");
        }

        return Report(change);
    }

    /// <summary>Logs the part of the table <paramref name="change"/> names, where it differs from the last line about it.</summary>
    public abstract TableChange Report(TableChange change);

    private TableChange Back(PeerRef peer, TableChange change)
    {
        if (change != TableChange.None)
        {
            _reportedDead.Remove(peer.Id); // back: report it again should it die
        }

        return Report(change);
    }

    private static string Short(NodeId id) => id.ToString()[..Math.Min(8, id.Length * 2)];
}
