using Peerlink.Core;
using Peerlink.Overlay.Bootstrap;
using Peerlink.Overlay.Engine;
using Peerlink.Wire;

namespace Peerlink.Overlay.Tests;

public class BootstrapServerTests
{
    private static readonly NodeAddress ServerAt = NodeAddress.FromIPv4(0xC612_0001, 7080);
    private static readonly P2pOptions Chord = new(HashAlgorithmCode.Sha1, 20, OverlayAlgorithm.Chord, 1, Bytes.FromUtf8("demo"));

    private static NodeAddress Node(uint i) => NodeAddress.FromIPv4(0xC612_0100 + i, 7081);

    private static (BootstrapServer Server, CapturingSender Sent) Create()
    {
        var sent = new CapturingSender();
        return (new BootstrapServer(ServerAt, Chord, sent, new Random(1)), sent);
    }

    [Fact]
    public void Bootstrap_FirstNode_GetsOptionsAnIdAndNoPeers()
    {
        var (server, sent) = Create();

        server.Receive(TimeSpan.Zero, Node(1), BootstrapExchange.Request(7, Node(1)));

        var answer = BootstrapExchange.Read(sent.Packets.Single().Packet);
        Assert.NotNull(answer);
        Assert.Equal(Chord, answer.Options);
        Assert.Equal(20, answer.AssignedId.Length);
        Assert.Empty(answer.Peers);
        var header = P2ppCodec.Decode(sent.Packets[0].Packet).Header;
        Assert.Equal(NodeId.FromUInt64(1, 4), header.ResponseId); // §9.1: 0x00000001
        Assert.Equal(NodeId.Zero(4), header.SourceId);
    }

    [Fact]
    public void Bootstrap_LaterNodes_GetTheEarlierOnesNewestFirst()
    {
        var (server, sent) = Create();
        server.Receive(TimeSpan.Zero, Node(1), BootstrapExchange.Request(1, Node(1)));
        server.Receive(TimeSpan.Zero, Node(2), BootstrapExchange.Request(2, Node(2)));

        server.Receive(TimeSpan.Zero, Node(3), BootstrapExchange.Request(3, Node(3)));

        var answer = BootstrapExchange.Read(sent.Packets[^1].Packet)!;
        Assert.Equal([Node(2), Node(1)], answer.Peers.Select(p => p.Address));
    }

    [Fact]
    public void Bootstrap_WantedIdOfTheOverlayLength_IsKept()
    {
        var (server, sent) = Create();
        var wanted = IdHash.ToId(HashAlgorithmCode.Sha1, "alice");

        server.Receive(TimeSpan.Zero, Node(1), BootstrapExchange.Request(1, Node(1), wanted));

        Assert.Equal(wanted, BootstrapExchange.Read(sent.Packets[0].Packet)!.AssignedId);
    }

    [Fact]
    public void Poll_PeersThatNeverAnswerPings_AreForgotten()
    {
        var (server, sent) = Create();
        server.Receive(TimeSpan.Zero, Node(1), BootstrapExchange.Request(1, Node(1)));
        server.Receive(TimeSpan.Zero, Node(2), BootstrapExchange.Request(2, Node(2)));
        var interval = server.PingInterval;

        server.Poll(interval);
        var pings = sent.Packets.Skip(2).Select(p => P2ppCodec.Decode(p.Packet)).ToList();
        Assert.All(pings, p => Assert.Equal(RequestType.KeepAlive, p.Header.RequestType));
        Assert.All(pings, p => Assert.False(p.Header.FromPeer));

        // Node 2 answers its ping; node 1 stays silent for two rounds.
        var toNode2 = sent.Packets.Skip(2).Single(p => p.To == Node(2));
        var ping = P2ppCodec.Decode(toNode2.Packet).Header;
        var pong = new P2ppMessage(
            new P2ppHeader(MessageKind.ResponseAck, RequestType.KeepAlive, ping.TransactionId, ping.SourceId) { ResponseCode = ResponseCode.Ok, ResponseId = NodeId.FromUInt64(2, 20) },
            [new PeerInfo(NodeId.FromUInt64(2, 20), null)]);
        server.Receive(interval, Node(2), P2ppCodec.Encode(pong));
        server.Poll(interval * 2);
        server.Poll(interval * 3);

        Assert.Equal([Node(2)], server.Peers.Select(p => p.Address));
    }

    [Fact]
    public void Receive_Garbage_IsCountedAndUnanswered()
    {
        var (server, sent) = Create();

        server.Receive(TimeSpan.Zero, Node(1), new byte[] { 0x59, 0x6a, 0xbf, 0x0d });

        Assert.Equal(1, server.Malformed);
        Assert.Empty(sent.Packets);
    }

    [Fact]
    public void Receive_StunBindingRequest_AnsweredWithTheSourceAddress()
    {
        var (server, sent) = Create();
        var id = Bytes.FromHex("0102030405060708090a0b0c");

        server.Receive(TimeSpan.Zero, Node(1), Nat.Stun.StunCodec.Encode(new Nat.Stun.StunMessage(Nat.Stun.StunClass.Request, Nat.Stun.StunMethod.Binding, id)));

        var (to, packet) = Assert.Single(sent.Packets);
        Assert.Equal(Node(1), to);
        Assert.True(Nat.Stun.StunCodec.TryDecode(packet, out var response, out _));
        Assert.Equal(Node(1).ToEndPoint(), Nat.Stun.StunAddress.ReadXor(response.Find(Nat.Stun.StunAttributeType.XorMappedAddress)!.Value.Span, id.Span));
        Assert.Equal((1, 0), (server.StunAnswered, server.Malformed));
    }

    private sealed class CapturingSender : IPacketSender
    {
        public List<(NodeAddress To, byte[] Packet)> Packets { get; } = [];

        public bool IsReliable => false;

        public void Send(NodeAddress destination, ReadOnlyMemory<byte> packet) => Packets.Add((destination, packet.ToArray()));
    }
}
