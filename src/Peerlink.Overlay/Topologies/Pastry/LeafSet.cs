using Peerlink.Core;

namespace Peerlink.Overlay.Topologies.Pastry;

/// <summary>
/// Pastry's leaf set (Rowstron and Druschel 2001, §2.1): the L/2 peers nearest to this node going
/// clockwise on the ring (numerically larger IDs, modulo the ring) and the L/2 nearest going
/// counter-clockwise. Each side is an array kept sorted nearest first.
/// </summary>
/// <remarks>
/// Every candidate is offered to both sides, so while this node knows fewer than L peers the sides
/// share peers (each holds all of them, in opposite orders), and with L or more they are disjoint.
/// Sharing a peer is therefore the sign of a small overlay: the leaf set then holds every peer
/// known and covers the whole ring. Otherwise it covers the arc from the farthest counter-clockwise
/// leaf to the farthest clockwise leaf, through this node.
/// </remarks>
internal sealed class LeafSet
{
    private readonly NodeId _self;
    private readonly PeerRef[] _clockwise;
    private readonly PeerRef[] _counterClockwise;
    private int _clockwiseCount;
    private int _counterClockwiseCount;
    private bool _wholeRing = true;

    public LeafSet(NodeId self, int size)
    {
        _self = self;
        _clockwise = new PeerRef[size / 2];
        _counterClockwise = new PeerRef[size / 2];
    }

    /// <summary>L/2.</summary>
    public int Half => _clockwise.Length;

    /// <summary>The clockwise side, nearest first.</summary>
    public ReadOnlySpan<PeerRef> Clockwise => _clockwise.AsSpan(0, _clockwiseCount);

    /// <summary>The counter-clockwise side, nearest first.</summary>
    public ReadOnlySpan<PeerRef> CounterClockwise => _counterClockwise.AsSpan(0, _counterClockwiseCount);

    /// <summary>No leaf at all: this node knows no other.</summary>
    public bool IsEmpty => _clockwiseCount == 0 && _counterClockwiseCount == 0;

    /// <summary>The sides share a peer (or are empty): every known peer is a leaf, the leaf set spans the ring.</summary>
    public bool CoversWholeRing => _wholeRing;

    /// <summary>
    /// Whether <paramref name="key"/> lies within the leaf set's range (§2.2): on the arc from the
    /// farthest counter-clockwise leaf to the farthest clockwise leaf through this node, ends
    /// included; anywhere when the leaf set spans the ring.
    /// </summary>
    public bool Covers(NodeId key)
    {
        if (_wholeRing)
        {
            return true;
        }

        var from = _counterClockwise[_counterClockwiseCount - 1].Id;
        var to = _clockwise[_clockwiseCount - 1].Id;
        return NodeId.CompareClockwise(from, key, to) <= 0;
    }

    /// <summary>The leaf numerically closest to <paramref name="key"/>; false when there is none.</summary>
    public bool TryGetClosest(NodeId key, out PeerRef closest)
    {
        closest = default;
        var found = false;
        foreach (var p in Clockwise)
        {
            if (!found || RingMetric.Nearer(key, p.Id, closest.Id))
            {
                closest = p;
                found = true;
            }
        }

        foreach (var p in CounterClockwise)
        {
            if (!found || RingMetric.Nearer(key, p.Id, closest.Id))
            {
                closest = p;
                found = true;
            }
        }

        return found;
    }

    /// <summary>Whether <paramref name="id"/> is a leaf, and its address.</summary>
    public bool TryGetAddress(NodeId id, out NodeAddress address) =>
        PeerSearch.TryFind(Clockwise, id, out address) || PeerSearch.TryFind(CounterClockwise, id, out address);

    /// <summary>Whether <paramref name="id"/> is a leaf.</summary>
    public bool Contains(NodeId id) => TryGetAddress(id, out _);

    /// <summary>Distinct leaves: the clockwise side nearest first, then the counter-clockwise leaves not on it.</summary>
    public int DistinctCount
    {
        get
        {
            var count = _clockwiseCount;
            foreach (var p in CounterClockwise)
            {
                if (!OnClockwise(p.Id))
                {
                    count++;
                }
            }

            return count;
        }
    }

    /// <summary>Distinct leaf number <paramref name="index"/> in the order of <see cref="DistinctCount"/>.</summary>
    public PeerRef DistinctAt(int index)
    {
        if (index < _clockwiseCount)
        {
            return _clockwise[index];
        }

        index -= _clockwiseCount;
        foreach (var p in CounterClockwise)
        {
            if (!OnClockwise(p.Id) && index-- == 0)
            {
                return p;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(index));
    }

    /// <summary>
    /// Offers a peer to both sides: it takes the place of a farther leaf, or an empty slot. A known
    /// leaf at a new address is moved there. Returns <see cref="TableChange.Successors"/> when the
    /// clockwise side changed and <see cref="TableChange.Predecessor"/> when the counter-clockwise one did.
    /// </summary>
    public TableChange Offer(PeerRef peer)
    {
        var change = TableChange.None;
        if (Insert(_clockwise, ref _clockwiseCount, peer, clockwise: true))
        {
            change |= TableChange.Successors;
        }

        if (Insert(_counterClockwise, ref _counterClockwiseCount, peer, clockwise: false))
        {
            change |= TableChange.Predecessor;
        }

        if (change != TableChange.None)
        {
            _wholeRing = ComputeWholeRing();
        }

        return change;
    }

    /// <summary>
    /// Drops a peer from both sides. A side that lost a leaf takes the nearest of the other side's
    /// leaves that fit; the caller then offers the other peers it knows to fill what is left.
    /// </summary>
    public TableChange Remove(NodeId id)
    {
        // Out of both sides before either is refilled, or the other side would hand the peer back.
        var change = TableChange.None;
        if (RemoveFrom(_clockwise, ref _clockwiseCount, id))
        {
            change |= TableChange.Successors;
        }

        if (RemoveFrom(_counterClockwise, ref _counterClockwiseCount, id))
        {
            change |= TableChange.Predecessor;
        }

        if (change.HasFlag(TableChange.Successors))
        {
            foreach (var p in CounterClockwise)
            {
                Insert(_clockwise, ref _clockwiseCount, p, clockwise: true);
            }
        }

        if (change.HasFlag(TableChange.Predecessor))
        {
            foreach (var p in Clockwise)
            {
                Insert(_counterClockwise, ref _counterClockwiseCount, p, clockwise: false);
            }
        }

        if (change != TableChange.None)
        {
            _wholeRing = ComputeWholeRing();
        }

        return change;
    }

    private bool Insert(PeerRef[] side, ref int count, PeerRef peer, bool clockwise)
    {
        for (var i = 0; i < count; i++)
        {
            if (side[i].Id == peer.Id)
            {
                if (side[i].Address == peer.Address)
                {
                    return false;
                }

                side[i] = peer;
                return true;
            }
        }

        // Nearest first: clockwise, a nearer peer comes first going clockwise from self; the other
        // side is the mirror image (both peers differ from self, so the order simply reverses).
        var at = 0;
        while (at < count && Farther(peer.Id, side[at].Id, clockwise))
        {
            at++;
        }

        if (at >= side.Length)
        {
            return false;
        }

        var last = Math.Min(count, side.Length - 1);
        Array.Copy(side, at, side, at + 1, last - at);
        side[at] = peer;
        count = last + 1;
        return true;
    }

    private bool Farther(NodeId candidate, NodeId leaf, bool clockwise)
    {
        var order = NodeId.CompareClockwise(_self, candidate, leaf);
        return clockwise ? order > 0 : order < 0;
    }

    private static bool RemoveFrom(PeerRef[] side, ref int count, NodeId id)
    {
        for (var i = 0; i < count; i++)
        {
            if (side[i].Id == id)
            {
                Array.Copy(side, i + 1, side, i, count - i - 1);
                side[--count] = default;
                return true;
            }
        }

        return false;
    }

    private bool OnClockwise(NodeId id)
    {
        foreach (var p in Clockwise)
        {
            if (p.Id == id)
            {
                return true;
            }
        }

        return false;
    }

    // Both sides are the nearest L/2 of the same candidates, so they share a peer exactly when there
    // are fewer than L candidates: the leaf set is then every peer known (a small overlay, Pastry's
    // "leaf set not full"). That holds after a removal too, once the caller has offered the rest of
    // what it knows (the routing table); with no other peer known, it truly is a small overlay.
    private bool ComputeWholeRing()
    {
        if (_clockwiseCount == 0 || _counterClockwiseCount == 0)
        {
            return true;
        }

        foreach (var p in CounterClockwise)
        {
            if (OnClockwise(p.Id))
            {
                return true;
            }
        }

        return false;
    }
}
