using System.Net;
using Peerlink.Core;
using Peerlink.Wire;

namespace Peerlink.Fuzz;

/// <summary>
/// The seed corpus: small valid messages that between them use every request kind of header and
/// every object type, so the fuzzer starts from inputs that reach deep into the decoder.
/// Deterministic: the same files every time.
/// </summary>
public static class Seeds
{
    private const int IdLength = 20;

    public static IEnumerable<(string Name, byte[] Bytes)> Encoded() => All().Select(s => (s.Name, P2ppCodec.Encode(s.Message)));

    private static NodeId Id(ulong n, int length = IdLength) => NodeId.FromUInt64(0x9E3779B97F4A7C15UL * n, length);

    private static P2ppHeader Request(RequestType type, ulong source, int idLength = IdLength) =>
        new(MessageKind.Request, type, (uint)(0x1000 + (int)type), Id(source, idLength)) { Ttl = 8 };

    private static P2ppHeader Response(RequestType type, ulong source, ulong responder, ResponseCode code = ResponseCode.Ok, int idLength = IdLength) =>
        new(MessageKind.Response, type, (uint)(0x2000 + (int)type), Id(source, idLength)) { ResponseId = Id(responder, idLength), ResponseCode = code, Ttl = 8 };

    private static AddressInfo Candidates() => new(
    [
        new IceCandidate(IPAddress.Parse("192.168.1.10"), 7080, Priority: 2130706431, Foundation: 1),
        new IceCandidate(IPAddress.Parse("203.0.113.10"), 49152, CandidateTransport.Udp, CandidateType.ServerReflexive, 2, 2, 1694498815, IPAddress.Parse("192.168.1.10"), 7080),
        new IceCandidate(IPAddress.Parse("2001:db8::1"), 7081, CandidateTransport.Tcp, CandidateType.Relayed, 3, 1, 16777215, IPAddress.Parse("2001:db8::2"), 3478),
    ]);

    private static PeerInfo Peer(ulong n) =>
        new(Id(n), new AddressInfo([new IceCandidate(IPAddress.Parse($"10.0.0.{n % 250}"), 7080, Priority: 100)]));

    private static IEnumerable<(string Name, P2ppMessage Message)> All()
    {
        yield return ("join-request", new P2ppMessage(Request(RequestType.Join, 1),
        [
            new RequestOptions(RequestOptionBits.RoutingTable | RequestOptionBits.NeighborTable),
            new PeerInfo(Id(1), Candidates()),
        ]));

        yield return ("join-response-tables", new P2ppMessage(Response(RequestType.Join, 1, 2),
        [
            new PeerInfo(Id(2), null) { Uptime = 3600, Expires = 30, Connections = new Connections(4, 12, 1), Services = new ResourceList([ContentType.Stun, ContentType.Turn]) },
            new RoutingTable([Peer(3), Peer(4)]),
            new NeighborTable([Peer(5)]),
        ]));

        yield return ("bootstrap-request", new P2ppMessage(Request(RequestType.Bootstrap, 7, P2ppHeader.ShortIdLength),
        [
            new PeerInfo(null, Candidates()),
        ]));

        yield return ("bootstrap-response", new P2ppMessage(Response(RequestType.Bootstrap, 7, 8, idLength: P2ppHeader.ShortIdLength),
        [
            new P2pOptions(HashAlgorithmCode.Sha1, 20, OverlayAlgorithm.Chord, 0, Bytes.FromUtf8("peerlink")),
            Peer(9),
        ]));

        yield return ("enroll-request", new P2ppMessage(Request(RequestType.Enroll, 10, P2ppHeader.ShortIdLength),
        [
            new UnhashedId(Bytes.FromUtf8("alice@example.org")),
            new Password(Bytes.FromHex("5e884898da28047151d0e56f8dc6292773603d0d")),
            new CertificateSigningRequest(Bytes.FromHex("3082010a0201")),
        ]));

        yield return ("lookup-peer-request", new P2ppMessage(Request(RequestType.LookupPeer, 11),
        [
            new PLookup(3, PeerLookupMode.Closest, Id(12)),
            new PLookup(5, PeerLookupMode.Range, Id(13), Id(14)),
        ]));

        yield return ("lookup-object-request", new P2ppMessage(Request(RequestType.LookupObject, 15),
        [
            new RLookup(ContentType.UserInfo, 1, Id(16), Bytes.FromUtf8("bob")),
        ]));

        yield return ("lookup-object-response", new P2ppMessage(Response(RequestType.LookupObject, 15, 17) with { Kind = MessageKind.ResponseAck },
        [
            Peer(18), Peer(19), Peer(20),
        ]));

        yield return ("publish-request", new P2ppMessage(Request(RequestType.Publish, 21),
        [
            new ResourceObject(ContentType.StunTurnIce, 2, Id(22), Bytes.FromUtf8("turn:198.51.100.7:3478"))
            {
                Owner = Bytes.FromUtf8("carol"),
                Expires = 3600,
                Signature = Bytes.FromHex("deadbeef"),
                Certificate = new Certificate(CertificateKind.SelfSigned, Bytes.FromHex("308201")),
                Extensions = [new UnknownObject(200, Bytes.FromHex("0102"))],
            },
        ]));

        yield return ("error-response", new P2ppMessage(Response(RequestType.Query, 23, 24, ResponseCode.BadRequest),
        [
            ErrorObject.Unrecognized(99),
        ]));

        yield return ("diagnostics", new P2ppMessage(Response(RequestType.GetDiagnostics, 25, 26),
        [
            new DiagnosticOptions([ObjectType.TimeWindow, ObjectType.MessagesReceived]),
            new TimeWindow(60),
            new NodeResourceUtilization(10_000, 12, 34),
            new MessagesReceived([new MessageCount((byte)RequestType.Join, 5), new MessageCount(MessageCount.Acks, 70000)]),
            new AsNumber(64496),
            new Uptime(42),
        ]));

        yield return ("keepalive-ack-unknown", new P2ppMessage(
            new P2ppHeader(MessageKind.Indication, RequestType.KeepAlive, 7, Id(27)) { IsAck = true, ResponseId = Id(28), Recursive = true },
            [
                new UnknownObject(77, Bytes.FromHex("cafe")),
                new Expires(30),
            ]));
    }
}
