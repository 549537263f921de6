using Peerlink.Core;

namespace Peerlink.Overlay.Topologies.Kademlia;

/// <summary>Contacts coming and going: the k-bucket update rule of §2.2 with the replacement cache of §4.1.</summary>
public sealed partial class KademliaTable
{
    /// <summary>
    /// <paramref name="peer"/> was heard from first hand (§2.2: "when a Kademlia node receives any
    /// message from another node, it updates the appropriate k-bucket for the sender"). Kademlia
    /// has no use for <paramref name="rtt"/>. A full bucket's least-recently-seen contact named for
    /// a ping is reported by the next <see cref="Maintenance"/> round; see
    /// <see cref="Observe(PeerRef, out PeerRef?)"/> to ping at once.
    /// </summary>
    public TableChange Observe(PeerRef peer, TimeSpan? rtt = null) => Update(peer, firstHand: true, out _);

    /// <summary>
    /// <paramref name="peer"/> was heard from first hand: a contact already held moves to the tail
    /// of its bucket (most recently seen) with the address it spoke from, and, if it was named for
    /// a ping, it has answered: it keeps its place, and the newcomers stay in the cache. A new peer
    /// joins its bucket if there is room. If the bucket is full, the peer waits in the bucket's
    /// replacement cache (or moves to its fresh end) and, if it is new to the cache and no ping is
    /// outstanding for the bucket, <paramref name="toPing"/> names the bucket's
    /// least-recently-seen contact: the engine should
    /// ping it and report the outcome (<see cref="Observe(PeerRef, TimeSpan?)"/> if it answers,
    /// <see cref="Remove"/> if it does not).
    /// </summary>
    /// <param name="peer">The peer heard from.</param>
    /// <param name="toPing">A contact to ping now, or null.</param>
    /// <returns>What changed; a peer only cached changes nothing.</returns>
    public TableChange Observe(PeerRef peer, out PeerRef? toPing) => Update(peer, firstHand: true, out toPing);

    /// <summary>
    /// <paramref name="peer"/> was heard of, not from (another node's table, a lookup answer): a
    /// new peer is placed as by <see cref="Observe(PeerRef, out PeerRef?)"/>, but a contact or cached
    /// newcomer already held is left as it is. Second-hand news says nothing of whether a peer is alive
    /// now, so it must not make a silent contact look fresh, save it from eviction, or change its address.
    /// </summary>
    /// <param name="peer">The peer heard of.</param>
    /// <param name="toPing">A contact to ping now, or null.</param>
    /// <returns>What changed.</returns>
    public TableChange Learn(PeerRef peer, out PeerRef? toPing) => Update(peer, firstHand: false, out toPing);

    /// <inheritdoc/>
    public TableChange Learn(PeerRef peer) => Learn(peer, out _);

    /// <summary>
    /// A contact failed or left: it leaves its bucket and the most recently seen newcomer of the
    /// bucket's replacement cache takes its place (§4.1). A cached newcomer that failed leaves the cache.
    /// </summary>
    public TableChange Remove(NodeId id)
    {
        if (!IsOther(id))
        {
            return TableChange.None;
        }

        var depth = NodeId.CommonPrefixBits(Self.Id, id);
        if (depth >= _buckets.Count)
        {
            return TableChange.None;
        }

        var bucket = _buckets[depth];
        var at = bucket.IndexOf(id);
        if (at < 0)
        {
            var cached = bucket.ReplacementIndexOf(id);
            if (cached >= 0)
            {
                bucket.RemoveReplacementAt(cached);
                bucket.AwaitingPing &= bucket.ReplacementCount > 0;
            }

            return TableChange.None;
        }

        var change = TableChange.Fingers | (IsNeighbor(depth, id) ? TableChange.Successors : TableChange.None);
        if (at == 0)
        {
            bucket.AwaitingPing = false; // the contact named for a ping is settled: dead
        }

        bucket.RemoveAt(at);
        if (bucket.ReplacementCount > 0)
        {
            var promoted = bucket.TakeNewestReplacement();
            bucket.Append(promoted, Options.K);
            bucket.AwaitingPing &= bucket.ReplacementCount > 0;
            change |= IsNeighbor(depth, promoted.Id) ? TableChange.Successors : TableChange.None;
        }
        else if (bucket.Count == 0)
        {
            change |= TableChange.Predecessor; // keys of this bucket's range may be ours now
            TrimEmptyDeepBuckets();
        }

        return change;
    }

    /// <summary>
    /// A peer answered with its neighbour table. Kademlia has no authoritative neighbour list (a
    /// node's k closest are whatever it has heard of), so each entry is only news of a peer: it is
    /// learnt as by <see cref="Learn(PeerRef)"/>. <paramref name="from"/> itself is not touched here: it
    /// answered, and the engine reports that through <see cref="Observe(PeerRef, TimeSpan?)"/>.
    /// </summary>
    public TableChange MergeNeighbors(PeerRef from, IReadOnlyList<PeerRef> neighbors)
    {
        ArgumentNullException.ThrowIfNull(neighbors);
        var change = TableChange.None;
        foreach (var peer in neighbors)
        {
            change |= Update(peer, firstHand: false, out _);
        }

        return change;
    }

    private TableChange Update(PeerRef peer, bool firstHand, out PeerRef? toPing)
    {
        toPing = null;
        if (!IsOther(peer.Id))
        {
            return TableChange.None;
        }

        var depth = NodeId.CommonPrefixBits(Self.Id, peer.Id);
        while (_buckets.Count <= depth)
        {
            _buckets.Add(new KBucket()); // never touched: the buckets between are due for a refresh
        }

        var bucket = _buckets[depth];
        if (firstHand)
        {
            bucket.LastTouched = Round; // traffic with the bucket's range keeps it fresh (§2.3)
        }

        var at = bucket.IndexOf(peer.Id);
        if (at >= 0)
        {
            if (!firstHand)
            {
                return TableChange.None;
            }

            var moved = bucket.Entries[at].Address != peer.Address;
            if (at == 0)
            {
                bucket.AwaitingPing = false; // the least-recently-seen contact answered: it stays (§2.2)
            }

            bucket.MoveToTail(at, peer);
            return moved ? TableChange.Fingers | (IsNeighbor(depth, peer.Id) ? TableChange.Successors : TableChange.None) : TableChange.None;
        }

        if (bucket.Count < Options.K)
        {
            // Replacements exist only while the bucket is full (Remove promotes one at once), so
            // the newcomer cannot be waiting in the cache too.
            var wasEmpty = bucket.Count == 0;
            bucket.Append(peer, Options.K);
            return TableChange.Fingers
                | (wasEmpty ? TableChange.Predecessor : TableChange.None)
                | (IsNeighbor(depth, peer.Id) ? TableChange.Successors : TableChange.None);
        }

        // Full (§2.2): the newcomer waits, and the least-recently-seen contact must prove itself
        // alive or make room. One check per bucket at a time, and only for a peer new to the cache:
        // a cached peer that keeps talking would otherwise put the contacts on trial one after
        // another for as long as it talks, at the rate the pings come back.
        var cached = bucket.ReplacementIndexOf(peer.Id) >= 0;
        if (cached && !firstHand)
        {
            return TableChange.None;
        }

        bucket.Cache(peer, Options.ReplacementCacheSize);
        if (!cached && !bucket.AwaitingPing)
        {
            bucket.AwaitingPing = true;
            toPing = bucket.Entries[0];
        }

        return TableChange.None;
    }

    // Whether the contact `id` of bucket `depth` is among the k nearest this node: deeper buckets
    // are all nearer, and within the bucket the XOR order to this node decides.
    private bool IsNeighbor(int depth, NodeId id)
    {
        var nearer = 0;
        for (var d = depth + 1; d < _buckets.Count; d++)
        {
            nearer += _buckets[d].Count;
        }

        foreach (var peer in _buckets[depth].Entries)
        {
            if (XorMetric.Closer(Self.Id, peer.Id, id))
            {
                nearer++;
            }
        }

        return nearer < Options.K;
    }

    // Buckets past the nearest contact hold nobody and need no refresh (§2.3: a joining node
    // refreshes the buckets farther than its closest neighbour).
    private void TrimEmptyDeepBuckets()
    {
        while (_buckets.Count > 0 && _buckets[^1].Count == 0)
        {
            _buckets.RemoveAt(_buckets.Count - 1);
        }
    }

    private bool IsOther(NodeId id) => !id.IsEmpty && id.Length == Self.Id.Length && id != Self.Id;
}
