using System.Globalization;
using System.Net;
using System.Text;
using Peerlink.Core;
using Peerlink.Wire;

namespace Peerlink.Interop.Tests;

/// <summary>
/// tools/wireshark/p2pp.lua against our encoder: messages made by <see cref="P2ppCodec.Encode(P2ppMessage, WireOptions?)"/>
/// are written to a pcap file, read back by the real tshark with the dissector loaded, and the
/// fields tshark prints must be the ones we encoded. Malformed input must be flagged, good input not.
/// </summary>
public sealed class WiresharkDissectorTests : IDisposable
{
    private const string Tshark = TsharkSession.Tool;

    /// <summary>Expert infos of severity Error or worse (PI_ERROR), anything malformed, and our own flag.</summary>
    private const string ErrorFilter = "p2pp.malformed || _ws.malformed || _ws.expert.severity >= 0x00800000";

    private static readonly IPEndPoint Client = new(IPAddress.Loopback, 50001);
    private static readonly IPEndPoint Server = new(IPAddress.Loopback, 7080);

    private static readonly NodeId Joiner = NodeId.Parse("fc2398a73dd54d6237c4fdb58fd7d75347cf5af3");
    private static readonly NodeId Responder = NodeId.Parse("1c7e0a4b2d9f8e3a5b6c7d8e9f0a1b2c3d4e5f60");
    private static readonly NodeId NextHop = NodeId.Parse("7f00000000000000000000000000000000000001");
    private static readonly NodeId ResourceKey = NodeId.Parse("a94a8fe5ccb19ba61c4c0873d391e987982fbbd3");

    private readonly TsharkSession _tshark = new(Path.Combine(ExternalTool.RepositoryRoot(), "tools", "wireshark", "p2pp.lua"));

    public void Dispose() => _tshark.Dispose();

    [RequiresToolFact(Tshark)]
    public void Dissector_UdpMessagesFromOurEncoder_FieldsMatchWhatWasEncoded()
    {
        var pcap = Capture(w =>
        {
            w.WriteUdp(Client, Server, P2ppCodec.Encode(JoinRequest()));
            w.WriteUdp(Server, Client, P2ppCodec.Encode(BootstrapResponse()));
            w.WriteUdp(Server, Client, P2ppCodec.Encode(LookupObjectResponseAck()));
            w.WriteUdp(Client, Server, P2ppCodec.Encode(LookupPeerRequest()));
            w.WriteUdp(Server, Client, P2ppCodec.Encode(LookupPeerAck()));
        });

        var rows = Fields(pcap, null,
            "_ws.col.Info", "p2pp.version", "p2pp.kind", "p2pp.ack", "p2pp.peer", "p2pp.recursive", "p2pp.response_code",
            "p2pp.request_type", "p2pp.ttl", "p2pp.magic", "p2pp.transaction_id", "p2pp.length", "p2pp.source_id", "p2pp.response_id",
            "p2pp.object.type", "p2pp.peer_id", "p2pp.candidate.address", "p2pp.candidate.port", "p2pp.candidate.related_address",
            "p2pp.candidate.related_port", "p2pp.uptime", "p2pp.expires", "p2pp.resource_id", "p2pp.owner", "p2pp.value",
            "p2pp.p2p_options.hash_algorithm", "p2pp.p2p_options.hash_length", "p2pp.p2p_options.overlay_id",
            "p2pp.plookup.num", "p2pp.plookup.target", "p2pp.plookup.range_end", "p2pp.request_options.neighbor_table");
        Assert.Equal(5, rows.Count);

        // 1: Join request with Request-Options and a Peer-Info holding three candidates.
        var join = rows[1];
        Assert.Equal("Join request tid=0x1234", join["_ws.col.Info"]);
        Assert.Equal("1", join["p2pp.version"]);
        Assert.Equal("0", join["p2pp.kind"]);
        Assert.Equal("3", join["p2pp.request_type"]);
        Assert.Equal("16", join["p2pp.ttl"]);
        Assert.Equal("0x596abf0d", join["p2pp.magic"]);
        Assert.Equal("0x00001234", join["p2pp.transaction_id"]);
        Assert.Equal((P2ppCodec.Encode(JoinRequest()).Length - 16).ToString(CultureInfo.InvariantCulture), join["p2pp.length"]);
        Assert.True(IsTrue(join["p2pp.recursive"]));
        Assert.True(IsTrue(join["p2pp.peer"]));
        Assert.False(IsTrue(join["p2pp.ack"]));
        Assert.Equal(Joiner.ToString(), join["p2pp.source_id"]);
        Assert.Equal(string.Empty, join["p2pp.response_id"]);
        Assert.Equal(Joiner.ToString(), join["p2pp.peer_id"]);
        Assert.Equal("192.0.2.10,203.0.113.7,2001:db8::1", join["p2pp.candidate.address"]);
        Assert.Equal("7080,40000,7081", join["p2pp.candidate.port"]);
        Assert.Equal("192.0.2.10,2001:db8::2", join["p2pp.candidate.related_address"]);
        Assert.Equal("7080,3478", join["p2pp.candidate.related_port"]);
        Assert.Equal("42", join["p2pp.uptime"]);
        Assert.True(IsTrue(join["p2pp.request_options.neighbor_table"]));
        Assert.Equal("6,0,1,2,4", join["p2pp.object.type"]); // Request-Options, Peer-Info{Peer-ID, Address-Info, Uptime}

        // 2: Bootstrap response: 4-byte IDs, two Peer-Infos and P2P-Options.
        var bootstrap = rows[2];
        Assert.Equal("Bootstrap response 200 tid=0xb0075", bootstrap["_ws.col.Info"]);
        Assert.Equal("2", bootstrap["p2pp.kind"]);
        Assert.Equal("2", bootstrap["p2pp.request_type"]);
        Assert.Equal("200", bootstrap["p2pp.response_code"]);
        Assert.Equal("00000000", bootstrap["p2pp.source_id"]);
        Assert.Equal("00000001", bootstrap["p2pp.response_id"]);
        Assert.Equal($"{Responder},{Joiner}", bootstrap["p2pp.peer_id"]);
        Assert.Equal("1", bootstrap["p2pp.p2p_options.hash_algorithm"]);
        Assert.Equal("20", bootstrap["p2pp.p2p_options.hash_length"]);
        Assert.Equal(Hex("peerlink-test"), bootstrap["p2pp.p2p_options.overlay_id"]);

        // 3: LookupObject responseACK with a Resource-Object carrying Owner and Expires.
        var lookup = rows[3];
        Assert.Equal("LookupObject responseACK 200 tid=0x5150", lookup["_ws.col.Info"]);
        Assert.Equal("3", lookup["p2pp.kind"]);
        Assert.Equal("10", lookup["p2pp.request_type"]);
        Assert.Equal("0x00005150", lookup["p2pp.transaction_id"]);
        Assert.Equal(Joiner.ToString(), lookup["p2pp.source_id"]);
        Assert.Equal(Responder.ToString(), lookup["p2pp.response_id"]);
        Assert.Equal(ResourceKey.ToString(), lookup["p2pp.resource_id"]);
        Assert.Equal(Hex("alice@example.org"), lookup["p2pp.owner"]);
        Assert.Equal(Hex("sip:alice@192.0.2.10:5060"), lookup["p2pp.value"]);
        Assert.Equal("3600", lookup["p2pp.expires"]);

        // 4: LookupPeer request with a range PLookup.
        var lookupPeer = rows[4];
        Assert.Equal("LookupPeer request tid=0x6006", lookupPeer["_ws.col.Info"]);
        Assert.Equal("6", lookupPeer["p2pp.request_type"]);
        Assert.Equal("5", lookupPeer["p2pp.plookup.num"]);
        Assert.Equal(Responder.ToString(), lookupPeer["p2pp.plookup.target"]);
        Assert.Equal(NextHop.ToString(), lookupPeer["p2pp.plookup.range_end"]);

        // 5: the next hop's ACK of that request: A flag, so a Response-ID, no objects.
        var ack = rows[5];
        Assert.Equal("LookupPeer request ACK tid=0x6006", ack["_ws.col.Info"]);
        Assert.True(IsTrue(ack["p2pp.ack"]));
        Assert.Equal(Joiner.ToString(), ack["p2pp.source_id"]);
        Assert.Equal(NextHop.ToString(), ack["p2pp.response_id"]);
        Assert.Equal(string.Empty, ack["p2pp.object.type"]);

        Assert.Empty(Frames(pcap, ErrorFilter));
    }

    [RequiresToolFact(Tshark)]
    public void Dissector_TcpMessageSplitAcrossTwoSegments_ReassembledWithLengthField()
    {
        var publish = P2ppCodec.Encode(PublishRequest());
        var keepAlive = P2ppCodec.Encode(KeepAliveRequest());
        const int split = 600;
        Assert.True(publish.Length > 2 * split, "the Publish must not fit in the first segment");
        int first = 0, second = 0;
        var pcap = Capture(w =>
        {
            var tcp = w.OpenTcp(new IPEndPoint(IPAddress.Loopback, 50002), Server);
            first = tcp.Send(publish.AsSpan(0, split));
            second = tcp.Send([.. publish.AsSpan(split), .. keepAlive]); // the Publish's tail and a whole KeepAlive
        });

        var rows = Fields(pcap, "p2pp", "_ws.col.Info", "p2pp.request_type", "p2pp.transaction_id", "p2pp.length",
            "p2pp.value_length", "p2pp.resource_id", "p2pp.expires", "tcp.reassembled.length");
        var row = Assert.Single(rows);
        Assert.Equal(second, row.Key);
        Assert.NotEqual(first, row.Key);
        Assert.Equal("9,5", row.Value["p2pp.request_type"]);
        Assert.Equal("0x00009009,0x00000505", row.Value["p2pp.transaction_id"]);
        Assert.Equal($"{publish.Length - 16},{keepAlive.Length - 16}", row.Value["p2pp.length"]);
        Assert.Equal("1500", row.Value["p2pp.value_length"]);
        Assert.Equal(ResourceKey.ToString(), row.Value["p2pp.resource_id"]);
        Assert.Equal("3600,30", row.Value["p2pp.expires"]); // the Resource-Object's, then the KeepAlive's
        Assert.Equal(publish.Length.ToString(CultureInfo.InvariantCulture), row.Value["tcp.reassembled.length"]);
        Assert.Contains("Publish request tid=0x9009", row.Value["_ws.col.Info"], StringComparison.Ordinal);
        Assert.Contains("KeepAlive request tid=0x505", row.Value["_ws.col.Info"], StringComparison.Ordinal);
        Assert.Empty(Frames(pcap, ErrorFilter));
    }

    [RequiresToolFact(Tshark)]
    public void Dissector_UdpOnUnregisteredPort_FoundByMagicCookieHeuristic()
    {
        var a = new IPEndPoint(IPAddress.Loopback, 51000);
        var b = new IPEndPoint(IPAddress.Loopback, 51001);
        var pcap = Capture(w =>
        {
            w.WriteUdp(a, b, P2ppCodec.Encode(LeaveIndication()));
            w.WriteUdp(a, b, Encoding.ASCII.GetBytes("not p2pp, no cookie"));
            w.WriteUdp(b, a, P2ppCodec.Encode(JoinRequest()));
        });

        var rows = Fields(pcap, null, "_ws.col.Protocol", "_ws.col.Info", "p2pp.kind", "p2pp.request_type", "p2pp.peer_id");
        Assert.Equal("P2PP", rows[1]["_ws.col.Protocol"]);
        Assert.Equal("Leave indication tid=0x404", rows[1]["_ws.col.Info"]);
        Assert.Equal("1", rows[1]["p2pp.kind"]);
        Assert.Equal(Joiner.ToString(), rows[1]["p2pp.peer_id"]);
        Assert.Equal("P2PP", rows[3]["_ws.col.Protocol"]);
        Assert.Equal("3", rows[3]["p2pp.request_type"]);

        // The middle datagram shares the conversation, so it is handed to P2PP and flagged, not ignored.
        Assert.Equal([2], Frames(pcap, "p2pp.malformed"));
    }

    [RequiresToolFact(Tshark)]
    public void Dissector_ValidMessagesWithEveryObjectType_NothingFlagged()
    {
        var messages = EveryObjectType();
        var pcap = Capture(w =>
        {
            foreach (var m in messages)
            {
                var bytes = P2ppCodec.Encode(m);
                Assert.True(P2ppCodec.TryDecode(bytes, null, out _, out var error), error?.Message);
                w.WriteUdp(Client, Server, bytes);
            }
        });

        Assert.Empty(Frames(pcap, ErrorFilter));
        Assert.Equal(messages.Count, Frames(pcap, "p2pp").Count);
        var types = Fields(pcap, null, "p2pp.object.type").Values
            .SelectMany(r => r["p2pp.object.type"].Split(',', StringSplitOptions.RemoveEmptyEntries))
            .Select(t => int.Parse(t, CultureInfo.InvariantCulture))
            .ToHashSet();
        foreach (var t in Enum.GetValues<ObjectType>())
        {
            Assert.True(types.Contains((int)t), $"no {t} ({(int)t}) in the capture");
        }

        Assert.Equal([12], Frames(pcap, "p2pp.ignorable_object"));
    }

    [RequiresToolFact(Tshark)]
    public void Dissector_TruncatedAndCorruptPackets_FlaggedMalformed()
    {
        var join = P2ppCodec.Encode(JoinRequest());
        var keepAlive = P2ppCodec.Encode(KeepAliveRequest());

        var truncated = join[..^7];                 // Message Length promises 7 more bytes
        var headerOnly = join[..10];                // not even the fixed header
        var badMagic = (byte[])join.Clone();
        badMagic[4] ^= 0xFF;
        var badIpVersion = (byte[])join.Clone();    // first candidate says IP version 5; every length still agrees
        var candidateAt = 16 + 20 + 8 + 4 + 24 + 4 + 1;
        Assert.Equal(0x04, badIpVersion[candidateAt]);
        badIpVersion[candidateAt] = 0x05;
        var overrun = (byte[])keepAlive.Clone();    // the last object (Expires) claims 40 bytes, 4 follow
        Assert.Equal((byte)ObjectType.Expires, overrun[^8]);
        overrun[^5] = 40;

        var bad = new[] { truncated, headerOnly, badMagic, badIpVersion, overrun };
        foreach (var b in bad)
        {
            Assert.False(P2ppCodec.TryDecode(b, null, out _, out _), "the codec must reject it too");
        }

        var pcap = Capture(w =>
        {
            w.WriteUdp(Client, Server, join);
            foreach (var b in bad)
            {
                w.WriteUdp(Client, Server, b);
            }
        });

        Assert.Equal([2, 3, 4, 5, 6], Frames(pcap, "p2pp.malformed"));
        Assert.Equal([2, 3, 4, 5, 6], Frames(pcap, ErrorFilter));
        var rows = Fields(pcap, null, "_ws.col.Info");
        Assert.Equal("Join request tid=0x1234", rows[1]["_ws.col.Info"]);
        Assert.Equal("Join request tid=0x1234 [Malformed]", rows[2]["_ws.col.Info"]);
        Assert.EndsWith("[Malformed]", rows[6]["_ws.col.Info"], StringComparison.Ordinal);
    }

    // ---------------------------------------------------------------------------------------------
    // Messages

    private static AddressInfo JoinerCandidates() => new(
    [
        new IceCandidate(IPAddress.Parse("192.0.2.10"), 7080, Priority: 2130706431),
        new IceCandidate(IPAddress.Parse("203.0.113.7"), 40000, CandidateTransport.Udp, CandidateType.ServerReflexive, 1, 2, 1694498815, IPAddress.Parse("192.0.2.10"), 7080),
        new IceCandidate(IPAddress.Parse("2001:db8::1"), 7081, CandidateTransport.Tcp, CandidateType.Relayed, 2, 2, 16777215, IPAddress.Parse("2001:db8::2"), 3478),
    ]);

    private static AddressInfo Single(string address, ushort port = 7080) =>
        new([new IceCandidate(IPAddress.Parse(address), port, Priority: 100)]);

    private static P2ppMessage JoinRequest() => new(
        new P2ppHeader(MessageKind.Request, RequestType.Join, 0x1234, Joiner) { Recursive = true, Ttl = 16 },
        [
            new RequestOptions(RequestOptionBits.NeighborTable),
            new PeerInfo(Joiner, JoinerCandidates()) { Uptime = 42 },
        ]);

    private static P2ppMessage BootstrapResponse() => new(
        new P2ppHeader(MessageKind.Response, RequestType.Bootstrap, 0xB0075, NodeId.FromUInt64(0, 4))
        {
            ResponseId = NodeId.FromUInt64(1, 4),
            ResponseCode = ResponseCode.Ok,
            Ttl = 1,
        },
        [
            new PeerInfo(Responder, Single("192.0.2.1")),
            new PeerInfo(Joiner, null),
            new P2pOptions(HashAlgorithmCode.Sha1, 20, OverlayAlgorithm.Chord, 1, Bytes.FromUtf8("peerlink-test")),
        ]);

    private static P2ppMessage LookupObjectResponseAck() => new(
        new P2ppHeader(MessageKind.ResponseAck, RequestType.LookupObject, 0x5150, Joiner)
        {
            ResponseId = Responder,
            ResponseCode = ResponseCode.Ok,
            Ttl = 16,
        },
        [
            new PeerInfo(Responder, Single("192.0.2.1")),
            new ResourceObject(ContentType.UserInfo, 0, ResourceKey, Bytes.FromUtf8("sip:alice@192.0.2.10:5060"))
            {
                Owner = Bytes.FromUtf8("alice@example.org"),
                Expires = 3600,
            },
        ]);

    private static P2ppMessage LookupPeerRequest() => new(
        new P2ppHeader(MessageKind.Request, RequestType.LookupPeer, 0x6006, Joiner) { Recursive = true, Ttl = 16 },
        [
            new PeerInfo(Joiner, null),
            new PLookup(5, PeerLookupMode.Range, Responder, NextHop),
        ]);

    private static P2ppMessage LookupPeerAck() => new(
        new P2ppHeader(MessageKind.Request, RequestType.LookupPeer, 0x6006, Joiner) { IsAck = true, ResponseId = NextHop, Ttl = 1 },
        []);

    private static P2ppMessage PublishRequest()
    {
        var value = new byte[1500];
        for (var i = 0; i < value.Length; i++)
        {
            value[i] = (byte)i;
        }

        return new(
            new P2ppHeader(MessageKind.Request, RequestType.Publish, 0x9009, Joiner) { Recursive = true, Ttl = 16 },
            [
                new PeerInfo(Joiner, null),
                new ResourceObject(ContentType.UserInfo, 0, ResourceKey, Bytes.Copy(value)) { Owner = Bytes.FromUtf8("alice@example.org"), Expires = 3600 },
            ]);
    }

    private static P2ppMessage KeepAliveRequest() => new(
        new P2ppHeader(MessageKind.Request, RequestType.KeepAlive, 0x505, Joiner) { Ttl = 1 },
        [
            new PeerInfo(Joiner, null),
            new Expires(30),
        ]);

    private static P2ppMessage LeaveIndication() => new(
        new P2ppHeader(MessageKind.Indication, RequestType.Leave, 0x404, Joiner) { Ttl = 1 },
        [
            new PeerInfo(Joiner, Single("192.0.2.10")),
        ]);

    /// <summary>Valid messages that between them carry every object type (frame 12 has an ignorable unknown one).</summary>
    private static List<P2ppMessage> EveryObjectType()
    {
        static P2ppHeader Request(RequestType type, int idLength = 20) =>
            new(MessageKind.Request, type, 0x100 + (uint)type, idLength == 20 ? Joiner : NodeId.FromUInt64(7, idLength)) { Ttl = 8 };
        static P2ppHeader Response(RequestType type, ResponseCode code = ResponseCode.Ok) =>
            new(MessageKind.Response, type, 0x200 + (uint)type, Joiner) { ResponseId = Responder, ResponseCode = code, Ttl = 8 };
        static PeerInfo Peer(string address) => new(NodeId.FromUInt64((ulong)address.Length, 20), Single(address));

        return
        [
            JoinRequest(),
            BootstrapResponse(),
            LookupObjectResponseAck(),
            LookupPeerRequest(),
            LookupPeerAck(),
            PublishRequest(),
            new(Response(RequestType.Join),
            [
                new PeerInfo(Responder, null)
                {
                    UnhashedId = Bytes.FromUtf8("bob@example.org"),
                    Uptime = 3600,
                    Expires = 30,
                    Certificate = new Certificate(CertificateKind.ServerSigned, Bytes.FromHex("308201")),
                    Connections = new Connections(4, 12, 1),
                    Utilization = new NodeResourceUtilization(10_000, 12, 34),
                    Services = new ResourceList([ContentType.Stun, ContentType.Turn]),
                },
                new RoutingTable([Peer("10.0.0.1"), Peer("10.0.0.22")]),
                new NeighborTable([Peer("10.0.0.3")]),
            ]),
            new(Request(RequestType.Enroll, 4),
            [
                new UnhashedId(Bytes.FromUtf8("alice@example.org")),
                new Password(Bytes.FromHex("5e884898da28047151d0e56f8dc6292773603d0d")),
                new CertificateSigningRequest(Bytes.FromHex("3082010a0201")),
            ]),
            new(Request(RequestType.LookupObject),
            [
                new PeerIdObject(Joiner),
                new RLookup(ContentType.UserInfo, 1, ResourceKey, Bytes.FromUtf8("bob")),
                new ResourceIdObject(ResourceKey),
            ]),
            new(Response(RequestType.Query, ResponseCode.BadRequest), [ErrorObject.Unrecognized(99)]),
            new(Response(RequestType.GetDiagnostics),
            [
                new DiagnosticOptions([ObjectType.TimeWindow, ObjectType.MessagesReceived]),
                new TimeWindow(60),
                new MessagesReceived([new MessageCount((byte)RequestType.Join, 5), new MessageCount(MessageCount.Acks, 70000)]),
                new AsNumber(64496),
                new Owner(Bytes.FromUtf8("carol")),
                new Signature(Bytes.FromHex("deadbeef")),
            ]),
            new(Request(RequestType.Publish),
            [
                new ResourceObject(ContentType.StunTurnIce, 2, ResourceKey, Bytes.FromUtf8("turn:198.51.100.7:3478"))
                {
                    Owner = Bytes.FromUtf8("carol"),
                    Expires = 3600,
                    Signature = Bytes.FromHex("deadbeef"),
                    Certificate = new Certificate(CertificateKind.SelfSigned, Bytes.FromHex("308201")),
                    Extensions = [new UnknownObject(200, Bytes.FromHex("0102"))],
                },
                new Uptime(5),
                new P2pOptions(HashAlgorithmCode.Sha256, 32, OverlayAlgorithm.Kademlia, 0, Bytes.Empty),
            ]),
            new(Request(RequestType.Connect),
            [
                Peer("10.0.0.9"),
                new IceCredentials("8hhY", "asd88fgpdd777uzjYhagZg"),
                new PLookup(1, PeerLookupMode.Exact, Responder),
            ]),
        ];
    }

    // ---------------------------------------------------------------------------------------------
    // Capture and tshark (with tools/wireshark/p2pp.lua loaded)

    private string Capture(Action<PcapWriter> write) => _tshark.Capture(write);

    private List<int> Frames(string pcap, string filter) => _tshark.Frames(pcap, filter);

    private SortedDictionary<int, Dictionary<string, string>> Fields(string pcap, string? filter, params string[] fields) =>
        _tshark.Fields(pcap, filter, fields);

    private static bool IsTrue(string field) => TsharkSession.IsTrue(field);

    private static string Hex(string text) => Convert.ToHexStringLower(Encoding.UTF8.GetBytes(text));
}
