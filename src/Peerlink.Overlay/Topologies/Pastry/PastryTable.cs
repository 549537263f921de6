using Peerlink.Core;

namespace Peerlink.Overlay.Topologies.Pastry;

/// <summary>
/// A Pastry node's routing state as a pure data structure (Rowstron and Druschel, "Pastry",
/// Middleware 2001), kept up the way Bamboo keeps it (Rhea et al., "Handling Churn in a DHT", USENIX
/// 2004): a leaf set of the L numerically closest peers and a routing table of prefix rows whose
/// cells hold the lowest-latency peer known. It does no I/O and reads no clock: the engine tells it
/// which peers it has seen and found dead, asks where a key goes, and runs the maintenance steps
/// it returns. Randomness (whom to tune with) comes from the seeded generator it is given.
/// </summary>
/// <remarks>
/// <para>
/// A key's root, its owner, is the node numerically closest to it on the ring (ties go to the node
/// clockwise from the key). Within the leaf set's range this node knows the root for certain, as
/// far as its leaf set is right; outside it, routing narrows the prefix one digit per hop.
/// </para>
/// <para>
/// Leaf-set changes are reported as <see cref="TableChange.Successors"/> (clockwise side) and
/// <see cref="TableChange.Predecessor"/> (counter-clockwise side): like Chord's, they move the
/// boundary of the keys this node owns. Routing-table changes are <see cref="TableChange.Fingers"/>.
/// </para>
/// <para>
/// Recovery. By default it is periodic, as Bamboo argues (a failed leaf is replaced from what the
/// table already holds, then corrected by the next leaf-set push/pull); with
/// <see cref="PastryOptions.ReactiveRecovery"/> (the "pastry" algorithm) a failed leaf is also
/// repaired at once, as the paper does (§2.4), through <see cref="TakeRepairs"/>. Departure from
/// the paper: the neighbourhood set M is not kept; proximity comes from the round trips the engine
/// measures (see <see cref="Observe"/>).
/// </para>
/// </remarks>
public sealed class PastryTable : ITopology
{
    private readonly Random _random;
    private readonly LeafSet _leaves;
    private readonly PastryRoutingTable _table;
    private readonly int _bits;

    // With reactive recovery: leaf-set requests a Remove asked for, until the engine takes them.
    private List<MaintenanceAction>? _repairs;

    // Peers that lost a routing-table cell for want of a round trip, to be pinged (oldest first).
    private PeerRef[]? _probes;
    private int _probeCount;

    /// <summary>Creates the table of <paramref name="self"/>.</summary>
    /// <param name="self">This node.</param>
    /// <param name="random">This node's seeded generator: picks the leaf and row of each maintenance step.</param>
    /// <param name="options">b, L and the maintenance periods; <see cref="PastryOptions.Default"/> when null.</param>
    /// <exception cref="ArgumentException">No ID, or b does not divide its width in bits.</exception>
    public PastryTable(PeerRef self, Random random, PastryOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (self.Id.IsEmpty)
        {
            throw new ArgumentException("a node needs an ID", nameof(self));
        }

        Options = options ?? PastryOptions.Default;
        if (self.Id.BitLength % Options.BitsPerDigit != 0)
        {
            throw new ArgumentException($"b = {Options.BitsPerDigit} does not divide a {self.Id.BitLength}-bit ID into whole digits", nameof(options));
        }

        Self = self;
        _random = random;
        _bits = Options.BitsPerDigit;
        _leaves = new LeafSet(self.Id, Options.LeafSetSize);
        _table = new PastryRoutingTable(self.Id, _bits);
    }

    /// <inheritdoc/>
    public PeerRef Self { get; }

    /// <inheritdoc/>
    public bool UsesRoundTrips => true;

    /// <inheritdoc/>
    public IReadOnlyList<MaintenanceAction> TakeRepairs()
    {
        if (_repairs is null)
        {
            return [];
        }

        var repairs = _repairs;
        _repairs = null;
        return repairs;
    }

    /// <summary>b, L and the maintenance periods.</summary>
    public PastryOptions Options { get; }

    /// <summary>The clockwise half of the leaf set (larger IDs, modulo the ring), nearest first.</summary>
    public IReadOnlyList<PeerRef> ClockwiseLeaves => _leaves.Clockwise.ToArray();

    /// <summary>The counter-clockwise half of the leaf set (smaller IDs, modulo the ring), nearest first.</summary>
    public IReadOnlyList<PeerRef> CounterClockwiseLeaves => _leaves.CounterClockwise.ToArray();

    /// <summary>
    /// Whether the leaf set holds every peer known (fewer than L): a small overlay, where the leaf
    /// set's range is the whole ring.
    /// </summary>
    public bool LeafSetSpansRing => _leaves.CoversWholeRing;

    /// <summary>Routing-table entries held.</summary>
    public int RoutingTableCount => _table.Count;

    /// <summary>The routing-table entry in <paramref name="row"/>, <paramref name="column"/>, if any.</summary>
    public PeerRef? EntryAt(int row, int column)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(row);
        ArgumentOutOfRangeException.ThrowIfNegative(column);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(column, _table.Columns);
        return _table.TryGet(row, column, out var peer) ? peer : null;
    }

    /// <summary>The round trip on which the entry in <paramref name="row"/>, <paramref name="column"/> was chosen, if measured.</summary>
    public TimeSpan? RttAt(int row, int column)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(row);
        ArgumentOutOfRangeException.ThrowIfNegative(column);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(column, _table.Columns);
        return _table.RttAt(row, column);
    }

    /// <summary>
    /// Whether this node is the root of <paramref name="key"/>: the key lies within the leaf set's
    /// range and no leaf is numerically closer to it. (With a leaf on each side, the second implies
    /// the first; both are checked so that Owns, Disowns and Route agree by construction.) A node
    /// alone, or in an overlay of fewer than L other peers, owns the keys it is closest to among all.
    /// </summary>
    public bool Owns(NodeId key) => _leaves.Covers(key) && !CloserLeaf(key, out _);

    /// <summary>
    /// True when this node knows it is not the root of <paramref name="key"/>. Within the leaf set's
    /// range: a leaf is numerically closer, and <paramref name="instead"/> goes to the closest leaf,
    /// as the owner. Outside it: the key is not even near this node (a previous hop took it for the
    /// root on a stale leaf set of its own), and <paramref name="instead"/> is the ordinary routing
    /// step, not marked final. Each redirect strictly lengthens the shared prefix or shortens the
    /// distance to the key (see <see cref="Route"/>), so redirects cannot loop.
    /// </summary>
    public bool Disowns(NodeId key, out RouteDecision instead)
    {
        if (_leaves.Covers(key))
        {
            if (CloserLeaf(key, out var nearer))
            {
                instead = RouteDecision.Forward(nearer, ownsKey: true);
                return true;
            }

            instead = RouteDecision.Local;
            return false;
        }

        instead = Route(key);
        return !instead.IsLocal;
    }

    /// <summary>
    /// Pastry's routing step (§2.2). Within the leaf set's range: here if this node is the root,
    /// else the numerically closest leaf, which is the root (<see cref="RouteDecision.NextHopOwnsKey"/>).
    /// Otherwise the routing-table entry that shares one more digit with the key than this node
    /// does; when that cell is empty (the paper's rare case) the known peer numerically closest to
    /// the key among those that share at least as long a prefix and are closer than this node.
    /// </summary>
    /// <remarks>
    /// Every forward makes progress: a longer shared prefix, or a shorter distance to the key (the
    /// rare case, and the last hop to the root). Outside the range the rare case always has a
    /// candidate: the leaves on the key's side lie between this node and the key, so they are closer
    /// and, lying in the same prefix block, share the prefix. Local therefore means "the root, as far
    /// as this node knows", or a node that knows no peer at all.
    /// </remarks>
    public RouteDecision Route(NodeId key)
    {
        if (_leaves.Covers(key))
        {
            return CloserLeaf(key, out var root) ? RouteDecision.Forward(root, ownsKey: true) : RouteDecision.Local;
        }

        var row = NodeId.SharedPrefixLength(Self.Id, key, _bits);
        if (_table.TryGet(row, key.Digit(row, _bits), out var entry))
        {
            return RouteDecision.Forward(entry, ownsKey: false);
        }

        var found = false;
        var best = default(PeerRef);
        foreach (var p in _leaves.Clockwise)
        {
            RareCase(p, key, row, ref best, ref found);
        }

        foreach (var p in _leaves.CounterClockwise)
        {
            RareCase(p, key, row, ref best, ref found);
        }

        foreach (var p in _table.Peers)
        {
            RareCase(p, key, row, ref best, ref found);
        }

        return found ? RouteDecision.Forward(best, ownsKey: false) : RouteDecision.Local;
    }

    private void RareCase(PeerRef peer, NodeId key, int row, ref PeerRef best, ref bool found)
    {
        if (NodeId.SharedPrefixLength(peer.Id, key, _bits) >= row && RingMetric.Nearer(key, peer.Id, Self.Id)
            && (!found || RingMetric.Nearer(key, peer.Id, best.Id)))
        {
            best = peer;
            found = true;
        }
    }

    // The leaf numerically closest to the key, when it is closer than this node.
    private bool CloserLeaf(NodeId key, out PeerRef leaf) =>
        _leaves.TryGetClosest(key, out leaf) && RingMetric.Nearer(key, leaf.Id, Self.Id);

    /// <summary>
    /// Up to <paramref name="count"/> peers, this node included, by numeric distance on the ring to
    /// <paramref name="key"/>, nearest first: the key's root and the nodes next to it.
    /// </summary>
    public IReadOnlyList<PeerRef> Closest(NodeId key, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var peers = DistinctPeers(includeTable: true);
        peers.Add(Self);
        peers.Sort((a, b) => RingMetric.Compare(key, a.Id, b.Id));
        if (peers.Count > count)
        {
            peers.RemoveRange(count, peers.Count - count);
        }

        return peers;
    }

    /// <summary>
    /// The nearest leaves on both sides, alternating (clockwise first), each peer once: where copies of
    /// the keys this node owns live, since those are the nodes that become their root if it fails.
    /// </summary>
    public IEnumerable<PeerRef> ReplicaSet(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var replicas = new List<PeerRef>(Math.Min(count, 2 * _leaves.Half));
        var clockwise = _leaves.Clockwise;
        var counterClockwise = _leaves.CounterClockwise;
        for (var i = 0; replicas.Count < count && (i < clockwise.Length || i < counterClockwise.Length); i++)
        {
            if (i < clockwise.Length)
            {
                AddOnce(replicas, clockwise[i], count);
            }

            if (i < counterClockwise.Length)
            {
                AddOnce(replicas, counterClockwise[i], count);
            }
        }

        return replicas;
    }

    private static void AddOnce(List<PeerRef> peers, PeerRef peer, int limit)
    {
        if (peers.Count < limit && !peers.Exists(p => p.Id == peer.Id))
        {
            peers.Add(peer);
        }
    }

    /// <summary>The leaf set, each peer once: clockwise side nearest first, then the counter-clockwise side.</summary>
    public IEnumerable<PeerRef> Neighbors => DistinctPeers(includeTable: false);

    /// <summary>The leaf set and the routing table, each peer once.</summary>
    public IEnumerable<PeerRef> AllPeers => DistinctPeers(includeTable: true);

    /// <inheritdoc/>
    public bool TryGetAddress(NodeId id, out NodeAddress address) =>
        _leaves.TryGetAddress(id, out address) || (id.Length == Self.Id.Length && _table.TryGetAddress(id, out address));

    /// <summary>Heard of: no round trip, so it only fills empty places (proximity selection needs a measurement).</summary>
    public TableChange Learn(PeerRef peer) => Observe(peer);

    /// <summary>
    /// A peer was seen alive: it is offered to both sides of the leaf set (by ID) and to its
    /// routing-table cell (by round trip, proximity neighbour selection). Pass
    /// <paramref name="rtt"/> whenever a round trip to the peer was measured: without one a peer only
    /// fills an empty cell, and a candidate that loses to an entry for want of one is queued to be
    /// pinged by a later <see cref="Maintenance"/> round (<see cref="PastryOptions.ProximityProbesPerRound"/>).
    /// </summary>
    public TableChange Observe(PeerRef peer, TimeSpan? rtt = null)
    {
        if (peer.Id.Length != Self.Id.Length || peer.Id == Self.Id)
        {
            return TableChange.None;
        }

        var change = _leaves.Offer(peer);
        if (_table.Offer(peer, rtt, out var contested))
        {
            change |= TableChange.Fingers;
        }

        if (contested)
        {
            QueueProbe(peer);
        }
        else if (rtt is not null)
        {
            DropProbe(peer.Id);
        }

        return change;
    }

    /// <summary>
    /// A peer failed or left: it is forgotten everywhere. A leaf is replaced at once by the nearest
    /// peer on that side that the table holds; a routing-table cell by a leaf that fits it, if any.
    /// </summary>
    public TableChange Remove(NodeId id)
    {
        if (id.Length != Self.Id.Length || id == Self.Id)
        {
            return TableChange.None;
        }

        DropProbe(id);
        var change = TableChange.None;
        var (row, column) = _table.CellOf(id);
        var wasEntry = _table.Remove(id);
        var leafChange = _leaves.Remove(id);
        if (leafChange != TableChange.None)
        {
            change |= leafChange;
            foreach (var p in _table.Peers)
            {
                change |= _leaves.Offer(p);
            }

            if (Options.ReactiveRecovery)
            {
                // §2.4: ask the live leaf farthest out on the failed side (after the refill from
                // the table) for its leaf set, whose entries past ours fill the gap.
                var side = leafChange.HasFlag(TableChange.Successors) ? _leaves.Clockwise : _leaves.CounterClockwise;
                if (!side.IsEmpty)
                {
                    (_repairs ??= []).Add(new MaintenanceAction(MaintenanceKind.ExchangeNeighbors, side[^1]));
                }
            }
        }

        if (wasEntry)
        {
            change |= TableChange.Fingers;
            RefillCell(row, column, _leaves.Clockwise);
            RefillCell(row, column, _leaves.CounterClockwise);
        }

        return change;
    }

    private void RefillCell(int row, int column, ReadOnlySpan<PeerRef> leaves)
    {
        foreach (var leaf in leaves)
        {
            if (_table.CellOf(leaf.Id) == (row, column))
            {
                _table.Offer(leaf, null, out _);
            }
        }
    }

    /// <summary>
    /// <paramref name="from"/> answered a leaf-set push/pull with its leaf set: each of its leaves is a
    /// candidate for ours (and for the routing table), as in Bamboo. It is not taken as authoritative:
    /// a leaf of ours that <paramref name="from"/> does not list stays until it is found dead. Second-hand
    /// news never moves a known peer to another address.
    /// </summary>
    public TableChange MergeNeighbors(PeerRef from, IReadOnlyList<PeerRef> neighbors)
    {
        ArgumentNullException.ThrowIfNull(neighbors);
        var change = TableChange.None;
        foreach (var peer in neighbors)
        {
            if (peer.Id.Length != Self.Id.Length || peer.Id == Self.Id
                || (TryGetAddress(peer.Id, out var known) && known != peer.Address))
            {
                continue;
            }

            change |= Observe(peer);
        }

        return change;
    }

    /// <summary>
    /// The periodic (never reactive) recovery of Bamboo for round <paramref name="round"/>, counted
    /// from 0; each task runs on the last round of its period (round + 1 a multiple of it):
    /// <list type="bullet">
    /// <item>every <see cref="PastryOptions.LeafSetPeriod"/> rounds, leaf-set push/pull with a random
    /// leaf (<see cref="MaintenanceKind.ExchangeNeighbors"/>);</item>
    /// <item>every <see cref="PastryOptions.LocalTuningPeriod"/> rounds, local tuning: a random entry
    /// of a random non-empty row r is asked for its routing table, whose row r shares our prefix too
    /// (<see cref="MaintenanceKind.ExchangeRow"/> with <see cref="MaintenanceAction.Row"/> = r);</item>
    /// <item>every <see cref="PastryOptions.GlobalTuningPeriod"/> rounds, global tuning: a lookup for an
    /// ID that shares our first r digits and has digit r = d, for a random empty cell (r, d) in the
    /// rows an overlay of this size can fill (<see cref="MaintenanceKind.FindPeers"/>);</item>
    /// <item>every round, a ping to up to <see cref="PastryOptions.ProximityProbesPerRound"/> queued
    /// candidates, whose answer gives the round trip that lets them compete for a cell.</item>
    /// </list>
    /// </summary>
    public IReadOnlyList<MaintenanceAction> Maintenance(long round)
    {
        List<MaintenanceAction>? actions = null;
        var due = round + 1;
        if (due % Options.LeafSetPeriod == 0 && !_leaves.IsEmpty)
        {
            var leaf = _leaves.DistinctAt(_random.Next(_leaves.DistinctCount));
            (actions ??= []).Add(new MaintenanceAction(MaintenanceKind.ExchangeNeighbors, leaf));
        }

        if (Options.LocalTuningPeriod > 0 && due % Options.LocalTuningPeriod == 0 && LocalTuning() is { } local)
        {
            (actions ??= []).Add(local);
        }

        if (Options.GlobalTuningPeriod > 0 && due % Options.GlobalTuningPeriod == 0 && GlobalTuning() is { } global)
        {
            (actions ??= []).Add(global);
        }

        for (var i = 0; i < Options.ProximityProbesPerRound && _probeCount > 0; i++)
        {
            (actions ??= []).Add(new MaintenanceAction(MaintenanceKind.Ping, _probes![0]));
            DropProbe(_probes[0].Id);
        }

        if (actions is null)
        {
            return [];
        }

        return actions;
    }

    // Bamboo's local tuning: the peers in row r of a row-r neighbour share our first r digits, so
    // they are candidates for our row r (and closer ones for later rows).
    private MaintenanceAction? LocalTuning()
    {
        var rows = 0;
        for (var r = 0; r < _table.AllocatedRows; r++)
        {
            rows += _table.CountInRow(r) > 0 ? 1 : 0;
        }

        if (rows == 0)
        {
            return null;
        }

        var pick = _random.Next(rows);
        for (var r = 0; r < _table.AllocatedRows; r++)
        {
            var inRow = _table.CountInRow(r);
            if (inRow > 0 && pick-- == 0)
            {
                return new MaintenanceAction(MaintenanceKind.ExchangeRow, _table.EntryInRow(r, _random.Next(inRow)), Row: r);
            }
        }

        return null;
    }

    // Bamboo's global tuning: look up an ID that would fill an empty cell. Only rows up to the
    // deepest one in use (by the table, or by the nearest leaves, which share the longest prefix with
    // us) are tried: no peer shares more digits with us than the nearest leaf, in a correct leaf set.
    private MaintenanceAction? GlobalTuning()
    {
        if (_leaves.IsEmpty)
        {
            return null;
        }

        var deepest = _table.AllocatedRows - 1;
        foreach (var leaf in _leaves.Clockwise)
        {
            deepest = Math.Max(deepest, NodeId.SharedPrefixLength(Self.Id, leaf.Id, _bits));
        }

        foreach (var leaf in _leaves.CounterClockwise)
        {
            deepest = Math.Max(deepest, NodeId.SharedPrefixLength(Self.Id, leaf.Id, _bits));
        }

        deepest = Math.Min(deepest, _table.DigitCount - 1);
        var open = _table.Columns - 1; // cells of a row, less our own digit's
        var rows = 0;
        for (var r = 0; r <= deepest; r++)
        {
            rows += _table.CountInRow(r) < open ? 1 : 0;
        }

        if (rows == 0)
        {
            return null;
        }

        var pick = _random.Next(rows);
        for (var r = 0; r <= deepest; r++)
        {
            if (_table.CountInRow(r) < open && pick-- == 0)
            {
                var empty = _random.Next(open - _table.CountInRow(r));
                for (var column = 0; column < _table.Columns; column++)
                {
                    if (column != _table.OwnColumn(r) && !_table.TryGet(r, column, out _) && empty-- == 0)
                    {
                        return new MaintenanceAction(MaintenanceKind.FindPeers, Target: TuningTarget(r, column));
                    }
                }
            }
        }

        return null;
    }

    // Our first `row` digits, then `digit`, then random bits.
    private NodeId TuningTarget(int row, int digit)
    {
        var self = Self.Id.Span;
        Span<byte> bytes = stackalloc byte[self.Length];
        _random.NextBytes(bytes);
        var first = row * _bits;
        for (var bit = 0; bit < first + _bits; bit++)
        {
            var value = bit < first
                ? (self[bit >> 3] >> (7 - (bit & 7))) & 1
                : (digit >> (first + _bits - 1 - bit)) & 1;
            var mask = (byte)(0x80 >> (bit & 7));
            bytes[bit >> 3] = (byte)(value != 0 ? bytes[bit >> 3] | mask : bytes[bit >> 3] & ~mask);
        }

        return NodeId.FromBytes(bytes);
    }

    private void QueueProbe(PeerRef peer)
    {
        var perRound = Options.ProximityProbesPerRound;
        if (perRound == 0)
        {
            return;
        }

        _probes ??= new PeerRef[4 * perRound];
        for (var i = 0; i < _probeCount; i++)
        {
            if (_probes[i].Id == peer.Id)
            {
                return;
            }
        }

        if (_probeCount == _probes.Length)
        {
            // Full: the oldest candidate gives way.
            Array.Copy(_probes, 1, _probes, 0, _probeCount - 1);
            _probeCount--;
        }

        _probes[_probeCount++] = peer;
    }

    private void DropProbe(NodeId id)
    {
        for (var i = 0; i < _probeCount; i++)
        {
            if (_probes![i].Id == id)
            {
                Array.Copy(_probes, i + 1, _probes, i, _probeCount - i - 1);
                _probes[--_probeCount] = default;
                return;
            }
        }
    }

    // Leaves (clockwise side, then the rest of the counter-clockwise side), then, if asked, the
    // routing-table entries that are not leaves. A list and linear checks: a few dozen peers.
    private List<PeerRef> DistinctPeers(bool includeTable)
    {
        var clockwise = _leaves.Clockwise;
        var peers = new List<PeerRef>((2 * clockwise.Length) + (includeTable ? _table.Count : 0));
        foreach (var p in clockwise)
        {
            peers.Add(p);
        }

        foreach (var p in _leaves.CounterClockwise)
        {
            if (!peers.Exists(known => known.Id == p.Id))
            {
                peers.Add(p);
            }
        }

        if (includeTable)
        {
            foreach (var p in _table.Peers)
            {
                if (!_leaves.Contains(p.Id))
                {
                    peers.Add(p);
                }
            }
        }

        return peers;
    }
}
