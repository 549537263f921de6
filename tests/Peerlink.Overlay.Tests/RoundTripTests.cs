using Peerlink.Core;
using Peerlink.Overlay.Engine;
using Peerlink.Overlay.Topologies.Pastry;
using Peerlink.Wire;

namespace Peerlink.Overlay.Tests;

/// <summary>
/// The engine's round-trip measurements: per-peer retransmission timeouts (RFC 6298, Bamboo's
/// per-neighbour timeouts) and Pastry's proximity neighbour selection fed by measured round trips.
/// </summary>
public class RoundTripTests
{
    private static readonly NodeId KeyOfB = NodeId.FromUInt64(0x20, 20);

    private static ResourceObject Value(int i) =>
        new(ContentType.UserInfo, 0, KeyOfB, Bytes.FromUtf8($"value{i}")) { Expires = 3600 };

    private static bool IsLookupRequest(byte[] packet) =>
        P2ppCodec.Decode(packet, WireOptions.Default).Header is { Kind: MessageKind.Request, IsAck: false, RequestType: RequestType.LookupObject };

    // Two Chord peers 20 ms apart; A sends B five Publishes (each answered at once: five samples of
    // 40 ms), then a lookup whose first transmission is lost. Returns how long the lookup took.
    private static (TimeSpan Took, long Retransmitted) LookupAfterALoss(bool perPeerTimeouts)
    {
        var net = new TestNetwork();
        var options = new OverlayNodeOptions { PerPeerTimeouts = perPeerTimeouts };
        var a = net.Add(new PeerRef(NodeId.FromUInt64(0x10, 20), NodeAddress.FromIPv4(0xC612_0001, 7080)), options);
        var b = net.Add(new PeerRef(KeyOfB, NodeAddress.FromIPv4(0xC612_0002, 7080)), options);
        a.Topology.Observe(b.Self);
        b.Topology.Observe(a.Self);
        for (var i = 0; i < 5; i++)
        {
            OverlayResult? stored = null;
            a.Publish(net.Now, Value(i), RoutingMode.Recursive, r => stored = r);
            net.Run(TimeSpan.FromSeconds(1));
            Assert.True(stored?.Succeeded, stored?.Failure ?? "no answer");
        }

        var lost = false;
        net.DropWhere = packet => !lost && IsLookupRequest(packet) && (lost = true);
        var started = net.Now;
        TimeSpan? finished = null;
        a.LookupObject(net.Now, new RLookup(ContentType.UserInfo, 0, KeyOfB), RoutingMode.Recursive, r =>
        {
            Assert.True(r.Succeeded, r.Failure);
            finished = net.Now;
        });
        net.Run(TimeSpan.FromSeconds(10));
        Assert.True(lost, "the lookup's first transmission was not dropped");
        return ((finished ?? throw new InvalidOperationException("the lookup never finished")) - started, a.Counters.Retransmitted);
    }

    [Fact]
    public void Retransmission_ToAPeerWithMeasuredRoundTrips_ComesAfterItsOwnTimeoutNotT0()
    {
        var (adaptive, resentAdaptive) = LookupAfterALoss(perPeerTimeouts: true);
        var (fixedT0, resentFixed) = LookupAfterALoss(perPeerTimeouts: false);

        // RTO = SRTT + max(G, 4·RTTVAR) = 40 ms + 10 ms, raised to the 200 ms floor; then the 40 ms round trip.
        Assert.Equal(1, resentAdaptive);
        Assert.Equal(1, resentFixed);
        Assert.Equal(TimeSpan.FromMilliseconds(240), adaptive);
        Assert.Equal(TimeSpan.FromMilliseconds(540), fixedT0); // T0 = 500 ms
    }

    [Fact]
    public void Join_ThroughAPeerKnownOnlyByItsAddress_PutsNoPhantomPeerInAPastryTable()
    {
        // The joiner knows its bootstrap peer by address only; the Join's round trip must not enter
        // the bootstrap under the stand-in ID of zeros (Pastry takes every measured peer as a candidate).
        var net = new TestNetwork();
        var a = net.Add(new PastryTable(new PeerRef(NodeId.FromUInt64(0x1000, 20), NodeAddress.FromIPv4(0xC612_0001, 7080)), new Random(1)));
        var b = net.Add(new PastryTable(new PeerRef(NodeId.FromUInt64(0x9000, 20), NodeAddress.FromIPv4(0xC612_0002, 7080)), new Random(2)));
        a.StartAlone(net.Now);
        OverlayResult? joined = null;
        b.Join(net.Now, a.Address, r => joined = r);
        net.Run(TimeSpan.FromSeconds(30));

        Assert.True(joined?.Succeeded, joined?.Failure ?? "no answer");
        Assert.Equal([a.Self.Id], b.Topology.AllPeers.Select(p => p.Id));
    }

    [Fact]
    public void Pastry_TwoSitesFarApart_RoutingTableCellsHoldTheNearSitesPeers()
    {
        // 48 peers on two sites: 5 ms within a site, 100 ms between them. Proximity neighbour
        // selection should fill each first-row cell with a peer of the node's own site whenever the
        // overlay has one for that cell. Choosing without round trips would pick either site alike
        // (measured: 354 of 648 cells, 55 %, with the round trips withheld from the table; 549 with them).
        const int count = 48;
        static int Site(NodeAddress a) => (int)(a.Port % 2);
        var net = new TestNetwork
        {
            LatencyOf = (from, to) => TimeSpan.FromMilliseconds(Site(from) == Site(to) ? 5 : 100),
        };
        var random = new Random(11);
        var tables = Enumerable.Range(0, count).Select(i => (ITopology)new PastryTable(
            new PeerRef(NodeId.Random(random, 20), NodeAddress.FromIPv4(0xC612_0000u + (uint)i + 1, (ushort)(7080 + i))), new Random(i + 100)));
        var nodes = net.JoinOneByOne(tables, random);

        net.Run(TimeSpan.FromMinutes(20)); // leaf-set exchanges, local and global tuning, proximity probes

        int cells = 0, near = 0;
        foreach (var node in nodes)
        {
            var table = (PastryTable)node.Topology;
            for (var column = 0; column < 16; column++)
            {
                var candidates = nodes.Where(n => n != node && n.Self.Id.Digit(0, 4) == column && column != node.Self.Id.Digit(0, 4)).ToList();
                if (table.EntryAt(0, column) is not { } entry || !candidates.Exists(n => Site(n.Address) == Site(node.Address)))
                {
                    continue;
                }

                cells++;
                near += Site(entry.Address) == Site(node.Address) ? 1 : 0;
            }
        }

        Assert.True(cells > 200, $"only {cells} first-row cells with a same-site candidate");
        Assert.True(near >= 0.8 * cells, $"{near} of {cells} first-row cells hold a same-site peer");
    }
}
