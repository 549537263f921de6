using Peerlink.Core;
using Peerlink.Overlay.Engine;
using Peerlink.Overlay.Topologies.Chord;
using Peerlink.Wire;

namespace Peerlink.Overlay.Tests;

/// <summary>
/// Connect (§8.16, §5.2.3) and the ICE paths it opens, on the virtual network with port-restricted cone
/// NATs: a node behind one is reached at its NAT's address (the mapping keeps its port), but only by a
/// peer it sent to first; its private host address reaches nobody.
/// </summary>
public class ConnectTests
{
    private static NodeAddress At(uint host, ushort port = 7081) => NodeAddress.FromIPv4(host, port);

    /// <summary>A network whose nodes in <paramref name="natted"/> sit behind port-restricted cone NATs.</summary>
    private static (TestNetwork Net, HashSet<(NodeAddress Inside, NodeAddress Remote)> Opened) ConeNats(HashSet<NodeAddress> natted)
    {
        var opened = new HashSet<(NodeAddress, NodeAddress)>();
        var net = new TestNetwork(seed: 4);
        net.DropBetween = (from, to, _) =>
        {
            if (natted.Contains(from))
            {
                opened.Add((from, to)); // RFC 4787 §5: the mapping now lets this remote's answers in
            }

            return natted.Contains(to) && !opened.Contains((to, from));
        };
        return (net, opened);
    }

    [Fact]
    public void Connect_TwoNodesBehindConeNats_IceSelectsTheReflexivePathAndTheyTalkDirectly()
    {
        var random = new Random(7);
        PeerRef Peer(uint host) => new(NodeId.Random(random, 20), At(host));
        var (p1, p2) = (Peer(0xC6336401), Peer(0xC6336402));
        var (a, b) = (Peer(0xCB007101), Peer(0xCB007201)); // the NATs' public addresses
        var (net, _) = ConeNats([a.Address, b.Address]);
        var behindA = new OverlayNodeOptions { HostAddress = At(0x0A000002) };
        var behindB = new OverlayNodeOptions { HostAddress = At(0x0A000102) };
        var n1 = net.Add(new ChordTable(p1));
        n1.StartAlone(net.Now);
        var n2 = net.Add(new ChordTable(p2));
        Join(net, n2, p1.Address);
        var selected = new List<PeerPath>();
        var na = net.Add(new ChordTable(a), behindA);
        na.PathSelected += selected.Add;
        Join(net, na, p1.Address);
        var nb = net.Add(new ChordTable(b), behindB);
        nb.PathSelected += selected.Add;
        Join(net, nb, p2.Address);

        net.Run(TimeSpan.FromSeconds(60));

        var aToB = Assert.Single(na.Paths, p => p.Peer == b.Id);
        Assert.Equal(("srflx", a.Address), (aToB.LocalType, aToB.Local));
        Assert.Equal(b.Address, aToB.Remote);
        var bToA = Assert.Single(nb.Paths, p => p.Peer == a.Id);
        Assert.Equal(("srflx", b.Address), (bToA.LocalType, bToA.Local));
        Assert.Equal(a.Address, bToA.Remote);
        Assert.Contains(aToB, selected);

        // P2PP goes straight from one to the other, not only ICE's checks.
        var before = net.Routes.Count;
        OverlayResult? put = null;
        na.Publish(net.Now, Obj(b.Id), RoutingMode.Recursive, r => put = r);
        net.Run(TimeSpan.FromSeconds(5));
        Assert.True(put?.Succeeded, put?.Failure);
        Assert.Contains(net.Routes.Skip(before), r => r.From == a.Address && r.To == b.Address);
        Assert.Equal(0, na.Counters.ConnectsRefused + nb.Counters.ConnectsRefused);
    }

    [Theory]
    [InlineData("no candidates")]
    [InlineData("port 0")]
    [InlineData("multicast")]
    [InlineData("tcp only")]
    [InlineData("no credentials")]
    [InlineData("bad ufrag chars")]
    public void Connect_GarbageOffer_RefusedWith400AndCounted(string garbage)
    {
        var random = new Random(3);
        var self = new PeerRef(NodeId.Random(random, 20), At(0xC6336401));
        var sender = NodeId.Random(random, 20);
        var net = new TestNetwork();
        var node = net.Add(new ChordTable(self));
        node.StartAlone(net.Now);
        var good = new Wire.IceCandidate(System.Net.IPAddress.Parse("203.0.113.5"), 7081);
        AddressInfo? candidates = garbage switch
        {
            "no candidates" => null,
            "port 0" => new AddressInfo([good, new Wire.IceCandidate(System.Net.IPAddress.Parse("203.0.113.5"), 0)]),
            "multicast" => new AddressInfo([new Wire.IceCandidate(System.Net.IPAddress.Parse("239.1.2.3"), 7081)]),
            "tcp only" => new AddressInfo([new Wire.IceCandidate(System.Net.IPAddress.Parse("203.0.113.5"), 7081, CandidateTransport.Tcp)]),
            _ => new AddressInfo([good]),
        };
        IceCredentials? credentials = garbage switch
        {
            "no credentials" => null,
            "bad ufrag chars" => new IceCredentials("ab:c", "0123456789012345678901234"),
            _ => new IceCredentials("abcd", "0123456789012345678901234"),
        };
        var header = new P2ppHeader(MessageKind.Request, RequestType.Connect, 99, sender) { Recursive = true, Ttl = 8, FromPeer = true };
        List<P2ppObject> objects = [new PeerInfo(sender, candidates)];
        if (credentials is not null)
        {
            objects.Add(credentials);
        }

        objects.Add(new PLookup(1, PeerLookupMode.Exact, self.Id));
        var from = At(0xCB007101);
        var answers = new List<P2ppMessage>();
        net.DropBetween = (src, to, packet) =>
        {
            if (src == self.Address && to == from && P2ppCodec.TryDecode(packet, WireOptions.Default, out var m, out _) && !m!.Header.IsAck)
            {
                answers.Add(m);
            }

            return to == from;
        };

        net.Inject(from, self.Address, P2ppCodec.Encode(new P2ppMessage(header, [.. objects]), WireOptions.Default));
        net.Run(TimeSpan.FromSeconds(1));

        var answer = answers[0]; // then its retransmissions: the test drops the ACKs
        Assert.Equal(ResponseCode.BadRequest, answer.Header.ResponseCode);
        Assert.NotNull(answer.Find<ErrorObject>());
        Assert.Equal(1, node.Counters.ConnectsRefused);
        Assert.Empty(node.Paths);
    }

    [Fact]
    public void Connect_CredentialsOfTheWrongLength_AnsweredAsMalformed()
    {
        var random = new Random(5);
        var self = new PeerRef(NodeId.Random(random, 20), At(0xC6336401));
        var sender = NodeId.Random(random, 20);
        var net = new TestNetwork();
        var node = net.Add(new ChordTable(self));
        node.StartAlone(net.Now);
        var header = new P2ppHeader(MessageKind.Request, RequestType.Connect, 7, sender) { Recursive = true, Ttl = 8, FromPeer = true };
        var good = P2ppCodec.Encode(new P2ppMessage(header, [
            new PeerInfo(sender, new AddressInfo([new Wire.IceCandidate(System.Net.IPAddress.Parse("203.0.113.5"), 7081)])),
            new IceCredentials("abcd", "0123456789012345678901234"),
            new PLookup(1, PeerLookupMode.Exact, self.Id)]), WireOptions.Default);

        // ice-pwd's length byte says 25; make it 3, below RFC 8445 §5.3's 22 characters.
        good[good.AsSpan().IndexOf("0123456789012345678901234"u8) - 1] = 3;
        net.Inject(At(0xCB007101), self.Address, good);
        net.Run(TimeSpan.FromSeconds(1));

        Assert.Equal(1, node.Counters.Malformed);
        Assert.Equal(0, node.Counters.ConnectsAnswered);
    }

    private static ResourceObject Obj(NodeId key) => new(ContentType.UserInfo, 0, key, Bytes.FromUtf8("v")) { Expires = 600 };

    private static void Join(TestNetwork net, OverlayNode node, NodeAddress via)
    {
        OverlayResult? joined = null;
        node.Join(net.Now, via, r => joined = r);
        net.Run(TimeSpan.FromSeconds(15));
        Assert.True(joined?.Succeeded, joined?.Failure ?? "no answer");
    }
}
