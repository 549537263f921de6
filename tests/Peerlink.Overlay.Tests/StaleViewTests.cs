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
