using Peerlink.Core;
using Peerlink.Overlay.Engine;
using Peerlink.Overlay.Topologies.Kademlia;

namespace Peerlink.Overlay.Tests;

public class SearchTests
{
    // One-byte IDs; the metric is XOR, as Kademlia's.
    private static PeerRef P(int id) => new(NodeId.FromUInt64((ulong)id, 1), NodeAddress.FromIPv4(0xC612_0000u + (uint)id, 7080));

    private static KademliaTable Metric(int k) => new KademliaTable(P(0xFF), new Random(1), new KademliaOptions { K = k, Alpha = 1 });

    private static Search SearchFor(int key, int k, Action<IReadOnlyList<PeerRef>, int> done) =>
        new(NodeId.FromUInt64((ulong)key, 1), P(0xFF).Id, Metric(k), 3, done);

    [Fact]
    public void Offer_MorePeersThanK_KeepsTheKClosestAndAsksTheClosestFirst()
    {
        var search = SearchFor(0x10, 3, (_, _) => { });
        foreach (var id in new[] { 0x80, 0x11, 0x40, 0x13, 0x12, 0x10 ^ 0x20 })
        {
            search.Offer(P(id));
        }

        var asked = new List<PeerRef>();
        while (search.NextToAsk() is { } next)
        {
            asked.Add(next);
        }

        Assert.Equal([P(0x11), P(0x12), P(0x13)], asked); // XOR distances 1, 2, 3
        Assert.Equal(3, search.Asked);
    }

    [Fact]
    public void Offer_SelfOrTwice_IsIgnored()
    {
        var search = SearchFor(0x10, 3, (_, _) => { });

        search.Offer(P(0xFF));
        search.Offer(P(0x11));
        search.Offer(P(0x11));

        Assert.Equal(P(0x11), search.NextToAsk());
        Assert.Null(search.NextToAsk());
    }

    [Fact]
    public void Finish_GivesTheAnsweredPeersClosestFirstWithoutTheSilentOnesOnce()
    {
        IReadOnlyList<PeerRef>? result = null;
        var calls = 0;
        var search = SearchFor(0x10, 4, (peers, asked) => { result = peers; calls++; });
        foreach (var id in new[] { 0x14, 0x11, 0x12, 0x13 })
        {
            search.Offer(P(id));
        }

        while (search.NextToAsk() is not null)
        {
        }

        search.Answered(P(0x14));
        search.Failed(P(0x12));
        search.Answered(P(0x11));
        search.Finish();
        search.Finish();

        Assert.Equal([P(0x11), P(0x14)], result); // 0x13 was asked but never answered
        Assert.Equal(1, calls);
    }

    [Fact]
    public void Offer_CloserPeerWhenFull_DropsTheFarthestNotInFlight()
    {
        var search = SearchFor(0x10, 2, (_, _) => { });
        search.Offer(P(0x18));
        search.Offer(P(0x1C));
        Assert.Equal(P(0x18), search.NextToAsk());

        search.Offer(P(0x11)); // closer than both: 0x1C, not yet asked, makes room

        Assert.Equal(P(0x11), search.NextToAsk());
        Assert.Null(search.NextToAsk());
    }
}
