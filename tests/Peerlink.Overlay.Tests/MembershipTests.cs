using Peerlink.Core;
using Peerlink.Overlay.Engine;
using Peerlink.Wire;

namespace Peerlink.Overlay.Tests;

public class MembershipTests
{
    private static ResourceObject Value(int i) =>
        new(ContentType.UserInfo, 0, IdHash.ToId(HashAlgorithmCode.Sha1, $"key{i}"), Bytes.FromUtf8($"value{i}")) { Expires = 3600 };

    private static RLookup Query(int i) => new(ContentType.UserInfo, 0, IdHash.ToId(HashAlgorithmCode.Sha1, $"key{i}"));

    /// <summary>Starts one node alone, then joins the others one by one through it, letting maintenance run between joins.</summary>
    private static (TestNetwork Net, List<OverlayNode> Nodes) Grow(int count, int seed, TestNetwork? network = null)
    {
        var net = network ?? new TestNetwork(seed);
        var random = new Random(seed);
        var tables = Enumerable.Range(0, count).Select(i => (ITopology)new Topologies.Chord.ChordTable(new PeerRef(NodeId.Random(random, 20), NodeAddress.FromIPv4(0xC612_0000u + (uint)i + 1, 7080))));
        var nodes = net.JoinOneByOne(tables, random);

        net.Run(TimeSpan.FromMinutes(5)); // a few dozen maintenance rounds
        return (net, nodes);
    }

    private static OverlayResult Do(TestNetwork net, Action<Action<OverlayResult>> start)
    {
        OverlayResult? result = null;
        start(r => result = r);
        net.Run(TimeSpan.FromSeconds(60));
        return result ?? throw new InvalidOperationException("the operation never finished");
    }

    [Fact]
    public void Join_OneByOne_BuildsACorrectRing()
    {
        var (_, nodes) = Grow(24, seed: 3);

        var ring = nodes.Select(n => n.Self).OrderBy(p => p.Id).ToList();
        for (var i = 0; i < ring.Count; i++)
        {
            var node = nodes.Single(n => n.Self.Id == ring[i].Id);
            var chord = (Topologies.Chord.ChordTable)node.Topology;
            Assert.Equal(ring[(i + 1) % ring.Count].Id, chord.Successor?.Id);
            Assert.Equal(ring[(i + ring.Count - 1) % ring.Count].Id, chord.Predecessor?.Id);
        }
    }

    [Fact]
    public void Join_AfterValuesWereStored_NewOwnerReceivesThemAndEveryValueIsFound()
    {
        var (net, nodes) = Grow(12, seed: 5);
        for (var i = 0; i < 40; i++)
        {
            Assert.True(Do(net, done => nodes[i % nodes.Count].Publish(net.Now, Value(i), RoutingMode.Recursive, done)).Succeeded);
        }

        var random = new Random(9);
        for (var j = 0; j < 8; j++)
        {
            var node = net.Add(new PeerRef(NodeId.Random(random, 20), NodeAddress.FromIPv4(0xC612_0100u + (uint)j, 7080)));
            Assert.True(Do(net, done => node.Join(net.Now, nodes[0].Address, done)).Succeeded);
            nodes.Add(node);
        }

        net.Run(TimeSpan.FromMinutes(3));
        for (var i = 0; i < 40; i++)
        {
            var owner = nodes.OrderBy(n => NodeId.RingDistance(Value(i).ResourceId, n.Self.Id)).First();
            Assert.Single(owner.Store.Lookup(net.Now, Query(i)));
            var get = Do(net, done => nodes[(i * 7) % nodes.Count].LookupObject(net.Now, Query(i), RoutingMode.Recursive, done));
            Assert.True(get.Succeeded, $"key{i}: {get.Failure}");
        }
    }

    [Fact]
    public void Leave_Gracefully_HandsObjectsToTheSuccessorAndNothingIsLost()
    {
        var (net, nodes) = Grow(12, seed: 7);
        for (var i = 0; i < 30; i++)
        {
            Do(net, done => nodes[i % nodes.Count].Publish(net.Now, Value(i), RoutingMode.Recursive, done));
        }

        var leaver = nodes[4];
        leaver.Leave(net.Now);
        net.Run(TimeSpan.FromSeconds(2));
        net.Crash(leaver);
        nodes.Remove(leaver);
        net.Run(TimeSpan.FromMinutes(1));

        for (var i = 0; i < 30; i++)
        {
            var get = Do(net, done => nodes[i % nodes.Count].LookupObject(net.Now, Query(i), RoutingMode.Recursive, done));
            Assert.True(get.Succeeded, $"key{i}: {get.Failure}");
        }
    }

    [Fact]
    public void Leave_OverTcpFromEphemeralPorts_NeighboursDropTheLeaverAtOnce()
    {
        // Over TCP a Leave arrives from the leaver's connection port, not the port in its Peer-Info;
        // it must still count, or neighbours keep routing to the leaver until pings time out.
        var (net, nodes) = Grow(8, seed: 5, new TestNetwork(5, reliable: true) { EphemeralPorts = true });
        var leaver = nodes[3];
        Assert.Contains(nodes, n => n != leaver && n.Topology.AllPeers.Any(p => p.Id == leaver.Self.Id));

        leaver.Leave(net.Now);
        net.Run(TimeSpan.FromMilliseconds(500)); // far less than it takes to find a peer dead
        net.Crash(leaver);

        Assert.DoesNotContain(nodes, n => n != leaver && n.Topology.Neighbors.Any(p => p.Id == leaver.Self.Id));
    }

    [Fact]
    public void Leave_ByAClient_IsSentWithPZero()
    {
        // §3.2: a client's messages carry P=0, or its peer would put it in its routing table.
        var (net, nodes) = Grow(4, seed: 9);
        var client = net.AddClient(new PeerRef(NodeId.FromUInt64(42, 20), NodeAddress.FromIPv4(0xC612_0100, 7080)), nodes[0].Self);
        net.Sent.Clear();

        client.Leave(net.Now);

        var leaves = net.Sent.Select(b => P2ppCodec.Decode(b).Header).Where(h => h.RequestType == RequestType.Leave).ToList();
        Assert.NotEmpty(leaves);
        Assert.All(leaves, h => Assert.False(h.FromPeer));
    }

    [Fact]
    public void Crash_ThreeNodesAtOnce_RingHealsAndValuesSurviveOnReplicas()
    {
        var (net, nodes) = Grow(20, seed: 11);
        for (var i = 0; i < 30; i++)
        {
            Do(net, done => nodes[i % nodes.Count].Publish(net.Now, Value(i), RoutingMode.Recursive, done));
        }

        foreach (var victim in new[] { nodes[2], nodes[9], nodes[15] })
        {
            net.Crash(victim);
            nodes.Remove(victim);
        }

        net.Run(TimeSpan.FromMinutes(3));
        var ring = nodes.Select(n => n.Self.Id).Order().ToList();
        foreach (var node in nodes)
        {
            var chord = (Topologies.Chord.ChordTable)node.Topology;
            var index = ring.IndexOf(node.Self.Id);
            Assert.Equal(ring[(index + 1) % ring.Count], chord.Successor?.Id);
        }

        for (var i = 0; i < 30; i++)
        {
            var get = Do(net, done => nodes[i % nodes.Count].LookupObject(net.Now, Query(i), RoutingMode.Recursive, done));
            Assert.True(get.Succeeded, $"key{i}: {get.Failure}");
        }
    }

    [Fact]
    public void Join_ThroughAnAddressWhereNobodyListens_FailsAndTheNodeStaysOut()
    {
        var net = new TestNetwork(1);
        var node = net.Add(new PeerRef(NodeId.FromUInt64(5, 20), NodeAddress.FromIPv4(0xC612_0001, 7080)));

        var result = Do(net, done => node.Join(net.Now, NodeAddress.FromIPv4(0xC612_0099, 7080), done));

        Assert.False(result.Succeeded);
        Assert.False(node.IsMember);
    }
}
