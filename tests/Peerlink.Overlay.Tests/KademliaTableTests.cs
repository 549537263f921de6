using FsCheck.Xunit;
using Peerlink.Core;
using Peerlink.Overlay.Topologies.Kademlia;

namespace Peerlink.Overlay.Tests;

public class KademliaTableTests
{
    // FsCheck 3 replay "(seed,gamma)", the one the codec properties use: every run generates the same cases.
    private const string ReplaySeed = "(17120194557944927926,4336097830934015077)";

    // One-byte IDs: 256 positions, XOR distances small enough to check by hand.
    private static PeerRef P(int id, int port = 7080) => new(NodeId.FromUInt64((ulong)id, 1), NodeAddress.FromIPv4(0xC612_0000u + (uint)id, (ushort)port));

    private static NodeId Key(int id) => NodeId.FromUInt64((ulong)id, 1);

    private static KademliaTable TableOf(int self, int k, params int[] peers)
    {
        var table = new KademliaTable(P(self), new Random(1), new KademliaOptions { K = k, Alpha = 1, NeighborChecks = 0 });
        foreach (var p in peers)
        {
            table.Observe(P(p));
        }

        return table;
    }

    private static int Distance(NodeId a, NodeId b) => (int)new System.Numerics.BigInteger(NodeId.XorDistance(a, b).Span, isUnsigned: true, isBigEndian: true);

    // ---- buckets -------------------------------------------------------------------------------

    [Theory]
    [InlineData(0x5A, 0x5B, 0)] // XOR 1
    [InlineData(0x5A, 0x58, 1)] // XOR 2
    [InlineData(0x5A, 0x5E, 2)] // XOR 4
    [InlineData(0x5A, 0x1A, 6)] // XOR 0x40
    [InlineData(0x5A, 0x00, 6)] // XOR 0x5A
    [InlineData(0x5A, 0xDA, 7)] // XOR 0x80
    [InlineData(0x5A, 0xA5, 7)] // XOR 0xFF
    [InlineData(0x5A, 0x5A, -1)]
    public void BucketIndexOf_AnyPeer_IsTheHighestSetBitOfTheXorDistance(int self, int peer, int expected)
    {
        var table = new KademliaTable(P(self), new Random(1));

        Assert.Equal(expected, table.BucketIndexOf(Key(peer)));
        Assert.Equal(NodeId.XorDistance(Key(self), Key(peer)).HighestSetBit(), table.BucketIndexOf(Key(peer)));
    }

    [Fact]
    public void Observe_PeersAtSeveralDistances_LandInTheBucketOfTheirHighestXorBit()
    {
        var table = TableOf(0, 20, 1, 2, 3, 200, 130, 64);

        Assert.Equal([P(1)], table.Bucket(0));
        Assert.Equal([P(2), P(3)], table.Bucket(1));
        Assert.Equal([P(64)], table.Bucket(6));
        Assert.Equal([P(200), P(130)], table.Bucket(7));
        Assert.Empty(table.Bucket(2));
        Assert.Equal(6, table.Count);
        Assert.Equal(6, table.AllPeers.Count());
    }

    [Fact]
    public void Observe_ContactSeenAgain_MovesToTheTailOfItsBucket()
    {
        var table = TableOf(0, 20, 200, 130, 150);

        table.Observe(P(200));

        Assert.Equal([P(130), P(150), P(200)], table.Bucket(7));
    }

    [Fact]
    public void Observe_SelfOrOtherWidth_IsIgnored()
    {
        var table = new KademliaTable(P(10), new Random(1));

        Assert.Equal(TableChange.None, table.Observe(P(10)));
        Assert.Equal(TableChange.None, table.Observe(new PeerRef(NodeId.FromUInt64(5, 2), default)));
        Assert.Equal(TableChange.None, table.Observe(default(PeerRef)));
        Assert.Empty(table.AllPeers);
    }

    [Fact]
    public void Observe_NewAddressOfAContact_ReplacesTheAddress()
    {
        var table = TableOf(0, 20, 200);

        var change = table.Observe(P(200, port: 9000));

        Assert.True(change.HasFlag(TableChange.Fingers));
        Assert.True(table.TryGetAddress(Key(200), out var address));
        Assert.Equal(9000, address.Port);
        Assert.False(table.TryGetAddress(Key(201), out _));
        Assert.False(table.TryGetAddress(Key(0), out _));
    }

    // ---- full buckets: ping the least-recently seen, cache the newcomer (§2.2, §4.1) ------------

    [Fact]
    public void Observe_FullBucket_NamesTheLeastRecentlySeenForAPingAndCachesTheNewcomer()
    {
        var table = TableOf(0, 2, 128, 129);

        var change = table.Observe(P(130), out var toPing);

        Assert.Equal(TableChange.None, change);
        Assert.Equal(P(128), toPing);
        Assert.Equal([P(128), P(129)], table.Bucket(7));
        Assert.Equal([P(130)], table.Replacements(7));
        Assert.DoesNotContain(table.AllPeers, p => p.Id == Key(130));
        Assert.Equal([P(128)], table.PendingPings);
        Assert.Contains(new MaintenanceAction(MaintenanceKind.Ping, P(128)), table.Maintenance(1));
    }

    [Fact]
    public void Observe_SecondNewcomerWhileAPingIsOutstanding_NamesNobodyElse()
    {
        var table = TableOf(0, 2, 128, 129);
        table.Observe(P(130), out _);

        table.Observe(P(131), out var toPing);

        Assert.Null(toPing);
        Assert.Equal([P(130), P(131)], table.Replacements(7));
        Assert.Equal([P(128)], table.PendingPings);
    }

    [Fact]
    public void Observe_MoreNewcomersThanTheCacheHolds_DropsTheStalestNewcomer()
    {
        var table = new KademliaTable(P(0), new Random(1), new KademliaOptions { K = 1, Alpha = 1, ReplacementCacheSize = 2 });
        table.Observe(P(128));

        table.Observe(P(129));
        table.Observe(P(130));
        table.Observe(P(129)); // seen again: the freshest newcomer now
        table.Observe(P(131));

        Assert.Equal([P(129), P(131)], table.Replacements(7));
    }

    [Fact]
    public void Remove_DeadLeastRecentlySeen_IsReplacedByTheNewestCachedNewcomer()
    {
        var table = TableOf(0, 2, 128, 129);
        table.Observe(P(130), out _);
        table.Observe(P(131), out _);

        var change = table.Remove(Key(128));

        Assert.True(change.HasFlag(TableChange.Fingers));
        Assert.False(change.HasFlag(TableChange.Predecessor));
        Assert.Equal([P(129), P(131)], table.Bucket(7));
        Assert.Equal([P(130)], table.Replacements(7));
        Assert.Empty(table.PendingPings);
        Assert.DoesNotContain(table.Maintenance(1), a => a.Kind == MaintenanceKind.Ping);
    }

    [Fact]
    public void Observe_LeastRecentlySeenAnswersThePing_KeepsItsPlaceAtTheTailAndTheNewcomerStaysCached()
    {
        var table = TableOf(0, 2, 128, 129);
        table.Observe(P(130), out var toPing);

        table.Observe(toPing!.Value);

        Assert.Equal([P(129), P(128)], table.Bucket(7));
        Assert.Equal([P(130)], table.Replacements(7));
        Assert.Empty(table.PendingPings);
        Assert.DoesNotContain(table.Maintenance(1), a => a.Kind == MaintenanceKind.Ping);

        table.Observe(P(130), out var again); // a cached newcomer talking again puts nobody on trial
        Assert.Null(again);
        table.Observe(P(131), out var next); // a new newcomer puts the new head on trial
        Assert.Equal(P(129), next);
    }

    [Fact]
    public void Remove_CachedNewcomer_LeavesTheCacheAndEndsThePing()
    {
        var table = TableOf(0, 2, 128, 129);
        table.Observe(P(130), out _);

        var change = table.Remove(Key(130));

        Assert.Equal(TableChange.None, change);
        Assert.Empty(table.Replacements(7));
        Assert.Empty(table.PendingPings);
        Assert.Equal([P(128), P(129)], table.Bucket(7));
    }

    [Fact]
    public void Learn_HeardOfContact_NeitherRefreshesItNorSettlesItsPing()
    {
        var table = TableOf(0, 2, 128, 129);
        table.Observe(P(130), out _);

        var change = table.Learn(P(128, port: 9000), out var toPing);

        Assert.Equal(TableChange.None, change);
        Assert.Null(toPing);
        Assert.Equal([P(128), P(129)], table.Bucket(7));
        Assert.Equal([P(128)], table.PendingPings);
    }

    [Fact]
    public void MergeNeighbors_NewPeers_AreLearntWithoutTouchingKnownOnes()
    {
        var table = TableOf(0, 20, 200, 130);

        var change = table.MergeNeighbors(P(200), [P(3), P(200, port: 9000), P(0)]);

        Assert.True(change.HasFlag(TableChange.Fingers));
        Assert.Equal([P(3)], table.Bucket(1));
        Assert.Equal([P(200), P(130)], table.Bucket(7));
    }

    // ---- what changes mean to the engine -------------------------------------------------------

    [Fact]
    public void Observe_FirstContactOfABucket_ReportsAnOwnershipChange()
    {
        var table = new KademliaTable(P(0), new Random(1));

        var first = table.Observe(P(200));
        var second = table.Observe(P(201));

        Assert.Equal(TableChange.Fingers | TableChange.Predecessor | TableChange.Successors, first);
        Assert.False(second.HasFlag(TableChange.Predecessor));
        Assert.False(table.Remove(Key(200)).HasFlag(TableChange.Predecessor));
        Assert.True(table.Remove(Key(201)).HasFlag(TableChange.Predecessor));
        Assert.True(table.Owns(Key(255)));
    }

    [Fact]
    public void Observe_ContactBeyondTheKNearest_IsNoNeighbourChange()
    {
        var table = TableOf(0, 2, 1, 2);

        var change = table.Observe(P(200));

        Assert.False(change.HasFlag(TableChange.Successors));
        Assert.True(change.HasFlag(TableChange.Predecessor));
        Assert.Equal([P(1), P(2)], table.Neighbors);
        Assert.True(table.Remove(Key(2)).HasFlag(TableChange.Successors));
    }

    // ---- routing and ownership -----------------------------------------------------------------

    [Fact]
    public void Route_KeyWithCloserContacts_GoesToTheClosestOne()
    {
        var table = TableOf(0, 20, 16, 40, 200);

        // 45: self 45, 16 -> 61, 40 -> 5, 200 -> 229.
        var decision = table.Route(Key(45));

        Assert.False(decision.IsLocal);
        Assert.Equal(P(40), decision.NextHop);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(15)]
    public void Route_NoContactCloserThanSelf_IsLocal(int key)
    {
        var table = TableOf(0, 20, 16, 40, 200);

        Assert.True(table.Route(Key(key)).IsLocal);
        Assert.True(table.Owns(Key(key)));
        Assert.False(table.Disowns(Key(key), out _));
    }

    [Fact]
    public void Route_AloneInTheOverlay_OwnsEverything()
    {
        var table = new KademliaTable(P(77), new Random(1));

        for (var key = 0; key < 256; key++)
        {
            Assert.True(table.Route(Key(key)).IsLocal);
        }
    }

    [Fact]
    public void Route_KeyNearSelfWithRoomInItsBuckets_MarksTheNextHopAsOwner()
    {
        var table = TableOf(0, 2, 200, 201, 8);

        var decision = table.Route(Key(9));

        Assert.Equal(P(8), decision.NextHop);
        Assert.True(decision.NextHopOwnsKey);
    }

    [Fact]
    public void Route_KeyInAFullBucket_DoesNotMarkTheNextHopAsOwner()
    {
        var table = TableOf(0, 2, 200, 201, 8);

        var decision = table.Route(Key(202));

        Assert.Equal(P(200), decision.NextHop);
        Assert.False(decision.NextHopOwnsKey);
    }

    [Fact]
    public void Route_EveryKey_GoesStrictlyCloserAndAgreesWithOwnsAndDisowns()
    {
        var table = TableOf(0x5A, 3, 0x5B, 0x58, 0x40, 0x10, 0x11, 0x12, 0xC0, 0xC1, 0xFF, 0x80);

        for (var k = 0; k < 256; k++)
        {
            var key = Key(k);
            var decision = table.Route(key);
            var disowns = table.Disowns(key, out var next);

            Assert.Equal(decision.IsLocal, table.Owns(key));
            Assert.Equal(!decision.IsLocal, disowns);
            if (!decision.IsLocal)
            {
                Assert.Equal(decision.NextHop, next.NextHop);
                Assert.True(Distance(decision.NextHop.Id, key) < Distance(table.Self.Id, key));
                Assert.All(table.AllPeers, p => Assert.True(Distance(p.Id, key) >= Distance(decision.NextHop.Id, key)));
            }
            else
            {
                Assert.All(table.AllPeers, p => Assert.True(Distance(p.Id, key) > Distance(table.Self.Id, key)));
            }
        }
    }

    [Fact]
    public void Closest_AnyKeyAndCount_ListsContactsAndSelfInXorOrder()
    {
        var table = TableOf(0x5A, 3, 0x5B, 0x58, 0x40, 0x10, 0x11, 0x12, 0xC0, 0xC1, 0xFF, 0x80, 0x5C, 0x7F);
        var everyone = table.AllPeers.Append(table.Self).ToList();

        for (var k = 0; k < 256; k++)
        {
            var key = Key(k);
            var expected = everyone.OrderBy(p => Distance(p.Id, key)).ToList();
            foreach (var count in new[] { 0, 1, 3, 5, everyone.Count, everyone.Count + 4 })
            {
                Assert.Equal(expected.Take(count), table.Closest(key, count));
            }
        }
    }

    [Fact]
    public void Neighbors_AreTheKContactsNearestSelf_AndTheReplicaSetTheirPrefix()
    {
        var table = TableOf(0x5A, 3, 0x5B, 0x58, 0x40, 0x10, 0xC0, 0x5C, 0x7F);
        var expected = table.AllPeers.OrderBy(p => Distance(p.Id, table.Self.Id)).ToList();

        Assert.Equal(expected.Take(3), table.Neighbors);
        Assert.Equal(expected.Take(2), table.ReplicaSet(2));
        Assert.Equal(expected, table.ReplicaSet(100));
    }

    [Theory]
    [InlineData(40, 1)]
    [InlineData(500, 2)]
    [InlineData(1000, 3)]
    public void Route_OverlayWithCompleteTables_ReachesTheKeysOwnerInLogHops(int n, int seed)
    {
        var random = new Random(seed);
        var nodes = Enumerable.Range(0, n).Select(_ => NodeId.Random(random, 20)).Distinct().Select(id => new PeerRef(id, default)).ToArray();
        var tables = nodes.ToDictionary(p => p.Id, p =>
        {
            var t = new KademliaTable(p, new Random(seed));
            foreach (var other in nodes)
            {
                t.Observe(other);
            }

            return t;
        });
        var maxHops = (int)Math.Ceiling(Math.Log2(nodes.Length));

        for (var lookup = 0; lookup < 200; lookup++)
        {
            var key = NodeId.Random(random, 20);
            var owner = nodes.MinBy(p => p.Id, Comparer<NodeId>.Create((a, b) => XorCompare(key, a, b))).Id;
            var at = tables[nodes[random.Next(nodes.Length)].Id];
            var hops = 0;
            RouteDecision step;
            while (!(step = at.Route(key)).IsLocal)
            {
                Assert.True(XorCompare(key, step.NextHop.Id, at.Self.Id) < 0, "a hop that does not get closer");
                at = tables[step.NextHop.Id];
                Assert.True(++hops <= maxHops, $"more than {maxHops} hops for {key}");
            }

            Assert.Equal(owner, at.Self.Id);
        }
    }

    // Greedy XOR routing over any set of peers where every node has heard from every other (each
    // keeping only k per bucket): every hop strictly closer to the key, the walk ends at the node
    // closest to it, and that node is the only one claiming the key.
    [Property(Replay = ReplaySeed, MaxTest = 300)]
    public void Route_TablesOverRandomPeers_ProgressToTheOneOwner(ushort[] rawIds, ushort rawKey, byte rawK)
    {
        var ids = (rawIds ?? []).Distinct().Select(i => NodeId.FromUInt64(i, 2)).ToArray();
        if (ids.Length == 0)
        {
            return;
        }

        var key = NodeId.FromUInt64(rawKey, 2);
        var options = new KademliaOptions { K = 1 + (rawK % 4), Alpha = 1 };
        var tables = ids.ToDictionary(id => id, id =>
        {
            var t = new KademliaTable(new PeerRef(id, default), new Random(1), options);
            foreach (var other in ids)
            {
                t.Observe(new PeerRef(other, default));
            }

            return t;
        });
        var owner = ids.MinBy(id => id, Comparer<NodeId>.Create((a, b) => XorCompare(key, a, b)));

        Assert.Equal([owner], ids.Where(id => tables[id].Owns(key)));
        foreach (var start in ids)
        {
            var at = tables[start];
            var hops = 0;
            RouteDecision step;
            while (!(step = at.Route(key)).IsLocal)
            {
                Assert.True(XorCompare(key, step.NextHop.Id, at.Self.Id) < 0, "a hop that does not get closer");
                at = tables[step.NextHop.Id];
                Assert.True(++hops <= ids.Length);
            }

            Assert.Equal(owner, at.Self.Id);
        }
    }

    private static int XorCompare(NodeId key, NodeId a, NodeId b) => NodeId.XorDistance(a, key).CompareTo(NodeId.XorDistance(b, key));

    // ---- maintenance ---------------------------------------------------------------------------

    [Fact]
    public void Maintenance_StaleBucketsOnly_AreRefreshedWithAnIdInTheirRange()
    {
        // Refresh after 100 s of 10 s rounds: 10 rounds.
        var options = new KademliaOptions { K = 20, Alpha = 3, RefreshInterval = TimeSpan.FromSeconds(100), MaintenanceInterval = TimeSpan.FromSeconds(10), NeighborChecks = 0 };
        var table = new KademliaTable(P(0), new Random(5), options);
        table.Observe(P(200)); // bucket 7, round 0
        table.Observe(P(100)); // bucket 6, round 0

        Assert.Empty(table.Maintenance(5));
        table.Observe(P(201)); // traffic in bucket 7 at round 5
        var due = table.Maintenance(10);

        var refresh = Assert.Single(due);
        Assert.Equal(MaintenanceKind.FindPeers, refresh.Kind);
        Assert.Equal(6, table.BucketIndexOf(refresh.Target));
        Assert.Empty(table.Maintenance(11)); // the refresh itself counts as traffic
        Assert.Equal(7, table.BucketIndexOf(Assert.Single(table.Maintenance(15)).Target));
    }

    [Fact]
    public void Maintenance_EmptyBucketsFartherThanTheNearestContact_AreRefreshedFarthestFirstAndBounded()
    {
        var options = new KademliaOptions { K = 20, Alpha = 3, MaxRefreshesPerRound = 2, NeighborChecks = 0 };
        var table = new KademliaTable(P(0), new Random(5), options);
        table.Observe(P(8)); // bucket 3: buckets 7..4 lie between and are empty

        var first = table.Maintenance(0).Select(a => table.BucketIndexOf(a.Target));
        var second = table.Maintenance(1).Select(a => table.BucketIndexOf(a.Target));

        Assert.Equal([7, 6], first);
        Assert.Equal([5, 4], second);
        Assert.Empty(table.Maintenance(2)); // bucket 3 has traffic; 2..0 lie past the nearest contact
    }

    [Fact]
    public void Maintenance_ManyPingsDue_AreBoundedAndTakeTurns()
    {
        var options = new KademliaOptions { K = 1, Alpha = 1, MaxPingsPerRound = 1, NeighborChecks = 0 };
        var table = new KademliaTable(P(0), new Random(5), options);
        table.Observe(P(128));
        table.Observe(P(64));
        table.Observe(P(129));
        table.Observe(P(65));

        var pinged = Enumerable.Range(1, 2).Select(r => table.Maintenance(r).Where(a => a.Kind == MaintenanceKind.Ping).ToList()).ToList();

        Assert.All(pinged, round => Assert.Single(round));
        Assert.Equal([P(128), P(64)], pinged.Select(r => r[0].Peer).Order(Comparer<PeerRef>.Create((a, b) => b.Id.CompareTo(a.Id))));
        Assert.DoesNotContain(table.Maintenance(3), a => a.Kind == MaintenanceKind.FindPeers);
    }

    [Fact]
    public void Maintenance_EveryRound_PingsTheNearestContacts()
    {
        // Not in the paper: the few nearest contacts (the replica set) are checked every round, so
        // that a dead replica is noticed within a round or two, not when next used.
        var table = new KademliaTable(P(0), new Random(5), new KademliaOptions { NeighborChecks = 2, RefreshInterval = TimeSpan.FromDays(1) });
        foreach (var id in new[] { 200, 100, 9, 5, 3 })
        {
            table.Observe(P(id));
        }

        for (var round = 1; round <= 3; round++)
        {
            var pinged = table.Maintenance(round).Where(a => a.Kind == MaintenanceKind.Ping).Select(a => a.Peer).ToList();
            Assert.Equal([P(3), P(5)], pinged); // XOR distances 3 and 5 are the nearest
        }
    }

    [Fact]
    public void Maintenance_Alone_AsksNothing()
    {
        var table = new KademliaTable(P(0), new Random(5));

        Assert.Empty(table.Maintenance(0));
        Assert.Empty(table.Maintenance(1_000_000));
    }

    [Fact]
    public void RandomIdInBucket_EveryIndex_FallsInThatBucket()
    {
        var random = new Random(3);
        var table = new KademliaTable(new PeerRef(NodeId.Random(random, 20), default), new Random(4));

        for (var i = 0; i < table.BitLength; i++)
        {
            for (var draw = 0; draw < 4; draw++)
            {
                Assert.Equal(i, table.BucketIndexOf(table.RandomIdInBucket(i)));
            }
        }
    }

    // ---- options -------------------------------------------------------------------------------

    [Fact]
    public void Options_Defaults_AreThePapers()
    {
        var options = new KademliaOptions();

        Assert.Equal(20, options.K);
        Assert.Equal(3, options.Alpha);
        Assert.Equal(TimeSpan.FromHours(1), options.RefreshInterval);
        Assert.Equal(360, options.RefreshRounds); // 3600 s of 10 s rounds
    }

    [Fact]
    public void Options_OutOfRange_AreRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new KademliaOptions { K = 0 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new KademliaOptions { K = 256 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new KademliaOptions { Alpha = 0 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new KademliaOptions { ReplacementCacheSize = 0 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new KademliaOptions { RefreshInterval = TimeSpan.Zero });
        Assert.Throws<ArgumentException>(() => new KademliaTable(P(0), new Random(1), new KademliaOptions { K = 2, Alpha = 3 }));
    }
}
