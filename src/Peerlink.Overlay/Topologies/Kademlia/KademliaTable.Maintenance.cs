using Peerlink.Core;

namespace Peerlink.Overlay.Topologies.Kademlia;

/// <summary>Periodic work: eviction pings (§2.2) and bucket refreshes (§2.3), counted in maintenance rounds.</summary>
public sealed partial class KademliaTable
{
    /// <summary>
    /// The steps of maintenance round <paramref name="round"/>, which is also the table's clock
    /// (rounds must not go backwards):
    /// <list type="bullet">
    /// <item><see cref="MaintenanceKind.Ping"/> for each least-recently-seen contact named for a ping
    /// and not yet settled (<see cref="PendingPings"/>), at most
    /// <see cref="KademliaOptions.MaxPingsPerRound"/>, starting at a different bucket each round so
    /// that none waits forever. The engine sends a KeepAlive and reports an answer with
    /// <see cref="Observe(PeerRef, TimeSpan?)"/> or silence with <see cref="Remove"/>.</item>
    /// <item><see cref="MaintenanceKind.FindPeers"/> for a random ID in the range of each bucket
    /// with no traffic for <see cref="KademliaOptions.RefreshRounds"/> rounds (§2.3's tRefresh),
    /// stalest first and farthest first among equals, at most
    /// <see cref="KademliaOptions.MaxRefreshesPerRound"/>. Only the buckets from the farthest to the
    /// one holding the nearest contact are refreshed (§2.3: after joining, a node refreshes the
    /// buckets farther than its closest neighbour); the engine should ask for k peers and report
    /// those that answer. A refreshed bucket counts as touched, so a failed lookup is retried after
    /// another tRefresh, not every round.</item>
    /// <item><see cref="MaintenanceKind.Ping"/> for each of the <see cref="KademliaOptions.NeighborChecks"/>
    /// nearest contacts (not in the paper; see there), so that a dead replica is noticed within a
    /// round or two.</item>
    /// </list>
    /// </summary>
    public IReadOnlyList<MaintenanceAction> Maintenance(long round)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(round);
        Round = round;
        var actions = new List<MaintenanceAction>();
        var depths = _buckets.Count;
        for (var n = 0; n < depths && actions.Count < Options.MaxPingsPerRound; n++)
        {
            var bucket = _buckets[(int)((round + n) % depths)];
            if (bucket.AwaitingPing)
            {
                actions.Add(new MaintenanceAction(MaintenanceKind.Ping, bucket.Entries[0]));
            }
        }

        var staleBefore = round - Options.RefreshRounds;
        for (var refreshes = 0; refreshes < Options.MaxRefreshesPerRound; refreshes++)
        {
            var stalest = -1;
            for (var depth = 0; depth < depths; depth++)
            {
                if (_buckets[depth].LastTouched <= staleBefore && (stalest < 0 || _buckets[depth].LastTouched < _buckets[stalest].LastTouched))
                {
                    stalest = depth;
                }
            }

            if (stalest < 0)
            {
                break;
            }

            _buckets[stalest].LastTouched = round;
            actions.Add(new MaintenanceAction(MaintenanceKind.FindPeers, Target: RandomIdInBucket(BitLength - 1 - stalest), Count: (byte)Options.K));
        }

        if (Options.NeighborChecks > 0)
        {
            foreach (var nearest in Collect(Self.Id, Options.NeighborChecks, includeSelf: false))
            {
                if (!actions.Exists(a => a.Kind == MaintenanceKind.Ping && a.Peer.Id == nearest.Id))
                {
                    actions.Add(new MaintenanceAction(MaintenanceKind.Ping, nearest));
                }
            }
        }

        return actions;
    }

    /// <summary>
    /// A uniformly random ID of bucket <paramref name="index"/>'s range: this node's ID with bit
    /// <paramref name="index"/> (counted from the least significant bit) flipped, the bits above it
    /// kept and the bits below it random, drawn from the table's seeded generator.
    /// </summary>
    public NodeId RandomIdInBucket(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, BitLength);
        var prefix = BitLength - 1 - index; // bits shared with this node
        var self = Self.Id.Span;
        var bytes = new byte[self.Length];
        _random.NextBytes(bytes);
        var whole = prefix >> 3;
        self[..whole].CopyTo(bytes);
        var keep = (byte)(0xFF00 >> (prefix & 7)); // this node's bits above the flipped one
        var flip = (byte)(0x80 >> (prefix & 7));
        bytes[whole] = (byte)((self[whole] & keep) | (~self[whole] & flip) | (bytes[whole] & ~(keep | flip)));
        return NodeId.FromBytes(bytes);
    }
}
