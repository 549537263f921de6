using Peerlink.Core;
using Peerlink.Overlay.Engine;
using Peerlink.Wire;

namespace Peerlink.Overlay.Tests;

/// <summary>What the engine does with views gone stale under churn: routing loops and reused addresses.</summary>
public class StaleViewTests
{
    private static NodeId Id(ulong value) => NodeId.FromUInt64(value << 56, 20);

    [Fact]
    public void Request_ComingBackFromAnotherPeerWhileForwarded_IsAnsweredAsALoopNotDroppedAsADuplicate()
    {
        // The same request reaches node 10 twice: from its originator, and then, while node 10 is
        // still waiting for the answer it forwarded, from another peer (it went round). Dropped as
        // a duplicate, it would leave that peer's path waiting until its timers ran out.
        var net = new TestNetwork(3);
        var peers = new ulong[] { 10, 20, 30, 40 }.Select((v, i) => new PeerRef(Id(v), NodeAddress.FromIPv4(0xC612_0000u + (uint)i + 1, 7080))).ToList();
        var nodes = peers.Select(p => net.Add(p)).ToList();
        foreach (var node in nodes)
        {
            foreach (var p in peers)
            {
                node.Topology.Observe(p);
            }
        }

        var origin = NodeAddress.FromIPv4(0xC612_0063, 7080);
        var header = new P2ppHeader(MessageKind.Request, RequestType.LookupObject, 77, NodeId.FromUInt64(99, 20)) { Ttl = 8, Recursive = true };
        var request = P2ppCodec.Encode(new P2ppMessage(header, [new RLookup(ContentType.UserInfo, 0, Id(35))]), WireOptions.Default);
        net.Inject(origin, peers[0].Address, request);
        net.Inject(peers[2].Address, peers[0].Address, request);
        net.Run(TimeSpan.FromSeconds(2));

        Assert.Equal(1, nodes[0].Counters.Loops);
        var answer = Assert.Single(
            net.Sent.Select(b => P2ppCodec.Decode(b, WireOptions.Default)),
            m => m.Header is { Kind: MessageKind.Response or MessageKind.ResponseAck, ResponseCode: ResponseCode.Timeout, TransactionId: 77 });
        Assert.Contains(answer.All<ErrorObject>(), e => e.Reason == "routing loop");
        Assert.Contains(answer.All<PeerInfo>(), p => p.PeerId == Id(40)); // whom node 10 takes for the owner
    }

    [Fact]
    public void Forwarded_OwnerNeverAnswersAndThisNodeIsNextInLine_ServesTheRequestItself()
    {
        // Kademlia peers 0x10, 0x30 (silent: crashed, or a black hole) and 0x40; a Publish for key
        // 0x31 reaches 0x40, which forwards it to 0x30, the closest. 0x30 never answers; without it
        // 0x40 is the closest peer it knows, so it stores the object itself instead of answering 418.
        var net = new TestNetwork(3);
        var peers = new ulong[] { 0x10, 0x30, 0x40 }.Select((v, i) => new PeerRef(Id(v), NodeAddress.FromIPv4(0xC612_0000u + (uint)i + 1, 7080))).ToList();
        var nodes = peers.Select((p, i) => net.Add(new Topologies.Kademlia.KademliaTable(p, new Random(i)))).ToList();
        foreach (var node in nodes)
        {
            foreach (var p in peers)
            {
                node.Topology.Observe(p);
            }
        }

        net.Crash(nodes[1]);
        var obj = new ResourceObject(ContentType.UserInfo, 0, Id(0x31), Bytes.FromUtf8("v")) { Expires = 600 };
        var header = new P2ppHeader(MessageKind.Request, RequestType.Publish, 5, peers[0].Id) { Ttl = 8, Recursive = true, FromPeer = true };
        var sender = new PeerInfo(peers[0].Id, new AddressInfo([new IceCandidate(peers[0].Address, CandidateTransport.Udp, CandidateType.Host, 0, 2, 0)]));
        net.Inject(peers[0].Address, peers[2].Address, P2ppCodec.Encode(new P2ppMessage(header, [sender, obj]), WireOptions.Default));
        net.Run(TimeSpan.FromSeconds(20));

        Assert.Single(nodes[2].Store.Lookup(net.Now, new RLookup(ContentType.UserInfo, 0, Id(0x31))));
        Assert.Contains(net.Sent.Select(b => P2ppCodec.Decode(b, WireOptions.Default)), m => m.Header is { Kind: MessageKind.ResponseAck, ResponseCode: ResponseCode.Ok, TransactionId: 5 });
    }

    [Fact]
    public void Peer_ThatSwallowsRoutedRequestsButAnswersKeepAlives_StaysOutOfTheTableWhileItSpeaks()
    {
        // A black hole (issue 4): it takes part in maintenance but drops every lookup it is sent.
        // The lookup still completes (around it, at a replica), and the peers it failed keep it out
        // of their tables although it keeps talking to them, until its strike runs out.
        var options = new OverlayNodeOptions { MaintenanceInterval = TimeSpan.FromSeconds(5), ReplicationInterval = TimeSpan.FromSeconds(10) };
        var (net, nodes) = TestNetwork.Ring(8, options: options);
        foreach (var node in nodes)
        {
            node.StartAlone(net.Now);
        }

        net.Run(TimeSpan.FromSeconds(12));
        var obj = new ResourceObject(ContentType.UserInfo, 0, IdHash.ToId(HashAlgorithmCode.Sha1, "k"), Bytes.FromUtf8("v")) { Expires = 600 };
        var owner = nodes.OrderBy(n => NodeId.RingDistance(obj.ResourceId, n.Self.Id)).First();
        var asker = nodes.First(n => n != owner && n.Topology.Route(obj.ResourceId).NextHop.Id == owner.Self.Id);
        OverlayResult? put = null;
        asker.Publish(net.Now, obj, RoutingMode.Recursive, r => put = r);
        net.Run(TimeSpan.FromSeconds(15)); // stored and replicated
        Assert.True(put?.Succeeded, put?.Failure);

        net.DropBetween = (_, to, packet) => to == owner.Address
            && P2ppFixedHeader.TryRead(packet, out var h) && h is { Kind: MessageKind.Request, IsAck: false, RequestType: RequestType.LookupObject or RequestType.Publish };
        OverlayResult? get = null;
        asker.LookupObject(net.Now, new RLookup(ContentType.UserInfo, 0, obj.ResourceId), RoutingMode.Recursive, r => get = r);
        net.Run(TimeSpan.FromSeconds(10));
        Assert.True(get?.Succeeded, get?.Failure ?? "no answer");

        var heardFrom = net.Routes.Count;
        net.Run(TimeSpan.FromSeconds(20)); // within its strike (30 s: DeadMemory at 5 s rounds)

        Assert.Contains(net.Routes.Skip(heardFrom), r => r.From == owner.Address && r.To == asker.Address);
        Assert.DoesNotContain(asker.Topology.AllPeers, p => p.Id == owner.Self.Id);
    }

    [Fact]
    public void Peer_WhoseAddressAnswersUnderANewId_IsDroppedAndNotLearnedBack()
    {
        // A peer leaves and a new one takes its address (as after a restart behind the same NAT
        // binding). Its neighbours' pings reach the newcomer, which answers under its own ID: the
        // old entry goes, and the other peers' stale tables do not bring it back.
        var options = new OverlayNodeOptions { MaintenanceInterval = TimeSpan.FromSeconds(5) };
        var (net, nodes) = TestNetwork.Ring(8, options: options);
        foreach (var node in nodes)
        {
            node.StartAlone(net.Now);
        }

        net.Run(TimeSpan.FromSeconds(12));
        var gone = nodes[3];
        net.Crash(gone);
        var newcomer = net.Add(new PeerRef(NodeId.FromUInt64(0xABCDEF, 20), gone.Address), options);
        foreach (var node in nodes.Where(n => n != gone))
        {
            newcomer.Topology.Observe(node.Self);
        }

        newcomer.StartAlone(net.Now);
        net.Run(TimeSpan.FromSeconds(60));

        var live = nodes.Where(n => n != gone).ToList();
        Assert.True(live.Sum(n => n.Counters.Superseded) > 0, "nobody noticed the address answering under another ID");
        Assert.DoesNotContain(live, n => n.Topology.AllPeers.Any(p => p.Id == gone.Self.Id));
    }
}
