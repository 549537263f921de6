using System.Numerics;
using FsCheck.Xunit;
using Peerlink.Core;
using Peerlink.Overlay.Topologies.Pastry;

namespace Peerlink.Overlay.Tests;

public class PastryTableTests
{
    // Two-byte IDs in hex: with b = 4, four digits each, so rows and columns read off the hex.
    private static PeerRef P(int id) => new(NodeId.FromUInt64((ulong)id, 2), NodeAddress.FromIPv4(0xC612_0000u + (uint)id, 7080));

    private static NodeId K(int id) => NodeId.FromUInt64((ulong)id, 2);

    private static PastryOptions Leaves(int size) => new() { LeafSetSize = size };

    private static PastryTable TableOf(int self, PastryOptions options, params int[] peers)
    {
        var table = new PastryTable(P(self), new Random(7), options);
        foreach (var p in peers)
        {
            table.Observe(P(p));
        }

        return table;
    }

    // ---- recovery: Pastry's reactive, Bamboo's periodic ----

    [Fact]
    public void Remove_LeafWithReactiveRecovery_AsksTheFarthestLeafOnThatSideAtOnce()
    {
        // L = 4: 0x8100 and 0x8200 clockwise, 0x7f00 and 0x7e00 counter-clockwise. 0x8100 fails;
        // Pastry (§2.4) asks the farthest live leaf on that side for its leaf set, once.
        var table = TableOf(0x8000, Leaves(4) with { ReactiveRecovery = true }, 0x8100, 0x8200, 0x7f00, 0x7e00, 0x9000);

        table.Remove(K(0x8100));
        var repairs = table.TakeRepairs();

        var repair = Assert.Single(repairs);
        Assert.Equal(MaintenanceKind.ExchangeNeighbors, repair.Kind);
        Assert.Equal(P(0x9000), repair.Peer); // 0x9000 moved up into the clockwise side; it is now the farthest
        Assert.Empty(table.TakeRepairs());
    }

    [Fact]
    public void Remove_LeafWithPeriodicRecovery_AsksNothingUntilTheNextRound()
    {
        var table = TableOf(0x8000, Leaves(4), 0x8100, 0x8200, 0x7f00, 0x7e00, 0x9000);

        table.Remove(K(0x8100));

        Assert.Empty(table.TakeRepairs());
    }

    // ---- leaf set ----

    [Fact]
    public void Observe_ManyPeers_LeafSetKeepsTheHalfLClosestOnEachSide()
    {
        var table = TableOf(0x8000, Leaves(4), 0x0100, 0x7d00, 0x8300, 0x7f00, 0xff00, 0x8100, 0x7e00, 0x8200);

        Assert.Equal([P(0x8100), P(0x8200)], table.ClockwiseLeaves);
        Assert.Equal([P(0x7f00), P(0x7e00)], table.CounterClockwiseLeaves);
        Assert.False(table.LeafSetSpansRing);
    }

    [Fact]
    public void Observe_LeavesAcrossZero_AreNearestOnTheRing()
    {
        var table = TableOf(0xff00, Leaves(4), 0x8000, 0x0200, 0xfe00, 0x0100, 0x4000);

        Assert.Equal([P(0x0100), P(0x0200)], table.ClockwiseLeaves);
        Assert.Equal([P(0xfe00), P(0x8000)], table.CounterClockwiseLeaves);
    }

    [Fact]
    public void Observe_FewerThanLPeers_BothSidesHoldAllAndSpanTheRing()
    {
        var table = TableOf(0x8000, PastryOptions.Default, 0x9000, 0x1000, 0x7000);

        Assert.Equal([P(0x9000), P(0x1000), P(0x7000)], table.ClockwiseLeaves);
        Assert.Equal([P(0x7000), P(0x1000), P(0x9000)], table.CounterClockwiseLeaves);
        Assert.True(table.LeafSetSpansRing);
        Assert.Equal(3, table.Neighbors.Count());
    }

    [Fact]
    public void Observe_NewLeafOnEachSide_ReportsSuccessorsAndPredecessor()
    {
        var table = TableOf(0x8000, Leaves(4), 0x8100, 0x8200, 0x7f00, 0x7e00);

        var clockwise = table.Observe(P(0x8080));
        var counterClockwise = table.Observe(P(0x7f80));
        var farther = table.Observe(P(0x8300));

        Assert.Equal(TableChange.Successors, clockwise & (TableChange.Successors | TableChange.Predecessor));
        Assert.Equal(TableChange.Predecessor, counterClockwise & (TableChange.Successors | TableChange.Predecessor));
        Assert.Equal(TableChange.None, farther & (TableChange.Successors | TableChange.Predecessor));
    }

    [Fact]
    public void Observe_SelfOrOtherWidth_IsIgnored()
    {
        var table = TableOf(0x8000, PastryOptions.Default);

        Assert.Equal(TableChange.None, table.Observe(P(0x8000)));
        Assert.Equal(TableChange.None, table.Observe(new PeerRef(NodeId.FromUInt64(5, 3), default)));
        Assert.Empty(table.AllPeers);
    }

    // ---- routing table ----

    [Theory]
    [InlineData(0x5678, 0, 5)]
    [InlineData(0x1034, 1, 0)]
    [InlineData(0x1299, 2, 9)]
    [InlineData(0x1235, 3, 5)]
    public void Observe_Peer_PlacedAtRowOfSharedPrefixAndColumnOfItsDigit(int peer, int row, int column)
    {
        var table = TableOf(0x1234, PastryOptions.Default, peer);

        Assert.Equal(P(peer), table.EntryAt(row, column));
        Assert.Equal(1, table.RoutingTableCount);
    }

    [Fact]
    public void Observe_PeerSharingDigitsWithSelf_NeverFillsSelfsOwnColumn()
    {
        var table = TableOf(0x1234, PastryOptions.Default, 0x1000, 0x1200, 0x1230);

        Assert.Null(table.EntryAt(0, 1));
        Assert.Null(table.EntryAt(1, 2));
        Assert.Null(table.EntryAt(2, 3));
        Assert.Equal(P(0x1000), table.EntryAt(1, 0));
        Assert.Equal(P(0x1200), table.EntryAt(2, 0));
        Assert.Equal(P(0x1230), table.EntryAt(3, 0));
    }

    [Fact]
    public void Observe_SameCellLowerRtt_KeepsTheNearestPeer()
    {
        var table = new PastryTable(P(0x1234), new Random(1));
        table.Observe(P(0x5000), TimeSpan.FromMilliseconds(80));
        table.Observe(P(0x5111), TimeSpan.FromMilliseconds(10));
        table.Observe(P(0x5222), TimeSpan.FromMilliseconds(40));

        Assert.Equal(P(0x5111), table.EntryAt(0, 5));
        Assert.Equal(TimeSpan.FromMilliseconds(10), table.RttAt(0, 5));
    }

    [Fact]
    public void Observe_SameCellWithoutRtt_KeepsTheExistingEntry()
    {
        var table = new PastryTable(P(0x1234), new Random(1));
        table.Observe(P(0x5000));

        var change = table.Observe(P(0x5111));

        Assert.Equal(P(0x5000), table.EntryAt(0, 5));
        Assert.False(change.HasFlag(TableChange.Fingers));
    }

    [Fact]
    public void Observe_MeasuredCandidateForUnmeasuredEntry_TakesTheCell()
    {
        var table = new PastryTable(P(0x1234), new Random(1));
        table.Observe(P(0x5000));

        var change = table.Observe(P(0x5111), TimeSpan.FromMilliseconds(50));

        Assert.Equal(P(0x5111), table.EntryAt(0, 5));
        Assert.True(change.HasFlag(TableChange.Fingers));
    }

    // ---- routing ----

    // Self 0x8000, L = 4: leaves 0x7e00, 0x7f00 | 0x8100, 0x8200 (range [0x7e00, 0x8200]);
    // routing table: 0x2000 (row 0, col 2), 0xc000 (row 0, col c), 0x8800 (row 1, col 8).
    private static PastryTable RoutingExample() =>
        TableOf(0x8000, Leaves(4), 0x8100, 0x8200, 0x7f00, 0x7e00, 0x2000, 0xc000, 0x8800);

    [Fact]
    public void Route_KeyInLeafRange_GoesToTheNumericallyClosestLeafAsOwner()
    {
        var decision = RoutingExample().Route(K(0x8150));

        Assert.Equal(RouteDecision.Forward(P(0x8100), ownsKey: true), decision);
    }

    [Fact]
    public void Route_KeyHalfwayBetweenTwoLeaves_GoesToTheClockwiseOne()
    {
        // 0x8180 is 0x80 from both 0x8100 and 0x8200: ties go clockwise from the key.
        var decision = RoutingExample().Route(K(0x8180));

        Assert.Equal(P(0x8200), decision.NextHop);
        Assert.True(decision.NextHopOwnsKey);
    }

    [Fact]
    public void Route_KeyClosestToSelf_IsLocal()
    {
        var table = RoutingExample();

        Assert.True(table.Route(K(0x8010)).IsLocal);
        Assert.True(table.Route(K(0x8000)).IsLocal);
        Assert.True(table.Route(K(0x7f90)).IsLocal);
    }

    [Fact]
    public void Route_KeyOutsideLeafRange_UsesTheEntrySharingOneMoreDigit()
    {
        var table = RoutingExample();

        Assert.Equal(RouteDecision.Forward(P(0x2000), ownsKey: false), table.Route(K(0x2345)));
        Assert.Equal(RouteDecision.Forward(P(0xc000), ownsKey: false), table.Route(K(0xcfff)));
        Assert.Equal(RouteDecision.Forward(P(0x8800), ownsKey: false), table.Route(K(0x8877)));
    }

    [Fact]
    public void Route_EmptyCell_RareCaseGoesToTheClosestPeerWithAsLongAPrefix()
    {
        // 0x8a00: row 1, column a is empty. Peers sharing "8" and closer than self (0xa00 away):
        // 0x8100, 0x8200, 0x8800; 0x8800 is nearest.
        var decision = RoutingExample().Route(K(0x8a00));

        Assert.Equal(RouteDecision.Forward(P(0x8800), ownsKey: false), decision);
    }

    [Fact]
    public void Route_EmptyCellInRowZero_GoesToTheClosestKnownPeer()
    {
        // Row 0, column 5 is empty; every peer shares the empty prefix, and 0x7e00 (0x2e00 away) is
        // the closest to 0x5000: a leaf on the key's side, as Pastry's rare case guarantees.
        var table = TableOf(0x8000, Leaves(4), 0x8100, 0x8200, 0x7f00, 0x7e00);

        Assert.Equal(RouteDecision.Forward(P(0x7e00), ownsKey: false), table.Route(K(0x5000)));
        Assert.False(table.Owns(K(0x5000)));
    }

    [Fact]
    public void Owns_Alone_OwnsEverything()
    {
        var table = new PastryTable(P(0x8000), new Random(1));

        Assert.True(table.Owns(K(0x0001)));
        Assert.True(table.Route(K(0xffff)).IsLocal);
        Assert.False(table.Disowns(K(0x1234), out _));
    }

    [Fact]
    public void OwnsAndDisowns_KeyInLeafRange_FollowTheClosestLeaf()
    {
        var table = RoutingExample();

        Assert.True(table.Owns(K(0x8010)));
        Assert.False(table.Disowns(K(0x8010), out _));
        Assert.False(table.Owns(K(0x8150)));
        Assert.True(table.Disowns(K(0x8150), out var next));
        Assert.Equal(RouteDecision.Forward(P(0x8100), ownsKey: true), next);
    }

    [Fact]
    public void Disowns_KeyOutsideLeafRange_IsTrueAndRoutesOnWithoutTheFinalMark()
    {
        // Far from this node: a previous hop took it for the root on a stale view. It routes on as
        // usual (here by the routing table) instead of answering for a key it cannot hold.
        var table = RoutingExample();

        Assert.False(table.Owns(K(0x2345)));
        Assert.True(table.Disowns(K(0x2345), out var instead));
        Assert.Equal(table.Route(K(0x2345)), instead);
        Assert.False(instead.NextHopOwnsKey);
    }

    [Theory]
    [InlineData(300, 1)]
    [InlineData(1000, 2)]
    public void Route_ManyNodesPartialTables_EachHopMakesProgressAndEndsAtTheRoot(int n, int seed)
    {
        // Every node knows its true leaf set (L = 16) and 150 random others: routing tables with
        // gaps, so the rare case is exercised too.
        var random = new Random(seed);
        var ids = Enumerable.Range(0, n).Select(_ => NodeId.Random(random, 20)).Distinct().OrderBy(id => id).ToArray();
        var tables = new Dictionary<NodeId, PastryTable>();
        for (var i = 0; i < ids.Length; i++)
        {
            var t = new PastryTable(new PeerRef(ids[i], default), new Random(seed + i));
            for (var d = 1; d <= 8; d++)
            {
                t.Observe(new PeerRef(ids[(i + d) % ids.Length], default));
                t.Observe(new PeerRef(ids[(i - d + ids.Length) % ids.Length], default));
            }

            for (var k = 0; k < 150; k++)
            {
                t.Observe(new PeerRef(ids[random.Next(ids.Length)], default));
            }

            tables[ids[i]] = t;
        }

        var rareCases = 0;
        for (var lookup = 0; lookup < 300; lookup++)
        {
            var key = NodeId.Random(random, 20);
            var at = tables[ids[random.Next(ids.Length)]];
            var hops = 0;
            RouteDecision step;
            while (!(step = at.Route(key)).IsLocal)
            {
                var next = step.NextHop.Id;
                var here = at.Self.Id;
                var longerPrefix = NodeId.SharedPrefixLength(next, key, 4) > NodeId.SharedPrefixLength(here, key, 4);
                Assert.True(longerPrefix || Oracle.Nearer(key, next, here), $"hop {here} -> {next} for {key} makes no progress");
                rareCases += !longerPrefix && !step.NextHopOwnsKey ? 1 : 0; // only the rare case keeps the prefix short of the root
                at = tables[next];
                Assert.True(++hops <= 12, $"more than 12 hops for {key}");
            }

            Assert.Equal(Oracle.Root(key, ids), at.Self.Id);
        }

        Assert.True(rareCases > 0, "no lookup needed the rare case");
    }

    [Property(Replay = Replay.Seed, MaxTest = 60)]
    public void Owns_AllKnowAll_ExactlyOneNodeOwnsEachKeyAndItIsTheRoot(int seed, byte size)
    {
        // Two-byte IDs make halfway ties frequent; L = 4 puts most cases above L (leaf ranges apart)
        // and some below it (leaf sets spanning the ring).
        var random = new Random(seed);
        var ids = Enumerable.Range(0, 1 + (size % 24)).Select(_ => NodeId.Random(random, 2)).Distinct().OrderBy(id => id).ToArray();
        var tables = ids.Select(id =>
        {
            var t = new PastryTable(new PeerRef(id, default), new Random(seed), Leaves(4));
            foreach (var other in ids)
            {
                t.Observe(new PeerRef(other, default));
            }

            return t;
        }).ToArray();

        var keys = Enumerable.Range(0, 16).Select(_ => NodeId.Random(random, 2)).Concat(ids).Concat(Midpoints(ids));
        foreach (var key in keys)
        {
            var owners = tables.Where(t => t.Owns(key)).Select(t => t.Self.Id).ToArray();

            Assert.Equal([Oracle.Root(key, ids)], owners);
            Assert.All(tables.Where(t => !t.Owns(key) && t.Disowns(key, out _)), t =>
            {
                // Within the leaf range: to the nearer leaf, as the owner. Outside it: an ordinary
                // routing step, which lengthens the shared prefix or gets nearer.
                t.Disowns(key, out var next);
                Assert.True(Oracle.Nearer(key, next.NextHop.Id, t.Self.Id)
                    || NodeId.SharedPrefixLength(next.NextHop.Id, key, 4) > NodeId.SharedPrefixLength(t.Self.Id, key, 4));
                Assert.True(!next.NextHopOwnsKey || Oracle.Nearer(key, next.NextHop.Id, t.Self.Id));
            });
        }
    }

    // Keys exactly halfway between ring neighbours (where the gap is even): the tie cases.
    private static IEnumerable<NodeId> Midpoints(NodeId[] sorted)
    {
        for (var i = 0; i < sorted.Length; i++)
        {
            var a = Oracle.Value(sorted[i]);
            var gap = (Oracle.Value(sorted[(i + 1) % sorted.Length]) - a + 65536) % 65536;
            if (gap % 2 == 0)
            {
                yield return NodeId.FromUInt64((ulong)((a + (gap / 2)) % 65536), 2);
            }
        }
    }

    // ---- other views ----

    [Fact]
    public void Closest_OrdersByRingDistanceAndIncludesSelf()
    {
        var table = TableOf(0x8000, Leaves(4), 0x8100, 0x7f00, 0x2000);

        var closest = table.Closest(K(0x8090), 3);

        Assert.Equal([P(0x8100), P(0x8000), P(0x7f00)], closest);
    }

    [Fact]
    public void ReplicaSet_AlternatesNearestLeavesOnBothSides()
    {
        var table = TableOf(0x8000, Leaves(8), 0x8100, 0x8200, 0x8300, 0x8400, 0x7f00, 0x7e00, 0x7d00, 0x7c00);

        Assert.Equal([P(0x8100), P(0x7f00), P(0x8200), P(0x7e00), P(0x8300)], table.ReplicaSet(5));
    }

    [Fact]
    public void ReplicaSet_SmallOverlay_NamesEachPeerOnce()
    {
        var table = TableOf(0x8000, PastryOptions.Default, 0x9000, 0x1000);

        Assert.Equal([P(0x9000), P(0x1000)], table.ReplicaSet(4));
    }

    [Fact]
    public void AllPeers_LeavesAndRoutingTable_EachOnce()
    {
        var table = RoutingExample();

        Assert.Equal(7, table.AllPeers.Count());
        Assert.Equal(7, table.AllPeers.Select(p => p.Id).Distinct().Count());
        Assert.Equal(4, table.Neighbors.Count());
    }

    [Fact]
    public void TryGetAddress_LeafAndRoutingEntry_AreFoundAndUnknownIsNot()
    {
        var table = RoutingExample();

        Assert.True(table.TryGetAddress(K(0x7f00), out var leaf));
        Assert.Equal(P(0x7f00).Address, leaf);
        Assert.True(table.TryGetAddress(K(0xc000), out var entry));
        Assert.Equal(P(0xc000).Address, entry);
        Assert.False(table.TryGetAddress(K(0xc001), out _));
    }

    // ---- failures and merging ----

    [Fact]
    public void Remove_Leaf_IsReplacedByTheNearestPeerTheTableHolds()
    {
        // 0x9000 is in the routing table only (row 0, col 9): farther than both clockwise leaves.
        var table = TableOf(0x8000, Leaves(4), 0x8100, 0x8200, 0x7f00, 0x7e00, 0x9000);

        var change = table.Remove(K(0x8200));

        Assert.True(change.HasFlag(TableChange.Successors));
        Assert.True(change.HasFlag(TableChange.Fingers)); // 0x8200 was also the entry at row 1, col 2
        Assert.Equal([P(0x8100), P(0x9000)], table.ClockwiseLeaves);
        Assert.Equal([P(0x7f00), P(0x7e00)], table.CounterClockwiseLeaves);
        Assert.False(table.LeafSetSpansRing);
        Assert.False(table.TryGetAddress(K(0x8200), out _));
    }

    [Fact]
    public void Remove_RoutingEntry_CellIsRefilledByALeafThatFitsIt()
    {
        // 0x7f00 and 0x7e00 both belong at row 0, col 7; the first one seen holds it.
        var table = TableOf(0x8000, Leaves(4), 0x8100, 0x8200, 0x7f00, 0x7e00, 0x9000);
        Assert.Equal(P(0x7f00), table.EntryAt(0, 7));

        table.Remove(K(0x7f00));

        Assert.Equal(P(0x7e00), table.EntryAt(0, 7));
        Assert.Equal([P(0x7e00), P(0x9000)], table.CounterClockwiseLeaves);
    }

    [Fact]
    public void Remove_LastPeer_LeavesANodeAloneThatOwnsEverything()
    {
        var table = TableOf(0x8000, PastryOptions.Default, 0x9000);

        table.Remove(K(0x9000));

        Assert.Empty(table.AllPeers);
        Assert.True(table.Owns(K(0x9000)));
    }

    [Fact]
    public void MergeNeighbors_SendersLeafSet_BecomesOurCandidates()
    {
        var table = TableOf(0x8000, Leaves(4), 0x9000);

        var change = table.MergeNeighbors(P(0x9000), [P(0x8100), P(0x7f00), P(0x8200), P(0x7e00), P(0x8000)]);

        Assert.Equal(TableChange.Successors | TableChange.Predecessor, change & (TableChange.Successors | TableChange.Predecessor));
        Assert.Equal([P(0x8100), P(0x8200)], table.ClockwiseLeaves);
        Assert.Equal([P(0x7f00), P(0x7e00)], table.CounterClockwiseLeaves);
    }

    [Fact]
    public void MergeNeighbors_KnownPeerAtAnotherAddress_IsNotMoved()
    {
        var table = TableOf(0x8000, Leaves(4), 0x8100);
        var elsewhere = new PeerRef(K(0x8100), NodeAddress.FromIPv4(0x0A00_0001, 9999));

        table.MergeNeighbors(P(0x9000), [elsewhere]);

        Assert.True(table.TryGetAddress(K(0x8100), out var address));
        Assert.Equal(P(0x8100).Address, address);
    }

    // ---- maintenance ----

    [Fact]
    public void Maintenance_DefaultPeriods_LeafSetEveryRoundLocalEveryThirdGlobalEveryFifth()
    {
        var table = RoutingExample();

        var rounds = Enumerable.Range(0, 15).Select(r => (Round: r, Actions: table.Maintenance(r))).ToArray();

        Assert.All(rounds, r => Assert.Single(r.Actions, a => a.Kind == MaintenanceKind.ExchangeNeighbors));
        Assert.Equal([2, 5, 8, 11, 14], rounds.Where(r => r.Actions.Any(a => a.Kind == MaintenanceKind.ExchangeRow)).Select(r => r.Round));
        Assert.Equal([4, 9, 14], rounds.Where(r => r.Actions.Any(a => a.Kind == MaintenanceKind.FindPeers)).Select(r => r.Round));
    }

    [Fact]
    public void Maintenance_LeafSetPushPull_PicksLeavesOnly()
    {
        var table = RoutingExample();
        var leaves = table.Neighbors.ToHashSet();

        var asked = Enumerable.Range(0, 64).SelectMany(r => table.Maintenance(r)).Where(a => a.Kind == MaintenanceKind.ExchangeNeighbors).Select(a => a.Peer).ToHashSet();

        // Only leaves are asked, and in 64 draws of 4 leaves every one is.
        Assert.True(leaves.SetEquals(asked));
    }

    [Fact]
    public void Maintenance_LocalTuning_AsksAnEntryOfTheRowItNames()
    {
        var table = new PastryTable(P(0x8000), new Random(3), new PastryOptions { LeafSetSize = 4, LocalTuningPeriod = 1 });
        foreach (var p in new[] { 0x8100, 0x8200, 0x7f00, 0x7e00, 0x2000, 0xc000, 0x8800, 0x8030 })
        {
            table.Observe(P(p));
        }

        var asks = Enumerable.Range(0, 50).SelectMany(r => table.Maintenance(r)).Where(a => a.Kind == MaintenanceKind.ExchangeRow).ToArray();

        Assert.Equal(50, asks.Length);
        Assert.All(asks, a => Assert.Equal(a.Row, NodeId.SharedPrefixLength(K(0x8000), a.Peer.Id, 4)));
        Assert.Equal([0, 1, 2], asks.Select(a => a.Row).Distinct().Order());
    }

    [Fact]
    public void Maintenance_GlobalTuning_TargetsAnEmptyCellOfAFillableRow()
    {
        var table = new PastryTable(P(0x8000), new Random(5), new PastryOptions { LeafSetSize = 4, GlobalTuningPeriod = 1 });
        foreach (var p in new[] { 0x8100, 0x8200, 0x7f00, 0x7e00, 0x2000, 0xc000, 0x8800, 0x8030 })
        {
            table.Observe(P(p));
        }

        var targets = Enumerable.Range(0, 200).SelectMany(r => table.Maintenance(r)).Where(a => a.Kind == MaintenanceKind.FindPeers).Select(a => a.Target).ToArray();

        Assert.Equal(200, targets.Length);
        foreach (var target in targets)
        {
            // Deepest fillable row: no peer shares more than 2 digits with us (the nearest leaf, 0x8030).
            var row = NodeId.SharedPrefixLength(K(0x8000), target, 4);
            Assert.InRange(row, 0, 2);
            Assert.Null(table.EntryAt(row, target.Digit(row, 4)));
        }

        Assert.Equal([0, 1, 2], targets.Select(t => NodeId.SharedPrefixLength(K(0x8000), t, 4)).Distinct().Order());
    }

    [Fact]
    public void Maintenance_CandidateWithoutRtt_IsPingedThenCompetesOnItsRtt()
    {
        var table = new PastryTable(P(0x1234), new Random(1));
        table.Observe(P(0x5000), TimeSpan.FromMilliseconds(40));
        table.Observe(P(0x5111)); // loses the cell for want of a round trip

        var pings = table.Maintenance(0).Where(a => a.Kind == MaintenanceKind.Ping).Select(a => a.Peer).ToArray();
        table.Observe(P(0x5111), TimeSpan.FromMilliseconds(15)); // the ping's answer

        Assert.Equal([P(0x5111)], pings);
        Assert.Equal(P(0x5111), table.EntryAt(0, 5));
        Assert.DoesNotContain(table.Maintenance(1), a => a.Kind == MaintenanceKind.Ping);
    }

    [Fact]
    public void Maintenance_ProbesOff_NoPings()
    {
        var table = new PastryTable(P(0x1234), new Random(1), new PastryOptions { ProximityProbesPerRound = 0 });
        table.Observe(P(0x5000), TimeSpan.FromMilliseconds(40));
        table.Observe(P(0x5111));

        Assert.DoesNotContain(table.Maintenance(0), a => a.Kind == MaintenanceKind.Ping);
    }

    [Fact]
    public void Maintenance_Alone_DoesNothing()
    {
        var table = new PastryTable(P(0x8000), new Random(1));

        Assert.All(Enumerable.Range(0, 20), r => Assert.Empty(table.Maintenance(r)));
    }

    // ---- options ----

    [Fact]
    public void Options_InvalidValues_AreRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new PastryOptions { LeafSetSize = 5 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new PastryOptions { BitsPerDigit = 0 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new PastryOptions { LeafSetPeriod = 0 });
        Assert.Throws<ArgumentException>(() => new PastryTable(P(0x8000), new Random(1), new PastryOptions { BitsPerDigit = 3 }));
    }

    [Theory]
    [InlineData(2, 2, 5, 10)]
    [InlineData(4, 1, 3, 5)]
    [InlineData(10, 1, 1, 2)]
    public void ForMaintenanceInterval_BambooPeriods_BecomeRounds(int seconds, int leafSet, int local, int global)
    {
        var options = PastryOptions.ForMaintenanceInterval(TimeSpan.FromSeconds(seconds));

        Assert.Equal((leafSet, local, global), (options.LeafSetPeriod, options.LocalTuningPeriod, options.GlobalTuningPeriod));
    }

    [Fact]
    public void Default_IsTheMappingForAFourSecondRound()
    {
        Assert.Equal(PastryOptions.ForMaintenanceInterval(TimeSpan.FromSeconds(4)), PastryOptions.Default);
    }

    /// <summary>The root of a key by big-integer arithmetic, independent of the code under test.</summary>
    private static class Oracle
    {
        public static BigInteger Value(NodeId id) => new(id.Span, isUnsigned: true, isBigEndian: true);

        // Ring distance, then 0 for a node clockwise from the key (it wins a tie) and 1 for one before it.
        private static (BigInteger Distance, int Side) Key(NodeId key, NodeId x)
        {
            var ring = BigInteger.One << key.BitLength;
            var clockwise = ((Value(x) - Value(key)) % ring + ring) % ring;
            var counterClockwise = (ring - clockwise) % ring;
            return clockwise <= counterClockwise ? (clockwise, 0) : (counterClockwise, 1);
        }

        public static bool Nearer(NodeId key, NodeId a, NodeId b) => Key(key, a).CompareTo(Key(key, b)) < 0;

        public static NodeId Root(NodeId key, IEnumerable<NodeId> ids) => ids.MinBy(id => Key(key, id));
    }
}
