using Peerlink.Core;
using Peerlink.Overlay.Engine;
using Peerlink.Wire;

namespace Peerlink.Overlay.Tests;

public class OverlayNodeTests
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(30);

    private static ResourceObject Value(string key, string value) =>
        new(ContentType.UserInfo, 0, IdHash.ToId(HashAlgorithmCode.Sha1, key), Bytes.FromUtf8(value)) { Expires = 600 };

    private static RLookup Query(string key) => new(ContentType.UserInfo, 0, IdHash.ToId(HashAlgorithmCode.Sha1, key));

    private static OverlayResult Run(TestNetwork net, Action<Action<OverlayResult>> start)
    {
        OverlayResult? result = null;
        start(r => result = r);
        net.Run(Settle);
        return result ?? throw new InvalidOperationException("the operation never finished");
    }

    private static NodeId Id(ulong v) => NodeId.FromUInt64(v, 20);

    // A ring of nodes at the given small IDs, each knowing all the others.
    private static (TestNetwork Net, List<PeerRef> Peers, List<OverlayNode> Nodes) RingAt(params ulong[] ids)
    {
        var net = new TestNetwork(3);
        var peers = ids.Select((v, i) => new PeerRef(Id(v), NodeAddress.FromIPv4(0xC612_0000u + (uint)i + 1, 7080))).ToList();
        var nodes = peers.Select(p => net.Add(p)).ToList();
        foreach (var node in nodes)
        {
            foreach (var p in peers)
            {
                node.Topology.Observe(p);
            }
        }

        return (net, peers, nodes);
    }

    private static OverlayNode OwnerOf(IEnumerable<OverlayNode> nodes, NodeId key) =>
        nodes.OrderBy(n => NodeId.RingDistance(key, n.Self.Id)).First();

    [Theory]
    [InlineData(RoutingMode.Recursive)]
    [InlineData(RoutingMode.Iterative)]
    [InlineData(RoutingMode.Parallel)]
    public void PublishThenLookup_FromOtherNodes_FindsTheValueAtTheKeysSuccessor(RoutingMode mode)
    {
        var (net, nodes) = TestNetwork.Ring(32);
        var obj = Value("alice@example.com", "sip:alice@192.0.2.1");

        var put = Run(net, done => nodes[3].Publish(net.Now, obj, mode, done));
        var get = Run(net, done => nodes[17].LookupObject(net.Now, Query("alice@example.com"), mode, done));

        Assert.True(put.Succeeded, put.Failure);
        Assert.True(get.Succeeded, get.Failure);
        Assert.Equal(obj.Value, Assert.Single(get.Objects).Value);
        Assert.Equal(Bytes.Copy(nodes[3].Self.Id.Span), get.Objects[0].Owner);
        Assert.Single(OwnerOf(nodes, obj.ResourceId).Store.Lookup(net.Now, Query("alice@example.com")));
    }

    [Fact]
    public void Publish_FinalHopOnAStaleView_IsPassedBackToTheOwner()
    {
        // Node 10 does not know node 20 yet, so it takes 30 for the owner of key 15 and sends the
        // Publish there marked final. 30 knows its predecessor is 20: the key is not 30's, and
        // storing it there would put it where no lookup finds it.
        var (net, peers, nodes) = RingAt(10, 20, 30, 40);

        nodes[0].Topology.Remove(Id(20));
        var obj = new ResourceObject(ContentType.UserInfo, 0, Id(15), Bytes.FromUtf8("v")) { Expires = 600 };

        var put = Run(net, done => nodes[0].Publish(net.Now, obj, RoutingMode.Recursive, done));
        var get = Run(net, done => nodes[3].LookupObject(net.Now, new RLookup(ContentType.UserInfo, 0, Id(15)), RoutingMode.Recursive, done));

        Assert.True(put.Succeeded, put.Failure);
        Assert.Equal(1, nodes[2].Counters.Redirected);
        Assert.Single(nodes[1].Store.Lookup(net.Now, new RLookup(ContentType.UserInfo, 0, Id(15))));
        Assert.True(get.Succeeded, get.Failure);
    }

    [Fact]
    public void Publish_FinalHopFarBehindOnAStaleView_IsRoutedAroundTheRingToTheOwner()
    {
        // 255 nodes evenly spread (node i at i/256 of the ring). Node 1 joined on a stale view: it
        // knows none of nodes 2 to 120, and none of them knows it. So it sends the Publish for a key
        // between nodes 5 and 6 to node 121 as the owner. Walking back from 121 one predecessor at
        // a time would take 115 hops; 121 sees that the key lies far behind its predecessor and
        // routes it as a lookup around the ring instead, which ends at node 6.
        var net = new TestNetwork(3);
        static NodeId At(int top, byte next = 0)
        {
            var bytes = new byte[20];
            bytes[0] = (byte)top;
            bytes[1] = next;
            return NodeId.FromBytes(bytes);
        }

        var peers = Enumerable.Range(1, 255).Select(i => new PeerRef(At(i), NodeAddress.FromIPv4(0xC612_0000u + (uint)i, 7080))).ToList();
        var nodes = peers.Select(p => net.Add(p)).ToList();
        var stale = nodes[0];
        foreach (var node in nodes.Skip(1))
        {
            foreach (var p in peers.Skip(1))
            {
                node.Topology.Observe(p);
            }
        }

        foreach (var p in peers.Skip(120))
        {
            stale.Topology.Observe(p);
        }

        var key = At(5, 0x80);
        var obj = new ResourceObject(ContentType.UserInfo, 0, key, Bytes.FromUtf8("v")) { Expires = 600 };

        var put = Run(net, done => stale.Publish(net.Now, obj, RoutingMode.Recursive, done));

        Assert.True(put.Succeeded, put.Failure);
        Assert.Equal(1, nodes[120].Counters.Redirected);
        Assert.Single(nodes[5].Store.Lookup(net.Now, new RLookup(ContentType.UserInfo, 0, key)));
        Assert.InRange(put.Hops, 2, 12);
    }

    [Fact]
    public void Transfer_OfAnObjectTheReceiverDoesNotOwn_IsPassedOnToTheOwnerItKnows()
    {
        // 30 hands key 15 to 40 on a stale view; the key lies a few nodes behind 40, which passes it
        // back towards its owner as a Transfer with one hop less to go (to 30, which passes it to
        // 20), and 20 keeps it as its own.
        var (net, peers, nodes) = RingAt(10, 20, 30, 40);

        var obj = new ResourceObject(ContentType.UserInfo, 0, Id(15), Bytes.FromUtf8("v")) { Expires = 600, Owner = Bytes.Copy(Id(99).Span) };
        var header = new P2ppHeader(MessageKind.Request, RequestType.Transfer, 7, peers[2].Id) { Ttl = 4 };
        var sender = new PeerInfo(peers[2].Id, new AddressInfo([new IceCandidate(peers[2].Address, CandidateTransport.Udp, CandidateType.Host, 0, 2, 0)]));
        net.Inject(peers[2].Address, peers[3].Address, P2ppCodec.Encode(new P2ppMessage(header, [sender, obj]), WireOptions.Default));

        net.Run(Settle);

        var passed = net.Sent.Select(b => P2ppCodec.Decode(b, WireOptions.Default)).Where(m => m.Header is { RequestType: RequestType.Transfer, Kind: MessageKind.Request } && m.Header.SourceId == peers[3].Id).ToList();
        Assert.Equal(3, Assert.Single(passed).Header.Ttl);
        Assert.Single(nodes[1].Store.Lookup(net.Now, new RLookup(ContentType.UserInfo, 0, Id(15))));
        var get = Run(net, done => nodes[0].LookupObject(net.Now, new RLookup(ContentType.UserInfo, 0, Id(15)), RoutingMode.Recursive, done));
        Assert.True(get.Succeeded, get.Failure);
    }

    [Theory]
    [InlineData(RoutingMode.Parallel)]
    [InlineData(RoutingMode.Iterative)]
    public void Kademlia_SparseTables_NodeLookupFindsTheObjectWhereGreedyRoutingStops(RoutingMode mode)
    {
        // 64 Kademlia peers that each know only 6 others: greedy routing stops at a peer that knows
        // no closer contact, which need not be the key's closest. A node lookup asks the closest
        // known for the closest they know until the closest have answered.
        var net = new TestNetwork(5);
        var random = new Random(5);
        var peers = Enumerable.Range(0, 64).Select(i => new PeerRef(NodeId.Random(random, 20), NodeAddress.FromIPv4(0xC612_0000u + (uint)i + 1, 7080))).ToList();
        var nodes = peers.Select(p => net.Add(new Topologies.Kademlia.KademliaTable(p, new Random(p.Address.Port + p.GetHashCode())))).ToList();
        for (var i = 0; i < nodes.Count; i++)
        {
            for (var j = 1; j <= 6; j++)
            {
                nodes[i].Topology.Observe(peers[(i + (j * j)) % peers.Count]);
            }
        }

        var key = NodeId.Random(random, 20);
        var closest = nodes.OrderBy(n => NodeId.XorDistance(n.Self.Id, key)).First();
        var obj = new ResourceObject(ContentType.UserInfo, 0, key, Bytes.FromUtf8("v")) { Expires = 600 };
        var asker = nodes.First(n => n != closest && !n.Topology.AllPeers.Contains(closest.Self));
        Assert.True(Run(net, done => nodes[7].Publish(net.Now, obj, mode, done)).Succeeded);

        var get = Run(net, done => asker.LookupObject(net.Now, new RLookup(ContentType.UserInfo, 0, key), mode, done));

        Assert.True(get.Succeeded, get.Failure);
        Assert.Single(closest.Store.Lookup(net.Now, new RLookup(ContentType.UserInfo, 0, key)));
    }

    [Fact]
    public void Replicate_LostOnTheWay_IsSentAgainAtTheNextReplicationRound()
    {
        // Every Replicate is lost for a while: the owner's replica set does not change, so only the
        // unanswered Replicate can tell it that its successor holds no copy.
        var options = new OverlayNodeOptions { Replicas = 1, MaintenanceInterval = TimeSpan.FromSeconds(5), ReplicationInterval = TimeSpan.FromSeconds(10) };
        var (net, nodes) = TestNetwork.Ring(8, options: options);
        foreach (var node in nodes)
        {
            node.StartAlone(net.Now);
        }

        net.Run(TimeSpan.FromSeconds(12)); // the first replication round notes each replica set
        var obj = Value("k", "v");
        var owner = OwnerOf(nodes, obj.ResourceId);
        var successor = nodes.Single(n => n.Self.Id == owner.Topology.ReplicaSet(1).Single().Id);
        net.DropWhere = packet => P2ppFixedHeader.TryRead(packet, out var h) && h is { RequestType: RequestType.Replicate, Kind: MessageKind.Request, IsAck: false };
        OverlayResult? put = null;
        owner.Publish(net.Now, obj, RoutingMode.Recursive, r => put = r);
        net.Run(TimeSpan.FromSeconds(8)); // T2 (5 s) passes: the Replicate failed
        Assert.True(put?.Succeeded);
        Assert.Empty(successor.Store.Lookup(net.Now, Query("k")));

        net.DropWhere = null;
        net.Run(TimeSpan.FromSeconds(15));

        Assert.Single(successor.Store.Lookup(net.Now, Query("k")));
    }

    [Fact]
    public void ReplicationRound_NeighbourhoodChanged_ACopyOfAKeyThisNodeDoesNotOwnGoesToItsRoot()
    {
        // The root of k holds no copy (say it took k over from a crashed root that had not yet
        // replicated, or from a neighbour that held k only as a replica); another node does. Nothing
        // happens while the neighbourhood stays as it is; once it changes (a node crashes), the
        // holder pushes its copy to the root as it now sees it.
        var options = new OverlayNodeOptions { MaintenanceInterval = TimeSpan.FromSeconds(5), ReplicationInterval = TimeSpan.FromSeconds(10) };
        var (net, nodes) = TestNetwork.Ring(8, options: options);
        foreach (var node in nodes)
        {
            node.StartAlone(net.Now);
        }

        net.Run(TimeSpan.FromSeconds(12)); // the first replication round notes each neighbourhood
        var obj = Value("k", "v");
        var root = OwnerOf(nodes, obj.ResourceId);
        var holder = nodes.First(n => n != root && !root.Topology.ReplicaSet(3).Any(p => p.Id == n.Self.Id) && !n.Topology.Owns(obj.ResourceId));
        Assert.Equal(Storage.StoreOutcome.Stored, holder.Store.Accept(net.Now, obj with { Owner = Bytes.FromUtf8("publisher") }));
        net.Run(TimeSpan.FromSeconds(25));
        Assert.Empty(root.Store.Lookup(net.Now, Query("k")));

        net.Crash(nodes.First(n => n != root && n != holder && holder.Topology.Neighbors.Any(p => p.Id == n.Self.Id)));
        net.Run(TimeSpan.FromSeconds(45));

        Assert.Single(root.Store.Lookup(net.Now, Query("k")));
    }

    [Fact]
    public void PublisherRepublish_EveryCopyLost_TheObjectIsBackAfterTheInterval()
    {
        // Kademlia's tRepublish: the owner and all its replicas crash at once; the publisher, still
        // alive, publishes the object again after the interval.
        var options = new OverlayNodeOptions { MaintenanceInterval = TimeSpan.FromSeconds(5), ReplicationInterval = TimeSpan.FromSeconds(10), PublisherRepublishInterval = TimeSpan.FromMinutes(3) };
        var (net, nodes) = TestNetwork.Ring(12, options: options);
        foreach (var node in nodes)
        {
            node.StartAlone(net.Now);
        }

        var obj = Value("k", "v");
        var owner = OwnerOf(nodes, obj.ResourceId);
        var publisher = nodes.First(n => n != owner && !owner.Topology.ReplicaSet(3).Any(p => p.Id == n.Self.Id));
        Assert.True(Run(net, done => publisher.Publish(net.Now, obj, RoutingMode.Recursive, done)).Succeeded);
        net.Run(TimeSpan.FromSeconds(30));
        var holders = nodes.Where(n => n.Store.Lookup(net.Now, Query("k")).Count > 0).ToList();
        Assert.DoesNotContain(publisher, holders);
        foreach (var holder in holders)
        {
            net.Crash(holder);
        }

        var asker = nodes.First(n => n != publisher && !holders.Contains(n));
        net.Run(TimeSpan.FromSeconds(40)); // the ring heals
        Assert.False(Run(net, done => asker.LookupObject(net.Now, Query("k"), RoutingMode.Recursive, done)).Succeeded);

        net.Run(TimeSpan.FromMinutes(3));

        Assert.Equal(1, publisher.PublishedCount);
        Assert.True(Run(net, done => asker.LookupObject(net.Now, Query("k"), RoutingMode.Recursive, done)).Succeeded);
    }

    [Fact]
    public void Republish_ACopyAReplicaLostSilently_IsRestoredAfterTheRepublishInterval()
    {
        // The replica set stays the same and every Replicate was answered: only the periodic
        // republish (Kademlia's tReplicate) brings back a copy the successor lost.
        var options = new OverlayNodeOptions { Replicas = 1, MaintenanceInterval = TimeSpan.FromSeconds(5), ReplicationInterval = TimeSpan.FromSeconds(10), RepublishInterval = TimeSpan.FromSeconds(60) };
        var (net, nodes) = TestNetwork.Ring(8, options: options);
        foreach (var node in nodes)
        {
            node.StartAlone(net.Now);
        }

        net.Run(TimeSpan.FromSeconds(12));
        var obj = Value("k", "v");
        var owner = OwnerOf(nodes, obj.ResourceId);
        var successor = nodes.Single(n => n.Self.Id == owner.Topology.ReplicaSet(1).Single().Id);
        owner.Publish(net.Now, obj, RoutingMode.Recursive, _ => { });
        net.Run(TimeSpan.FromSeconds(2));
        var copy = Assert.Single(successor.Store.Lookup(net.Now, Query("k")));
        successor.Store.Accept(net.Now, copy with { Expires = 0 }); // the copy is gone

        net.Run(TimeSpan.FromSeconds(30));
        Assert.Empty(successor.Store.Lookup(net.Now, Query("k"))); // the set did not change: nothing sent

        net.Run(TimeSpan.FromSeconds(40));
        Assert.Single(successor.Store.Lookup(net.Now, Query("k")));
    }

    [Fact]
    public void Lookup_MissingKey_Answers404()
    {
        var (net, nodes) = TestNetwork.Ring(16);

        var get = Run(net, done => nodes[0].LookupObject(net.Now, Query("nobody"), RoutingMode.Recursive, done));

        Assert.Equal(ResponseCode.NotFound, get.Code);
    }

    [Fact]
    public void Publish_ReplicatesToTheOwnersSuccessors()
    {
        var (net, nodes) = TestNetwork.Ring(16, options: new OverlayNodeOptions { Replicas = 3 });
        var obj = Value("k", "v");

        Run(net, done => nodes[5].Publish(net.Now, obj, RoutingMode.Recursive, done));

        var holders = nodes.Count(n => n.Store.Lookup(net.Now, Query("k")).Count == 1);
        Assert.Equal(4, holders); // the owner and its 3 successors
    }

    [Fact]
    public void Lookup_OwnerCrashed_StillFindsTheReplica()
    {
        var (net, nodes) = TestNetwork.Ring(16);
        var obj = Value("k", "v");
        Run(net, done => nodes[5].Publish(net.Now, obj, RoutingMode.Recursive, done));
        var owner = OwnerOf(nodes, obj.ResourceId);
        net.Crash(owner);
        var asker = nodes.First(n => n != owner && n.Topology.Route(obj.ResourceId).NextHop.Id == owner.Self.Id);

        var get = Run(net, done => asker.LookupObject(net.Now, Query("k"), RoutingMode.Recursive, done));

        Assert.True(get.Succeeded, get.Failure);
        Assert.DoesNotContain(asker.Topology.AllPeers, p => p.Id == owner.Self.Id);
    }

    [Fact]
    public void Remove_ByOtherNode_IsRejectedAndByOwnerRemovesEveryCopy()
    {
        var (net, nodes) = TestNetwork.Ring(16);
        var obj = Value("k", "v");
        Run(net, done => nodes[2].Publish(net.Now, obj, RoutingMode.Recursive, done));

        var forged = Run(net, done => nodes[9].RemoveObject(net.Now, obj with { Owner = Bytes.Copy(nodes[2].Self.Id.Span) }, RoutingMode.Recursive, done));
        var removed = Run(net, done => nodes[2].RemoveObject(net.Now, obj, RoutingMode.Recursive, done));

        Assert.Equal(ResponseCode.RequestRejected, forged.Code);
        Assert.True(removed.Succeeded, removed.Failure);
        Assert.All(nodes, n => Assert.Empty(n.Store.Lookup(net.Now, Query("k"))));
    }

    [Fact]
    public void Lookup_TwentyPercentLoss_SucceedsThroughRetransmission()
    {
        var (net, nodes) = TestNetwork.Ring(32, seed: 4);
        Run(net, done => nodes[1].Publish(net.Now, Value("k", "v"), RoutingMode.Recursive, done));
        net.Loss = 0.2;

        var results = Enumerable.Range(0, 20).Select(i => Run(net, done => nodes[i].LookupObject(net.Now, Query("k"), RoutingMode.Recursive, done))).ToList();

        Assert.All(results, r => Assert.True(r.Succeeded, r.Failure));
        Assert.True(nodes.Sum(n => n.Counters.Retransmitted) > 0);
    }

    [Fact]
    public void Lookup_ReliableTransport_SendsNoAcks()
    {
        var (net, nodes) = TestNetwork.Ring(16, reliable: true);

        var get = Run(net, done => nodes[0].LookupObject(net.Now, Query("k"), RoutingMode.Recursive, done));

        Assert.Equal(ResponseCode.NotFound, get.Code);
        Assert.DoesNotContain(net.Sent, p => P2ppCodec.Decode(p).Header.IsAck);
        Assert.DoesNotContain(net.Sent, p => P2ppCodec.Decode(p).Header.Kind == MessageKind.ResponseAck);
    }

    [Fact]
    public void Lookup_TtlTooSmallForTheRoute_Answers410()
    {
        var (net, nodes) = TestNetwork.Ring(64, options: new OverlayNodeOptions { InitialTtl = 1 });
        var asker = nodes[0];
        var farKey = Enumerable.Range(0, 200).Select(i => IdHash.ToId(HashAlgorithmCode.Sha1, $"k{i}"))
            .First(k => !asker.Topology.Route(k).IsLocal && !asker.Topology.Route(k).NextHopOwnsKey);

        var get = Run(net, done => asker.LookupObject(net.Now, new RLookup(ContentType.UserInfo, 0, farKey), RoutingMode.Recursive, done));

        Assert.Equal(ResponseCode.TtlExceeded, get.Code);
    }

    [Fact]
    public void Receive_GarbageTruncatedAndUnknownObject_CountsAllAndAnswersTheReadableOne400()
    {
        var (net, nodes) = TestNetwork.Ring(4);
        var target = nodes[0];
        var stranger = NodeAddress.FromIPv4(0xC612_00FF, 9);
        var valid = P2ppCodec.Encode(new P2ppMessage(
            new P2ppHeader(MessageKind.Request, RequestType.LookupObject, 9, NodeId.FromUInt64(7, 20)) { Ttl = 4 },
            [new RLookup(ContentType.UserInfo, 0, NodeId.FromUInt64(1, 20))]));
        var unknownMandatory = valid.Concat(new byte[] { 0x63, 0x00, 0x00, 0x00 }).ToArray();
        unknownMandatory[15] += 4; // Message Length covers the extra object
        net.Inject(stranger, target.Address, [1, 2, 3]);
        net.Inject(stranger, target.Address, valid[..^3]);
        net.Inject(stranger, target.Address, unknownMandatory);
        var sentBefore = target.Counters.Sent;

        net.Run(TimeSpan.FromSeconds(1));

        Assert.Equal(3, target.Counters.Malformed);
        // One 400, for the message whose header was readable (retransmitted: the stranger never ACKs).
        Assert.Equal(sentBefore + 1, target.Counters.Sent - target.Counters.Retransmitted);
        var answer = P2ppCodec.Decode(net.Sent[^1]);
        Assert.Equal(ResponseCode.BadRequest, answer.Header.ResponseCode);
        Assert.Equal(ErrorObject.Unrecognized(0x63), answer.Find<ErrorObject>());
    }

    [Fact]
    public void LookupPeer_Exact_FindsThePeerAndItsAddress()
    {
        var (net, nodes) = TestNetwork.Ring(32);
        var wanted = nodes[20].Self;

        var found = Run(net, done => nodes[3].LookupPeer(net.Now, new PLookup(1, PeerLookupMode.Exact, wanted.Id), RoutingMode.Recursive, done));

        Assert.True(found.Succeeded, found.Failure);
        Assert.Contains(found.Peers, p => p.PeerId == wanted.Id && p.Address!.Candidates[0].EndPoint == wanted.Address);
    }

    [Theory]
    [InlineData(RoutingMode.Recursive)]
    [InlineData(RoutingMode.Iterative)]
    public void Client_PutAndGetThroughItsPeer_WorksAndNeverEntersATable(RoutingMode mode)
    {
        var (net, nodes) = TestNetwork.Ring(16);
        var client = net.AddClient(new PeerRef(NodeId.FromUInt64(99, 20), NodeAddress.FromIPv4(0xC612_0F00, 5000)), new PeerRef(NodeId.Zero(20), nodes[0].Address));

        var put = Run(net, done => client.Publish(net.Now, Value("c", "v"), mode, done));
        var get = Run(net, done => client.LookupObject(net.Now, Query("c"), mode, done));

        Assert.True(put.Succeeded, put.Failure);
        Assert.True(get.Succeeded, get.Failure);
        Assert.All(nodes, n => Assert.DoesNotContain(n.Topology.AllPeers, p => p.Id == client.Self.Id));
    }
}
