using Peerlink.Core;
using Peerlink.Overlay.Topologies.Chord;

namespace Peerlink.Overlay.Tests;

public class ChordTableTests
{
    // One-byte IDs: a ring of 256 positions, small enough to check by hand.
    private static PeerRef P(int id) => new(NodeId.FromUInt64((ulong)id, 1), NodeAddress.FromIPv4(0xC612_0000u + (uint)id, 7080));

    private static ChordTable TableOf(int self, params int[] peers)
    {
        var table = new ChordTable(P(self), successorCount: 3);
        foreach (var p in peers)
        {
            table.Observe(P(p));
        }

        return table;
    }

    [Fact]
    public void Route_KeyBetweenSelfAndSuccessor_GoesToSuccessorAsOwner()
    {
        var table = TableOf(10, 50, 100, 200);

        var decision = table.Route(NodeId.FromUInt64(30, 1));

        Assert.False(decision.IsLocal);
        Assert.Equal(P(50), decision.NextHop);
        Assert.True(decision.NextHopOwnsKey);
    }

    [Fact]
    public void Route_FarKey_GoesToClosestPrecedingPeer()
    {
        var table = TableOf(10, 50, 100, 200);

        var decision = table.Route(NodeId.FromUInt64(150, 1));

        Assert.Equal(P(100), decision.NextHop);
        Assert.False(decision.NextHopOwnsKey);
    }

    [Theory]
    [InlineData(5)]
    [InlineData(10)]
    [InlineData(201)]
    public void Route_KeyBetweenPredecessorAndSelf_IsLocal(int key)
    {
        var table = TableOf(10, 50, 100, 200);

        Assert.Equal(P(200), table.Predecessor);
        Assert.True(table.Route(NodeId.FromUInt64((ulong)key, 1)).IsLocal);
    }

    [Fact]
    public void Owns_AloneOnTheRing_OwnsEverything()
    {
        var table = new ChordTable(P(10));

        Assert.True(table.Owns(NodeId.FromUInt64(11, 1)));
        Assert.True(table.Route(NodeId.FromUInt64(200, 1)).IsLocal);
    }

    [Fact]
    public void Owns_NoPredecessorYet_ClaimsOnlyItsOwnId()
    {
        var table = TableOf(10, 50);
        table.ClearPredecessor();

        Assert.False(table.Owns(NodeId.FromUInt64(5, 1)));
        Assert.True(table.Owns(NodeId.FromUInt64(10, 1)));
    }

    [Fact]
    public void Observe_MorePeersThanR_KeepsTheNearestRInRingOrder()
    {
        var table = TableOf(250, 100, 3, 40, 20, 251);

        Assert.Equal([P(251), P(3), P(20)], table.Successors);
    }

    [Fact]
    public void Observe_PeerBeyondAFullSuccessorList_ChangesNoSuccessor()
    {
        var table = TableOf(0, 10, 20, 30);

        var change = table.Observe(P(40));

        Assert.False(change.HasFlag(TableChange.Successors));
        Assert.Equal([P(10), P(20), P(30)], table.Successors);
    }

    [Fact]
    public void Observe_CloserPredecessor_ReportsPredecessorChange()
    {
        var table = TableOf(100, 50);

        var change = table.Observe(P(80));
        var farther = table.Observe(P(60));

        Assert.True(change.HasFlag(TableChange.Predecessor));
        Assert.Equal(P(80), table.Predecessor);
        Assert.False(farther.HasFlag(TableChange.Predecessor));
    }

    [Fact]
    public void Observe_StrictMode_KeepsTheFirstPeerOfEachInterval()
    {
        // From 0: 70 and 100 both lie in interval 6 = [64, 128); strict Chord keeps 70 = successor(0 + 64).
        var table = TableOf(0, 100, 70);

        Assert.Equal(P(70), table.FingerFor(6));
        Assert.Null(table.FingerFor(5));
    }

    [Fact]
    public void Observe_ProximityMode_KeepsTheNearestPeerOfEachInterval()
    {
        var table = new ChordTable(P(0), mode: FingerMode.Proximity);
        table.Observe(P(70), TimeSpan.FromMilliseconds(80));
        table.Observe(P(100), TimeSpan.FromMilliseconds(10));
        table.Observe(P(90), TimeSpan.FromMilliseconds(40));

        Assert.Equal(P(100), table.FingerFor(6));
    }

    [Fact]
    public void Observe_SelfOrOtherWidth_IsIgnored()
    {
        var table = new ChordTable(P(10));

        Assert.Equal(TableChange.None, table.Observe(P(10)));
        Assert.Equal(TableChange.None, table.Observe(new PeerRef(NodeId.FromUInt64(5, 2), default)));
        Assert.Empty(table.AllPeers);
    }

    [Fact]
    public void Remove_DeadSuccessorAndPredecessor_AreForgottenEverywhere()
    {
        var table = TableOf(10, 50, 100, 200);

        var change = table.Remove(P(50).Id) | table.Remove(P(200).Id);

        Assert.Equal(TableChange.Successors | TableChange.Predecessor | TableChange.Fingers, change);
        Assert.DoesNotContain(table.AllPeers, p => p.Id == P(50).Id || p.Id == P(200).Id);
        Assert.Equal(P(100), table.Successor);
        Assert.Null(table.Predecessor);
    }

    [Fact]
    public void FingerStart_IsSelfPlusPowerOfTwoModRing()
    {
        var table = new ChordTable(P(200));

        Assert.Equal(NodeId.FromUInt64(201, 1), table.FingerStart(0));
        Assert.Equal(NodeId.FromUInt64(72, 1), table.FingerStart(7)); // 200 + 128 - 256
    }

    [Fact]
    public void Disowns_KeyInOwnArc_IsFalse()
    {
        var table = TableOf(100, 90, 101, 102, 103);

        Assert.False(table.Disowns(NodeId.FromUInt64(95, 1), out _));
    }

    [Fact]
    public void Disowns_KeyAFewNodesBehindThePredecessor_WalksBackToThePredecessorAsOwner()
    {
        // Successors one apart: key 88 lies about 12 nodes' spacing behind us, within the walk-back limit.
        var table = TableOf(100, 90, 101, 102, 103, 200);

        Assert.True(table.Disowns(NodeId.FromUInt64(88, 1), out var instead));
        Assert.Equal(RouteDecision.Forward(P(90), ownsKey: true), instead);
    }

    [Fact]
    public void Disowns_KeyFarBehindThePredecessor_IsRoutedAroundTheRingNotAsOwner()
    {
        // Key 20 lies 80 successor spacings behind us: walking back would take that many hops.
        var table = TableOf(100, 90, 101, 102, 103, 200);

        Assert.True(table.Disowns(NodeId.FromUInt64(20, 1), out var instead));
        Assert.Equal(RouteDecision.Forward(P(200), ownsKey: false), instead);
    }

    [Fact]
    public void Maintenance_EverySixthRoundWhileYoungThenEverySixtieth_LooksUpItsOwnSuccessorStartingAtAFinger()
    {
        var table = TableOf(100, 90, 101, 102, 103, 200);

        var crossChecks = Enumerable.Range(0, 240).Select(r => (Round: r, Actions: table.Maintenance(r)))
            .SelectMany(x => x.Actions.Where(a => a.Kind == MaintenanceKind.FindPeers && !a.Peer.Id.IsEmpty).Select(a => (x.Round, Action: a)))
            .ToList();

        Assert.Equal([5, 11, 17, 23, 29, 35, 41, 47, 53, 59, 119, 179, 239], crossChecks.Select(c => c.Round));
        Assert.All(crossChecks, c =>
        {
            Assert.Contains(c.Action.Peer, table.Fingers);
            Assert.DoesNotContain(c.Action.Peer, table.Successors); // a path that is not our own
            Assert.Equal(NodeId.FromUInt64(101, 1), c.Action.Target);
        });
    }

    [Theory]
    [InlineData(64, 1)]
    [InlineData(1000, 2)]
    [InlineData(300, 3)]
    public void Route_RingWithCompleteTables_ReachesTheKeysSuccessorInLogHops(int n, int seed)
    {
        var random = new Random(seed);
        var ids = Enumerable.Range(0, n).Select(_ => NodeId.Random(random, 20)).Distinct().OrderBy(id => id).ToArray();
        var nodes = ids.Select(id => new PeerRef(id, default)).ToArray();
        var tables = nodes.ToDictionary(p => p.Id, p =>
        {
            var t = new ChordTable(p);
            foreach (var other in nodes)
            {
                t.Observe(other);
            }

            return t;
        });
        var maxHops = (int)Math.Ceiling(Math.Log2(ids.Length)) + 1;

        for (var lookup = 0; lookup < 200; lookup++)
        {
            var key = NodeId.Random(random, 20);
            var owner = ids.FirstOrDefault(id => id >= key, ids[0]); // successor(key)
            var at = tables[ids[random.Next(ids.Length)]];
            var hops = 0;
            RouteDecision step;
            while (!(step = at.Route(key)).IsLocal)
            {
                at = tables[step.NextHop.Id];
                Assert.True(++hops <= maxHops, $"more than {maxHops} hops for {key}");
            }

            Assert.Equal(owner, at.Self.Id);
        }
    }
}
