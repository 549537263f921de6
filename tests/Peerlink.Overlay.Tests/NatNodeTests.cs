using System.Net;
using Peerlink.Core;
using Peerlink.Nat.Stun;
using Peerlink.Overlay.Engine;
using Peerlink.Overlay.Topologies.Chord;
using Peerlink.Wire;

namespace Peerlink.Overlay.Tests;

/// <summary>A node's NAT side: STUN answered on the P2PP port, and the candidates its Peer-Info carries.</summary>
public class NatNodeTests
{
    private static readonly NodeAddress Public = NodeAddress.FromEndPoint(IPEndPoint.Parse("198.51.100.1:7081"));
    private static readonly NodeAddress Reflexive = NodeAddress.FromEndPoint(IPEndPoint.Parse("203.0.113.9:40001"));
    private static readonly NodeAddress Bound = NodeAddress.FromEndPoint(IPEndPoint.Parse("10.0.0.2:7081"));

    private static (OverlayNode Node, List<(NodeAddress To, byte[] Packet)> Sent) Node(NodeAddress self, OverlayNodeOptions? options = null)
    {
        var sender = new CapturingSender();
        var node = new OverlayNode(new ChordTable(new PeerRef(NodeId.Random(new Random(3), 20), self)), sender, new Random(1), options);
        return (node, sender.Packets);
    }

    [Fact]
    public void Receive_StunBindingOnTheP2ppPort_AnsweredWithTheSourceAsXorMappedAddress()
    {
        var (node, sent) = Node(Public);
        var id = Bytes.FromHex("0102030405060708090a0b0c");
        var request = StunCodec.Encode(new StunMessage(StunClass.Request, StunMethod.Binding, id), fingerprint: true);

        node.Receive(TimeSpan.Zero, Reflexive, request);

        var (to, packet) = Assert.Single(sent);
        Assert.Equal(Reflexive, to);
        Assert.True(StunCodec.TryDecode(packet, out var response, out _));
        Assert.Equal(StunClass.SuccessResponse, response.Class);
        Assert.Equal(Reflexive.ToEndPoint(), StunAddress.ReadXor(response.Find(StunAttributeType.XorMappedAddress)!.Value.Span, id.Span));
        Assert.Equal(1, node.Counters.StunAnswered);
        Assert.Equal(0, node.Counters.Malformed);
    }

    [Fact]
    public void Receive_StunThatIsNotABindingRequest_DroppedNotAnsweredNotMalformed()
    {
        var (node, sent) = Node(Public);
        var response = StunCodec.Encode(new StunMessage(StunClass.SuccessResponse, StunMethod.Binding, Bytes.FromHex("0102030405060708090a0b0c")));

        node.Receive(TimeSpan.Zero, Reflexive, response);

        Assert.Empty(sent);
        Assert.Equal(0, node.Counters.StunAnswered);
    }

    [Fact]
    public void PeerInfo_NodeBehindNat_ReflexiveCandidateFirstWithItsBaseThenTheHostOne_AndStunOffered()
    {
        var (node, sent) = Node(Reflexive, new OverlayNodeOptions { HostAddress = Bound });

        node.Join(TimeSpan.Zero, Public, _ => { });

        var join = P2ppCodec.Decode(sent.Single(p => p.To == Public).Packet, WireOptions.Default);
        var info = join.Find<PeerInfo>()!;
        Assert.Collection(
            info.Address!.Candidates,
            c => Assert.Equal((CandidateType.ServerReflexive, Reflexive, (NodeAddress?)Bound), (c.Kind, c.EndPoint, c.Related)),
            c => Assert.Equal((CandidateType.Host, Bound), (c.Kind, c.EndPoint)));
        Assert.Equal([ContentType.Stun], info.Services!.Services);
    }

    [Fact]
    public void PeerInfo_PublicNode_OneHostCandidate()
    {
        var (node, sent) = Node(Public, new OverlayNodeOptions { HostAddress = Public });

        node.Join(TimeSpan.Zero, Reflexive, _ => { });

        var info = P2ppCodec.Decode(sent.Single().Packet, WireOptions.Default).Find<PeerInfo>()!;
        Assert.Equal(CandidateType.Host, Assert.Single(info.Address!.Candidates).Kind);
    }

    private sealed class CapturingSender : IPacketSender
    {
        public List<(NodeAddress To, byte[] Packet)> Packets { get; } = [];

        public bool IsReliable => false;

        public void Send(NodeAddress destination, ReadOnlyMemory<byte> packet) => Packets.Add((destination, packet.ToArray()));
    }
}
