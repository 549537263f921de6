using Peerlink.Core;
using Peerlink.Overlay;
using Peerlink.Overlay.Topologies.Chord;

namespace Peerlink.Cli;

/// <summary>
/// A <see cref="ChordTable"/> that says what changed in it: the engine reports every observation and
/// failure through <see cref="ITopology"/>, and each call's <see cref="TableChange"/> names the parts
/// to compare with what was last logged (successor, predecessor, fingers). The table itself is untouched.
/// </summary>
/// <remarks>
/// The engine removes a peer for two reasons only: a Leave from it (§4.7.2) or silence (a hop that
/// did not acknowledge, §6.3). <see cref="LoggedOverlayEngine"/> sets <see cref="Leaving"/> while it
/// delivers a Leave, so a removal then is a departure; any other is a peer marked dead.
/// </remarks>
internal sealed class LoggedChordTable(ChordTable inner, NodeLog log) : ITopology
{
    private readonly Dictionary<int, PeerRef> _fingers = [];
    private readonly HashSet<NodeId> _reportedDead = [];
    private PeerRef? _successor;
    private PeerRef? _predecessor;

    /// <summary>The table.</summary>
    public ChordTable Inner => inner;

    /// <summary>The peer whose Leave indication is being delivered, if one is.</summary>
    public NodeId? Leaving { get; set; }

    /// <summary>Whether the delivered Leave removed its sender (the engine accepts it only from the leaver's address).</summary>
    public bool LeaveTaken { get; set; }

    public PeerRef Self => inner.Self;

    public IEnumerable<PeerRef> Neighbors => inner.Neighbors;

    public IEnumerable<PeerRef> AllPeers => inner.AllPeers;

    public bool Owns(NodeId key) => inner.Owns(key);

    public bool Disowns(NodeId key, out RouteDecision instead) => inner.Disowns(key, out instead);

    public RouteDecision Route(NodeId key) => inner.Route(key);

    public IReadOnlyList<PeerRef> Closest(NodeId key, int count) => inner.Closest(key, count);

    public IEnumerable<PeerRef> ReplicaSet(int count) => inner.ReplicaSet(count);

    public bool TryGetAddress(NodeId id, out NodeAddress address) => inner.TryGetAddress(id, out address);

    public IReadOnlyList<MaintenanceAction> Maintenance(long round) => inner.Maintenance(round);

    public TableChange Observe(PeerRef peer, TimeSpan? rtt = null)
    {
        var change = inner.Observe(peer, rtt);
        if (change != TableChange.None)
        {
            _reportedDead.Remove(peer.Id); // back: report it again should it die
        }

        return Report(change);
    }

    public TableChange Learn(PeerRef peer) => Observe(peer);

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
    public TableChange Report(TableChange change)
    {
        if (change.HasFlag(TableChange.Successors) && inner.Successor != _successor)
        {
            _successor = inner.Successor;
            log.Line(_successor is { } s ? $"successor now {s}" : "no successor: alone in the overlay");
        }

        if (change.HasFlag(TableChange.Predecessor) && inner.Predecessor != _predecessor)
        {
            _predecessor = inner.Predecessor;
            log.Line(_predecessor is { } p ? $"predecessor now {p}" : "predecessor unknown");
        }

        if (change.HasFlag(TableChange.Fingers))
        {
            ReportFingers();
        }

        return change;
    }

    // Finger i is the first peer at or after self + 2^i (Chord paper, Table 1); the table keeps one a
    // non-empty interval, so most i have none.
    private void ReportFingers()
    {
        for (var i = Self.Id.BitLength - 1; i >= 0; i--)
        {
            var now = inner.FingerFor(i);
            var had = _fingers.TryGetValue(i, out var before);
            if (now is { } finger && (!had || before != finger))
            {
                _fingers[i] = finger;
                log.Line($"finger {i} -> {finger}");
            }
            else if (now is null && had)
            {
                _fingers.Remove(i);
                log.Line($"finger {i} dropped");
            }
        }
    }

    private static string Short(NodeId id) => id.ToString()[..Math.Min(8, id.Length * 2)];
}
