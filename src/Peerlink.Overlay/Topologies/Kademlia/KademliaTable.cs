using Peerlink.Core;

namespace Peerlink.Overlay.Topologies.Kademlia;

/// <summary>
/// A Kademlia node's routing state as a pure data structure (Maymounkov and Mazières, "Kademlia: A
/// Peer-to-peer Information System Based on the XOR Metric", IPTPS 2002): k-buckets under the XOR
/// metric, with least-recently-seen eviction decided by the engine's pings. It does no I/O and reads
/// no clock: the engine reports contacts alive or dead, counts time in maintenance rounds, and is
/// told whom to ping and what to look up. This file: the state and the questions the engine asks;
/// contacts coming and going are in KademliaTable.Contacts.cs, maintenance in KademliaTable.Maintenance.cs.
/// </summary>
/// <remarks>
/// <para>
/// Buckets. Bucket i holds contacts whose distance d = self XOR id has its highest set bit at i, so
/// 2^i &lt;= d &lt; 2^(i+1) (§2.2); B, the ID width in bits, bounds i. Internally a bucket is found
/// by the length of the prefix it shares with this node, c = B - 1 - i, which is also the only
/// number routing needs. Buckets exist from c = 0 (the farthest half of the ID space) down to the one
/// that holds the nearest known contact; the deeper ones are empty and never allocated, so a node of
/// an overlay of N nodes holds about log2(N) buckets, not B (160 for SHA-1).
/// </para>
/// <para>
/// Eviction (§2.2, §4.1). A full bucket does not take a newcomer: the newcomer waits in the bucket's
/// replacement cache and the table names the least-recently-seen contact for a ping (the out
/// parameter of <see cref="Observe(PeerRef, out PeerRef?)"/> and <see cref="Learn(PeerRef)"/>, and a
/// <see cref="MaintenanceKind.Ping"/> every maintenance round until it is settled). If the contact
/// answers, the engine reports it seen (<see cref="Observe(PeerRef, TimeSpan?)"/>): it moves to the
/// tail and the newcomer stays cached. If it does not, the engine reports it dead
/// (<see cref="Remove"/>): the most recently seen newcomer takes its place. Live contacts are never
/// pushed out by new ones: the paper's observation that nodes up for long stay up longer.
/// </para>
/// <para>
/// Ownership. A key belongs to the node closest to it by XOR. This node claims a key when no contact
/// is closer. A contact in bucket i is closer to a key than this node exactly when bit i of
/// self XOR key is set, whichever contact of the bucket it is; so the keys this node claims change
/// only when a bucket becomes empty or stops being empty, and the table reports
/// <see cref="TableChange.Predecessor"/> then (Chord's predecessor is what bounds its owned range).
/// <see cref="TableChange.Successors"/> means the k contacts nearest this node (<see cref="Neighbors"/>,
/// <see cref="ReplicaSet"/>) changed; <see cref="TableChange.Fingers"/>, that any contact did.
/// </para>
/// <para>
/// Departures from the paper: no §2.4 bucket splitting (fixed buckets per distance range, which the
/// split tree reduces to for the buckets that do not contain this node's own ID), no §4.2 accelerated
/// lookups (b = 1), and no rtt: Kademlia picks contacts by age, not proximity.
/// </para>
/// </remarks>
public sealed partial class KademliaTable : IShortlistTopology
{
    private readonly List<KBucket> _buckets = [];
    private readonly Random _random;

    /// <summary>Creates the table of <paramref name="self"/>.</summary>
    /// <param name="self">This node.</param>
    /// <param name="random">The node's seeded generator, for the random IDs of bucket refreshes.</param>
    /// <param name="options">k, the refresh period and the maintenance bounds; the defaults when null.</param>
    /// <exception cref="ArgumentException"><paramref name="self"/> has no ID, or the options contradict each other.</exception>
    public KademliaTable(PeerRef self, Random random, KademliaOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (self.Id.IsEmpty)
        {
            throw new ArgumentException("a node needs an ID", nameof(self));
        }

        Options = options ?? new KademliaOptions();
        Options.Validate();
        Self = self;
        _random = random;
    }

    /// <inheritdoc/>
    public PeerRef Self { get; }

    /// <inheritdoc/>
    public bool UsesRoundTrips => false;

    /// <inheritdoc/>
    public IReadOnlyList<MaintenanceAction> TakeRepairs() => [];

    /// <summary>The parameters.</summary>
    public KademliaOptions Options { get; }

    /// <summary>B: the ID width in bits, and the number of possible buckets.</summary>
    public int BitLength => Self.Id.BitLength;

    /// <summary>Contacts held in the buckets (replacement caches not counted).</summary>
    public int Count
    {
        get
        {
            var count = 0;
            foreach (var bucket in _buckets)
            {
                count += bucket.Count;
            }

            return count;
        }
    }

    /// <summary>The round of the latest <see cref="Maintenance"/> call: the table's notion of now.</summary>
    public long Round { get; private set; }

    /// <summary>
    /// The bucket <paramref name="id"/> falls in: the highest set bit of self XOR id, from 0 (the
    /// nearest, distance 1) to B - 1 (the far half of the ID space); -1 for this node's own ID.
    /// </summary>
    public int BucketIndexOf(NodeId id) => BitLength - 1 - NodeId.CommonPrefixBits(Self.Id, id);

    /// <summary>The contacts of bucket <paramref name="index"/>, least-recently seen first (a copy).</summary>
    public IReadOnlyList<PeerRef> Bucket(int index) => BucketAt(index) is { } bucket ? bucket.Entries.ToArray() : [];

    /// <summary>The replacement cache of bucket <paramref name="index"/>, least-recently seen first (a copy).</summary>
    public IReadOnlyList<PeerRef> Replacements(int index) => BucketAt(index) is { } bucket ? bucket.Replacements.ToArray() : [];

    /// <summary>
    /// The least-recently-seen contacts named for a ping whose fate is not known yet, one per full
    /// bucket with newcomers waiting. Each leaves this list when the engine reports it seen or dead.
    /// </summary>
    public IReadOnlyList<PeerRef> PendingPings
    {
        get
        {
            var pending = new List<PeerRef>();
            foreach (var bucket in _buckets)
            {
                if (bucket.AwaitingPing)
                {
                    pending.Add(bucket.Entries[0]);
                }
            }

            return pending;
        }
    }

    /// <summary>Every contact in the buckets, farthest bucket first; replacement caches are not routing state and are left out.</summary>
    public IEnumerable<PeerRef> AllPeers
    {
        get
        {
            var peers = new List<PeerRef>(Count);
            foreach (var bucket in _buckets)
            {
                peers.AddRange(bucket.Entries);
            }

            return peers;
        }
    }

    /// <summary>k: a lookup converges on the k closest nodes (§2.3).</summary>
    public int ShortlistSize => Options.K;

    /// <summary>α: the RPCs a lookup keeps in flight (§2.3).</summary>
    public int Parallelism => Options.Alpha;

    /// <summary>XOR closeness (§2.1).</summary>
    public bool Closer(NodeId key, NodeId a, NodeId b) => XorMetric.Closer(key, a, b);

    /// <summary>The k contacts nearest this node by XOR, nearest first: sent in a Neighbor-Table.</summary>
    public IEnumerable<PeerRef> Neighbors => Collect(Self.Id, Options.K, includeSelf: false);

    /// <summary>
    /// The <paramref name="count"/> contacts nearest this node, nearest first. The keys this node owns
    /// lie around its ID, so these are the nodes that come next for them: the ones among the k
    /// closest to such a key that a lookup reaches, and its owners if this node fails (§2.3: a
    /// key-value pair is stored on the k closest nodes).
    /// </summary>
    public IEnumerable<PeerRef> ReplicaSet(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return Collect(Self.Id, count, includeSelf: false);
    }

    /// <inheritdoc/>
    public bool TryGetAddress(NodeId id, out NodeAddress address)
    {
        if (id.Length == Self.Id.Length && !id.IsEmpty)
        {
            var depth = NodeId.CommonPrefixBits(Self.Id, id);
            if (depth < _buckets.Count)
            {
                var entries = _buckets[depth].Entries;
                var at = _buckets[depth].IndexOf(id);
                if (at >= 0)
                {
                    address = entries[at].Address;
                    return true;
                }
            }
        }

        address = default;
        return false;
    }

    /// <summary>Whether no known contact is closer to <paramref name="key"/> than this node (§2.1: the key's node is the closest one).</summary>
    public bool Owns(NodeId key) => !TryFindNearer(key, out _);

    /// <summary>
    /// True when a known contact is closer to <paramref name="key"/> than this node, with the closest
    /// one as <paramref name="instead"/>, taken for the owner. Under XOR that is certain, not a stale guess: the key is not
    /// this node's while that contact lives. So it is exactly "not <see cref="Owns"/>", and a request
    /// marked final that reaches a node knowing a closer contact goes on to it, each step strictly
    /// closer to the key.
    /// </summary>
    public bool Disowns(NodeId key, out RouteDecision instead)
    {
        var disowned = TryFindNearer(key, out var nearer);
        instead = disowned ? RouteDecision.Forward(nearer, ownsKey: true) : RouteDecision.Local;
        return disowned;
    }

    /// <summary>
    /// Where a request for <paramref name="key"/> goes: here when no contact is closer to it, else
    /// to the closest contact, which is strictly closer to the key than this node (greedy XOR
    /// routing: each hop at least halves the distance's range, §2.3 and §3).
    /// </summary>
    /// <remarks>
    /// The next hop is marked as the key's owner (our F flag) only when this node's view of the
    /// key's neighbourhood is complete: every node closer to the key than this node lies in bucket
    /// c = B - 1 - i (i = the key's bucket) or a deeper one, and when none of those buckets is full,
    /// this node has had room for every such node it ever heard of. That is the region of the k
    /// contacts around this node's own ID, which Kademlia keeps known (the join lookup for one's own
    /// ID, §2.3) as Chord keeps its successor. Far keys, whose bucket is full, go unmarked. A wrong
    /// mark would not lose the key: the marked hop serves it only if it knows no closer node
    /// (<see cref="Disowns"/>), and passes it on otherwise.
    /// </remarks>
    public RouteDecision Route(NodeId key)
    {
        if (!TryFindNearer(key, out var next))
        {
            return RouteDecision.Local;
        }

        return RouteDecision.Forward(next, ownsKey: NeighbourhoodComplete(NodeId.CommonPrefixBits(Self.Id, key)));
    }

    /// <summary>Known contacts and this node by XOR distance to <paramref name="key"/>, closest first, at most <paramref name="count"/>.</summary>
    public IReadOnlyList<PeerRef> Closest(NodeId key, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return Collect(key, count, includeSelf: true);
    }

    private KBucket? BucketAt(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, BitLength);
        var depth = BitLength - 1 - index;
        return depth < _buckets.Count ? _buckets[depth] : null;
    }

    // The contact closest to the key, if one is closer than this node. Let c be the length of the
    // prefix the key shares with this node. Contacts in bucket depth c agree with the key on c + 1
    // bits and this node only on c: all are closer, and closer than any other contact. Shallower
    // buckets differ from the key before bit c: all farther than this node. Deeper buckets agree
    // with this node at bit c, so with its distance's highest bit: compare them to this node.
    private bool TryFindNearer(NodeId key, out PeerRef nearer)
    {
        var c = NodeId.CommonPrefixBits(Self.Id, key);
        nearer = default;
        var found = false;
        if (c < _buckets.Count && _buckets[c].Count > 0)
        {
            foreach (var peer in _buckets[c].Entries)
            {
                if (!found || XorMetric.Closer(key, peer.Id, nearer.Id))
                {
                    nearer = peer;
                    found = true;
                }
            }

            return true;
        }

        for (var depth = c + 1; depth < _buckets.Count; depth++)
        {
            foreach (var peer in _buckets[depth].Entries)
            {
                if (XorMetric.Closer(key, peer.Id, found ? nearer.Id : Self.Id))
                {
                    nearer = peer;
                    found = true;
                }
            }
        }

        return found;
    }

    // Every bucket that can hold a node closer to a key sharing c bits with us has room left.
    private bool NeighbourhoodComplete(int c)
    {
        for (var depth = c; depth < _buckets.Count; depth++)
        {
            if (_buckets[depth].Count >= Options.K)
            {
                return false;
            }
        }

        return true;
    }

    // Contacts (and this node) in XOR order to the key, visiting buckets from nearest to farthest
    // (see TryFindNearer): depth c; then this node with the deeper buckets, which share its
    // distance's highest bit; then the shallower buckets, deepest first. Each group is sorted on its
    // own, and the walk stops once it has enough, so a lookup for a few peers sorts a bucket or two.
    private List<PeerRef> Collect(NodeId key, int count, bool includeSelf)
    {
        var c = NodeId.CommonPrefixBits(Self.Id, key);
        var result = new List<PeerRef>(Math.Min(count, 2 * Options.K));
        if (count == 0)
        {
            return result;
        }

        var group = new List<PeerRef>(Options.K);
        Comparison<PeerRef> byDistance = (a, b) => XorMetric.Compare(key, a.Id, b.Id);
        if (c < _buckets.Count)
        {
            group.AddRange(_buckets[c].Entries);
            TakeSorted(group, byDistance, result, count);
        }

        if (includeSelf)
        {
            group.Add(Self);
        }

        for (var depth = c + 1; depth < _buckets.Count; depth++)
        {
            group.AddRange(_buckets[depth].Entries);
        }

        TakeSorted(group, byDistance, result, count);
        for (var depth = Math.Min(c, _buckets.Count) - 1; depth >= 0 && result.Count < count; depth--)
        {
            group.AddRange(_buckets[depth].Entries);
            TakeSorted(group, byDistance, result, count);
        }

        return result;
    }

    private static void TakeSorted(List<PeerRef> group, Comparison<PeerRef> byDistance, List<PeerRef> result, int count)
    {
        if (result.Count < count && group.Count > 0)
        {
            group.Sort(byDistance);
            for (var i = 0; i < group.Count && result.Count < count; i++)
            {
                result.Add(group[i]);
            }
        }

        group.Clear();
    }
}
