using System.Numerics;
using System.Runtime.InteropServices;
using Peerlink.Core;

namespace Peerlink.Overlay.Topologies.Chord;

/// <summary>
/// A Chord node's routing state as a pure data structure (Stoica et al., "Chord", SIGCOMM 2001): the
/// predecessor, a successor list of r peers, and fingers. It does no I/O: the engine tells it which
/// peers it has seen alive or found dead, and asks it where a key goes.
/// </summary>
/// <remarks>
/// Fingers are kept one per non-empty interval [n + 2^i, n + 2^(i+1)): finger i of the paper is the
/// first finger at or after n + 2^i, so intervals without a peer need no entry. A node of an overlay
/// of N peers holds about log2(N) of them instead of m (160 for SHA-1): the state stays small at
/// 100,000 nodes in one process.
/// </remarks>
public sealed class ChordTable : ITopology
{
    private readonly List<PeerRef> _successors;
    private readonly List<Finger> _fingers = [];

    /// <summary>Creates the table of <paramref name="self"/>.</summary>
    /// <param name="self">This node.</param>
    /// <param name="successorCount">r: successors kept (the paper's O(log N); default 8).</param>
    /// <param name="mode">How fingers are chosen.</param>
    public ChordTable(PeerRef self, int successorCount = 8, FingerMode mode = FingerMode.Strict)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(successorCount, 1);
        if (self.Id.IsEmpty)
        {
            throw new ArgumentException("a node needs an ID", nameof(self));
        }

        Self = self;
        SuccessorCount = successorCount;
        Mode = mode;
        _successors = new List<PeerRef>(successorCount);
    }

    /// <summary>This node.</summary>
    public PeerRef Self { get; }

    /// <inheritdoc/>
    public bool UsesRoundTrips => false;

    /// <inheritdoc/>
    public IReadOnlyList<MaintenanceAction> TakeRepairs() => [];

    /// <summary>r.</summary>
    public int SuccessorCount { get; }

    /// <summary>How fingers are chosen.</summary>
    public FingerMode Mode { get; }

    /// <summary>The predecessor, when known.</summary>
    public PeerRef? Predecessor { get; private set; }

    /// <summary>The successor list, nearest first.</summary>
    public IReadOnlyList<PeerRef> Successors => _successors;

    /// <summary>The immediate successor, when known.</summary>
    public PeerRef? Successor => _successors.Count > 0 ? _successors[0] : null;

    /// <summary>The distinct fingers, nearest interval first.</summary>
    public IEnumerable<PeerRef> Fingers => _fingers.Select(f => f.Peer);

    /// <summary>Every distinct peer the table holds.</summary>
    public IEnumerable<PeerRef> AllPeers => Distinct(includeFingers: true);

    /// <inheritdoc/>
    public bool TryGetAddress(NodeId id, out NodeAddress address)
    {
        if (PeerSearch.TryFind(CollectionsMarshal.AsSpan(_successors), id, out address))
        {
            return true;
        }

        foreach (var f in _fingers)
        {
            if (f.Peer.Id == id)
            {
                address = f.Peer.Address;
                return true;
            }
        }

        if (Predecessor is { } p && p.Id == id)
        {
            address = p.Address;
            return true;
        }

        address = default;
        return false;
    }

    /// <summary>
    /// Whether this node is responsible for <paramref name="key"/>: key in (predecessor, self]. A node
    /// that knows no predecessor claims only its own ID, except when it is alone.
    /// </summary>
    public bool Owns(NodeId key)
    {
        if (Predecessor is { } p)
        {
            return NodeId.InArcExclusiveInclusive(key, p.Id, Self.Id);
        }

        return _successors.Count == 0 || key == Self.Id;
    }

    /// <summary>
    /// True when the predecessor is known and <paramref name="key"/> lies outside (predecessor, self]:
    /// a predecessor is only ever replaced by a closer one, so the key is surely another node's. A
    /// final request for it came from a peer that took us for the owner, so the key lies between that
    /// peer and us, before our predecessor. When it lies a few nodes back (a newcomer the sender has
    /// not met yet), <paramref name="instead"/> is the predecessor, still as the owner, one step back
    /// towards it. When it lies far back, the sender's successor skips many nodes (it joined on a
    /// stale view and is still walking back, one node per stabilize): walking back would take as
    /// many hops, so the request is routed around the ring as a new lookup, in about log2(N)/2 hops,
    /// to the owner the rest of the ring knows.
    /// </summary>
    public bool Disowns(NodeId key, out RouteDecision instead)
    {
        if (Predecessor is not { } p || NodeId.InArcExclusiveInclusive(key, p.Id, Self.Id))
        {
            instead = RouteDecision.Local;
            return false;
        }

        instead = !FarBehind(key) || ClosestPreceding(key) is not { } around
            ? RouteDecision.Forward(p, ownsKey: true)
            : RouteDecision.Forward(around, ownsKey: false);
        return true;
    }

    // Whether more than about WalkBackLimit nodes lie between the key and us, judged by the mean
    // spacing of our successors (the ring's local density) against the key's distance behind us,
    // both as powers of two.
    private bool FarBehind(NodeId key)
    {
        const int WalkBackLimitBits = 3;
        if (_successors.Count == 0)
        {
            return false;
        }

        var spacingBits = NodeId.RingDistanceHighestBit(Self.Id, _successors[^1].Id) - BitOperations.Log2((uint)_successors.Count);
        return NodeId.RingDistanceHighestBit(key, Self.Id) - spacingBits > WalkBackLimitBits;
    }

    /// <summary>
    /// Where a request for <paramref name="key"/> goes (the paper's find_successor): here, to the
    /// successor when the key lies between us, else to the closest preceding peer we know.
    /// </summary>
    public RouteDecision Route(NodeId key)
    {
        if (Owns(key))
        {
            return RouteDecision.Local;
        }

        if (Successor is { } s && NodeId.InArcExclusiveInclusive(key, Self.Id, s.Id))
        {
            return RouteDecision.Forward(s, ownsKey: true);
        }

        return ClosestPreceding(key) is { } next ? RouteDecision.Forward(next, ownsKey: false) : RouteDecision.Local;
    }

    /// <summary>
    /// The known peer that most closely precedes <paramref name="key"/> on the ring (the paper's
    /// closest_preceding_node), or null when none lies in (self, key).
    /// </summary>
    public PeerRef? ClosestPreceding(NodeId key)
    {
        PeerRef? best = null;
        foreach (var peer in _successors)
        {
            Consider(peer, key, ref best);
        }

        foreach (var finger in _fingers)
        {
            Consider(finger.Peer, key, ref best);
        }

        return best;
    }

    // Keeps the peer that lies in (self, key) farthest from self.
    private void Consider(PeerRef peer, NodeId key, ref PeerRef? best)
    {
        if (peer.Id != Self.Id && peer.Id != key && NodeId.CompareClockwise(Self.Id, peer.Id, key) < 0
            && (best is not { } b || NodeId.CompareClockwise(Self.Id, peer.Id, b.Id) > 0))
        {
            best = peer;
        }
    }

    /// <summary>The first <paramref name="count"/> successors: where copies of this node's objects live.</summary>
    public IEnumerable<PeerRef> ReplicaSet(int count) => _successors.Take(count);

    /// <summary>Predecessor, then successors.</summary>
    public IEnumerable<PeerRef> Neighbors => Distinct(includeFingers: false);

    /// <summary>
    /// Known peers by clockwise distance from <paramref name="key"/> (the key's successor first): the
    /// peers that own or will own it, which is what "closest" means on a ring.
    /// </summary>
    public IReadOnlyList<PeerRef> Closest(NodeId key, int count)
    {
        var peers = Distinct(includeFingers: true);
        peers.Add(Self);
        peers.Sort((a, b) => NodeId.CompareClockwise(key, a.Id, b.Id));
        if (peers.Count > count)
        {
            peers.RemoveRange(count, peers.Count - count);
        }

        return peers;
    }

    // Predecessor (for Neighbors), successors and fingers, each peer once. A list and a linear check:
    // the table holds a few dozen peers, and this answers every table request.
    private List<PeerRef> Distinct(bool includeFingers)
    {
        var peers = new List<PeerRef>(_successors.Count + 1 + (includeFingers ? _fingers.Count : 0));
        if (!includeFingers && Predecessor is { } p)
        {
            peers.Add(p);
        }

        foreach (var s in _successors)
        {
            AddOnce(peers, s);
        }

        if (includeFingers)
        {
            foreach (var f in _fingers)
            {
                AddOnce(peers, f.Peer);
            }

            if (Predecessor is { } q)
            {
                AddOnce(peers, q);
            }
        }

        return peers;
    }

    private static void AddOnce(List<PeerRef> peers, PeerRef peer)
    {
        foreach (var known in peers)
        {
            if (known.Id == peer.Id)
            {
                return;
            }
        }

        peers.Add(peer);
    }

    /// <summary>
    /// A peer answered, or told us about itself: place it where it fits. <paramref name="rtt"/> is the
    /// measured round trip, used by <see cref="FingerMode.Proximity"/>.
    /// </summary>
    public TableChange Observe(PeerRef peer, TimeSpan? rtt = null)
    {
        if (peer.Id == Self.Id || peer.Id.Length != Self.Id.Length)
        {
            return TableChange.None;
        }

        var change = TableChange.None;
        change |= ObserveSuccessor(peer);
        change |= ObservePredecessor(peer);
        change |= ObserveFinger(peer, rtt);
        return change;
    }

    /// <summary>Heard of: Chord keeps no liveness per entry, so this is <see cref="Observe"/>.</summary>
    public TableChange Learn(PeerRef peer) => Observe(peer);

    /// <summary>A peer failed or left: forget it everywhere.</summary>
    public TableChange Remove(NodeId id)
    {
        var change = TableChange.None;
        var index = _successors.FindIndex(p => p.Id == id);
        if (index >= 0)
        {
            _successors.RemoveAt(index);
            change |= TableChange.Successors;
        }

        if (Predecessor is { } p && p.Id == id)
        {
            Predecessor = null;
            change |= TableChange.Predecessor;
        }

        if (_fingers.RemoveAll(f => f.Peer.Id == id) > 0)
        {
            change |= TableChange.Fingers;
        }

        return change;
    }

    /// <summary>
    /// One round of the Chord paper's periodic work (Figure 7): stabilize (ask the successor for its
    /// neighbours, which also notifies it of us), check_predecessor (ping it), and fix_fingers for one
    /// finger interval, cycling from the widest down to the successor's: intervals below it hold no
    /// other peer, so an overlay of N peers cycles through about log2(N) of them, not m.
    /// </summary>
    public IReadOnlyList<MaintenanceAction> Maintenance(long round)
    {
        var actions = new List<MaintenanceAction>(3);
        if (Successor is { } s)
        {
            actions.Add(new MaintenanceAction(MaintenanceKind.ExchangeNeighbors, s));
            var lowest = Math.Max(0, NodeId.RingDistanceHighestBit(Self.Id, s.Id));
            var span = Self.Id.BitLength - lowest;
            var interval = Self.Id.BitLength - 1 - (int)(round % span);
            actions.Add(new MaintenanceAction(MaintenanceKind.FindPeers, Target: FingerStart(interval)));
        }

        if (Predecessor is { } p && (Successor is not { } first || first.Id != p.Id))
        {
            actions.Add(new MaintenanceAction(MaintenanceKind.Ping, p));
        }

        var every = round < YoungRounds ? CrossCheckEveryWhileYoung : CrossCheckEvery;
        if (round % every == every - 1 && CrossCheckVia(round / every) is { } via)
        {
            actions.Add(new MaintenanceAction(MaintenanceKind.FindPeers, via, Self.Id.AddPowerOfTwo(0), Count: 2));
        }

        return actions;
    }

    // Stabilize repairs a ring only from the inside: a node admitted on a stale view (hundreds of
    // joins at once) can start with a successor far past its true one, unknown to the peers around
    // it, and parts of the ring can even form a second ring interleaved with the first; no stabilize
    // round shows either the rest of the ring. So the node looks up its own successor starting at
    // one of its fingers (Liben-Nowell, Balakrishnan and Karger, "Analysis of the Evolution of
    // Peer-to-Peer Systems", PODC 2002: strong stabilization): a path through the rest of the ring
    // ends at the peer that follows us there. Newcomers are the ones with stale views, so a node
    // checks every 6 rounds for its first 60 (10 minutes at the default interval), then every 60:
    // at 10,000 nodes checking every 6 rounds for good cost 30 % more maintenance traffic.
    private const int CrossCheckEveryWhileYoung = 6;
    private const int CrossCheckEvery = 60;
    private const int YoungRounds = 60;

    // The fingers in turn, past the successor: a lookup that starts there leaves by our own route.
    private PeerRef? CrossCheckVia(long turn)
    {
        var candidates = _fingers.Count;
        for (var i = 0; i < candidates; i++)
        {
            var peer = _fingers[(int)((turn + i) % candidates)].Peer;
            if (!_successors.Exists(s => s.Id == peer.Id))
            {
                return peer;
            }
        }

        return null;
    }

    /// <summary>
    /// The successor's answer to stabilize: the successor list becomes the successor followed by its
    /// own successors (Chord paper §E.3; ToN version §IV-E), keeping only closer peers learned since.
    /// Entries beyond the successor that died are dropped this way, not only the first one.
    /// </summary>
    public TableChange MergeNeighbors(PeerRef from, IReadOnlyList<PeerRef> neighbors)
    {
        ArgumentNullException.ThrowIfNull(neighbors);
        var at = _successors.FindIndex(p => p.Id == from.Id);
        if (at < 0)
        {
            return TableChange.None;
        }

        var rebuilt = _successors.Take(at + 1).ToList();
        foreach (var peer in neighbors.Where(p => p.Id != Self.Id && p.Id.Length == Self.Id.Length)
            .OrderBy(p => p.Id, Comparer<NodeId>.Create((a, b) => NodeId.CompareClockwise(Self.Id, a, b))))
        {
            if (rebuilt.Count >= SuccessorCount)
            {
                break;
            }

            if (NodeId.CompareClockwise(Self.Id, peer.Id, from.Id) > 0 && !rebuilt.Exists(p => p.Id == peer.Id))
            {
                rebuilt.Add(peer);
            }
        }

        if (rebuilt.Select(p => p.Id).SequenceEqual(_successors.Select(p => p.Id)))
        {
            return TableChange.None;
        }

        _successors.Clear();
        _successors.AddRange(rebuilt);
        return TableChange.Successors;
    }

    /// <summary>Forgets the predecessor (check_predecessor found it dead), keeping it elsewhere.</summary>
    public void ClearPredecessor() => Predecessor = null;

    /// <summary>The start of finger interval <paramref name="index"/>: self + 2^index.</summary>
    public NodeId FingerStart(int index) => Self.Id.AddPowerOfTwo(index);

    /// <summary>The finger for interval <paramref name="index"/>, when one is known.</summary>
    public PeerRef? FingerFor(int index)
    {
        foreach (var f in _fingers)
        {
            if (f.Interval == index)
            {
                return f.Peer;
            }
        }

        return null;
    }

    private TableChange ObserveSuccessor(PeerRef peer)
    {
        var at = 0;
        for (; at < _successors.Count; at++)
        {
            if (_successors[at].Id == peer.Id)
            {
                if (_successors[at].Address == peer.Address)
                {
                    return TableChange.None;
                }

                _successors[at] = peer;
                return TableChange.Successors;
            }

            if (NodeId.CompareClockwise(Self.Id, peer.Id, _successors[at].Id) < 0)
            {
                break;
            }
        }

        if (at >= SuccessorCount)
        {
            return TableChange.None;
        }

        _successors.Insert(at, peer);
        if (_successors.Count > SuccessorCount)
        {
            _successors.RemoveAt(_successors.Count - 1);
        }

        return TableChange.Successors;
    }

    private TableChange ObservePredecessor(PeerRef peer)
    {
        // notify(): adopt the peer if it lies in (predecessor, self) (Chord paper, Figure 7).
        if (Predecessor is { } p && p.Id != peer.Id && !NodeId.InArcExclusiveInclusive(peer.Id, p.Id, Self.Id))
        {
            return TableChange.None;
        }

        if (Predecessor == peer)
        {
            return TableChange.None;
        }

        Predecessor = peer;
        return TableChange.Predecessor;
    }

    private TableChange ObserveFinger(PeerRef peer, TimeSpan? rtt)
    {
        var interval = NodeId.RingDistanceHighestBit(Self.Id, peer.Id);
        var at = 0;
        for (; at < _fingers.Count && _fingers[at].Interval < interval; at++)
        {
        }

        var candidate = new Finger(interval, peer, rtt ?? TimeSpan.MaxValue);
        if (at < _fingers.Count && _fingers[at].Interval == interval)
        {
            var current = _fingers[at];
            if (current.Peer.Id == peer.Id)
            {
                _fingers[at] = candidate with { Rtt = rtt ?? current.Rtt };
                return current.Peer.Address == peer.Address ? TableChange.None : TableChange.Fingers;
            }

            var better = Mode == FingerMode.Strict
                ? NodeId.CompareClockwise(Self.Id, peer.Id, current.Peer.Id) < 0
                : candidate.Rtt < current.Rtt;
            if (!better)
            {
                return TableChange.None;
            }

            _fingers[at] = candidate;
            return TableChange.Fingers;
        }

        _fingers.Insert(at, candidate);
        return TableChange.Fingers;
    }

    private readonly record struct Finger(int Interval, PeerRef Peer, TimeSpan Rtt);
}
