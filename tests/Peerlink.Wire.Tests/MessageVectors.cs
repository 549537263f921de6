using Peerlink.Core;
using static Peerlink.Wire.Tests.Fragments;
using static Peerlink.Wire.Tests.TestHex;

namespace Peerlink.Wire.Tests;

/// <summary>A hand-built wire vector and the message it must decode to.</summary>
internal sealed record MessageVector(string Name, byte[] Wire, P2ppMessage Expected, WireOptions? Options = null)
{
    public override string ToString() => Name;
}

/// <summary>
/// Whole-message vectors written by hand from §9.1 (header) and §8 (bodies). The first two header
/// bytes are V(2)=01 T(2) A P R code(9); each vector spells the bits out.
/// </summary>
internal static class MessageVectors
{
    private static readonly NodeId Zero4 = Id("00000000");
    private static readonly NodeId One4 = Id("00000001");

    private static P2ppMessage M(P2ppHeader header, params P2ppObject[] objects) => new(header, [.. objects]);

    /// <summary>One request (or indication) per request type 0..16, keyed by type.</summary>
    public static IReadOnlyDictionary<RequestType, MessageVector> Requests { get; } = new Dictionary<RequestType, MessageVector>
    {
        [RequestType.Enroll] = new(
            "Enroll request",
            Parse(
                "40 00",      // 01 00 0 0 0 000000000: V=1 T=request A=0 P=0 (client) R=0 reserved=0
                "00",         // request type 0 Enroll
                "01",         // TTL 1
                Magic,
                "00000001",   // transaction 1
                "0000002c",   // length 44 = 4 (Source-ID) + 23 (Peer-Info) + 9 (CSR) + 8 (Password)
                "00000000",   // Source-ID, 4 bytes for Enroll
                PiA,
                Csr,
                PasswordHex),
            M(
                new P2ppHeader(MessageKind.Request, RequestType.Enroll, 1, Zero4) { FromPeer = false, Ttl = 1 },
                PiAValue,
                new CertificateSigningRequest(B("3003020101")),
                new Password(B("5e884898")))),

        [RequestType.Authenticate] = new(
            "Authenticate request",
            Parse(
                "40 00",      // V=1 request, client, iterative
                "01",         // type 1 Authenticate
                "01",         // TTL 1
                Magic,
                "00000002",   // transaction 2
                "00000034",   // length 52 = 4 + 8 (Request-Options) + 23 + 9 + 8
                "12345678",   // Source-ID, 4 bytes for Authenticate
                ReqOptsNone,
                PiA,
                Csr,
                PasswordHex),
            M(
                new P2ppHeader(MessageKind.Request, RequestType.Authenticate, 2, Id("12345678")) { FromPeer = false, Ttl = 1 },
                new RequestOptions(RequestOptionBits.None),
                PiAValue,
                new CertificateSigningRequest(B("3003020101")),
                new Password(B("5e884898")))),

        [RequestType.Bootstrap] = new(
            "Bootstrap request",
            Parse(
                "40 00",      // V=1 request, client
                "02",         // type 2 Bootstrap
                "01",         // TTL 1
                Magic,
                "00000003",   // transaction 3
                "0000001b",   // length 27 = 4 + 23
                "00000000",   // Source-ID 0x00000000 (§9.1: 4 bytes, node has no ID yet)
                PiA),
            M(
                new P2ppHeader(MessageKind.Request, RequestType.Bootstrap, 3, Zero4) { FromPeer = false, Ttl = 1 },
                PiAValue)),

        [RequestType.Join] = new(
            "Join request",
            Parse(
                "46 00",      // 01 00 0 1 1 000000000: request, P=1, R=1 (recursive)
                "03",         // type 3 Join
                "10",         // TTL 16
                Magic,
                "0000002a",   // transaction 42
                "0000004b",   // length 75 = 20 + 8 (Request-Options) + 47 (Peer-Info)
                S20,
                ReqOptsN,
                PiS),
            M(
                new P2ppHeader(MessageKind.Request, RequestType.Join, 42, S) { Recursive = true, Ttl = 16 },
                new RequestOptions(RequestOptionBits.NeighborTable),
                PiSValue)),

        [RequestType.Leave] = new(
            "Leave indication",
            Parse(
                "54 00",      // 01 01 0 1 0 000000000: T=01 indication, P=1
                "04",         // type 4 Leave
                "01",         // TTL 1
                Magic,
                "00000004",   // transaction 4
                "00000078",   // length 120 = 20 + 47 + 53 (Resource-Object handed over)
                S20,
                PiS,
                ResObj),
            M(
                new P2ppHeader(MessageKind.Indication, RequestType.Leave, 4, S) { Ttl = 1 },
                PiSValue,
                ResObjValue)),

        [RequestType.KeepAlive] = new(
            "KeepAlive request",
            Parse(
                "44 00",      // 01 00 0 1 0: request, P=1, iterative
                "05",         // type 5 KeepAlive
                "01",         // TTL 1
                Magic,
                "00000005",   // transaction 5
                "0000004b",   // length 75 = 20 + 47 + 8 (Expires)
                S20,
                PiS,
                Expires3600),
            M(
                new P2ppHeader(MessageKind.Request, RequestType.KeepAlive, 5, S) { Ttl = 1 },
                PiSValue,
                new Expires(3600))),

        [RequestType.LookupPeer] = new(
            "LookupPeer request",
            Parse(
                "46 00",      // request, P=1, R=1
                "06",         // type 6 LookupPeer
                "20",         // TTL 32
                Magic,
                "00000006",   // transaction 6
                "00000064",   // length 100 = 20 + 8 (Request-Options) + 47 + 25 (PLookup)
                S20,
                ReqOptsL,
                PiS,
                PLookupExact),
            M(
                new P2ppHeader(MessageKind.Request, RequestType.LookupPeer, 6, S) { Recursive = true, Ttl = 32 },
                new RequestOptions(RequestOptionBits.RouteLog),
                PiSValue,
                new PLookup(1, PeerLookupMode.Exact, T))),

        [RequestType.ExchangeTable] = new(
            "ExchangeTable request",
            Parse(
                "44 00",      // request, P=1
                "07",         // type 7 ExchangeTable
                "01",         // TTL 1
                Magic,
                "00000007",   // transaction 7
                "0000004b",   // length 75 = 20 + 47 + 8
                S20,
                PiS,
                ReqOptsRN),
            M(
                new P2ppHeader(MessageKind.Request, RequestType.ExchangeTable, 7, S) { Ttl = 1 },
                PiSValue,
                new RequestOptions(RequestOptionBits.RoutingTable | RequestOptionBits.NeighborTable))),

        [RequestType.Query] = new(
            "Query request",
            Parse(
                "44 00",      // request, P=1
                "08",         // type 8 Query
                "01",         // TTL 1
                Magic,
                "00000008",   // transaction 8
                "0000004a",   // length 74 = 20 + 47 + 7 (Diagnostic-Options)
                S20,
                PiS,
                DiagOpts),
            M(
                new P2ppHeader(MessageKind.Request, RequestType.Query, 8, S) { Ttl = 1 },
                PiSValue,
                new DiagnosticOptions([ObjectType.TimeWindow, ObjectType.Connections, ObjectType.MessagesReceived]))),

        [RequestType.Publish] = new(
            "Publish request",
            Parse(
                "46 00",      // request, P=1, R=1
                "09",         // type 9 Publish
                "10",         // TTL 16
                Magic,
                "00000009",   // transaction 9
                "00000078",   // length 120 = 20 + 47 + 53
                S20,
                PiS,
                ResObj),
            M(
                new P2ppHeader(MessageKind.Request, RequestType.Publish, 9, S) { Recursive = true, Ttl = 16 },
                PiSValue,
                ResObjValue)),

        [RequestType.LookupObject] = new(
            "LookupObject request",
            Parse(
                "46 00",      // request, P=1, R=1
                "0a",         // type 10 LookupObject
                "10",         // TTL 16
                Magic,
                "0000000a",   // transaction 10
                "00000061",   // length 97 = 20 + 47 + 30 (RLookup)
                S20,
                PiS,
                RLookupK),
            M(
                new P2ppHeader(MessageKind.Request, RequestType.LookupObject, 10, S) { Recursive = true, Ttl = 16 },
                PiSValue,
                new RLookup(ContentType.UserInfo, 0, K))),

        [RequestType.RemoveObject] = new(
            "RemoveObject request",
            Parse(
                "46 00",      // request, P=1, R=1
                "0b",         // type 11 RemoveObject
                "10",         // TTL 16
                Magic,
                "0000000b",   // transaction 11
                "00000078",   // length 120 = 20 + 47 + 53
                S20,
                PiS,
                ResObj),
            M(
                new P2ppHeader(MessageKind.Request, RequestType.RemoveObject, 11, S) { Recursive = true, Ttl = 16 },
                PiSValue,
                ResObjValue)),

        [RequestType.Replicate] = new(
            "Replicate request",
            Parse(
                "44 00",      // request, P=1
                "0c",         // type 12 Replicate
                "01",         // TTL 1
                Magic,
                "0000000c",   // transaction 12
                "000000ad",   // length 173 = 20 + 47 + 53 + 53
                S20,
                PiS,
                ResObj,
                ResObj),
            M(
                new P2ppHeader(MessageKind.Request, RequestType.Replicate, 12, S) { Ttl = 1 },
                PiSValue,
                ResObjValue,
                ResObjValue)),

        [RequestType.Transfer] = new(
            "Transfer request",
            Parse(
                "44 00",      // request, P=1
                "0d",         // type 13 Transfer
                "01",         // TTL 1
                Magic,
                "0000000d",   // transaction 13
                "00000078",   // length 120 = 20 + 47 + 53
                S20,
                PiS,
                ResObj),
            M(
                new P2ppHeader(MessageKind.Request, RequestType.Transfer, 13, S) { Ttl = 1 },
                PiSValue,
                ResObjValue)),

        [RequestType.Tunnel] = new(
            "Tunnel request",
            Parse(
                "46 00",      // request, P=1, R=1
                "0e",         // type 14 Tunnel
                "10",         // TTL 16
                Magic,
                "0000000e",   // transaction 14
                "00000071",   // length 113 = 20 + 8 + 47 + 38
                S20,
                ReqOptsL,
                PiS,
                "0d 00 0022",        // Resource-Object | length 34 = 2 + 24 + 2 + 6
                "00 00",             // Cont-type 0, Sub-type 0
                "0b 00 0014", R20,   // Resource-ID = R (the callee)
                "0006",              // value length 6
                "494e56495445"),     // "INVITE"
            M(
                new P2ppHeader(MessageKind.Request, RequestType.Tunnel, 14, S) { Recursive = true, Ttl = 16 },
                new RequestOptions(RequestOptionBits.RouteLog),
                PiSValue,
                new ResourceObject(ContentType.UserInfo, 0, R, Bytes.FromUtf8("INVITE")))),

        [RequestType.Connect] = new(
            "Connect request",
            Parse(
                "46 00",      // request, P=1, R=1
                "0f",         // type 15 Connect
                "10",         // TTL 16
                Magic,
                "0000000f",   // transaction 15
                "0000004b",   // length 75 = 20 + 8 + 47
                S20,
                ReqOptsP,
                PiS),
            M(
                new P2ppHeader(MessageKind.Request, RequestType.Connect, 15, S) { Recursive = true, Ttl = 16 },
                new RequestOptions(RequestOptionBits.Primary),
                PiSValue)),

        [RequestType.GetDiagnostics] = new(
            "GetDiagnostics request",
            Parse(
                "44 00",      // request, P=1
                "10",         // type 16 GetDiagnostics
                "01",         // TTL 1
                Magic,
                "00000010",   // transaction 16
                "00000073",   // length 115 = 20 + 47 + 8 + 10 + 10 + 12 + 8
                S20,
                PiS,
                TimeWindowHex,
                ConnectionsHex,
                UtilizationHex,
                MessagesReceivedHex,
                AsNumberHex),
            M(
                new P2ppHeader(MessageKind.Request, RequestType.GetDiagnostics, 16, S) { Ttl = 1 },
                PiSValue,
                new TimeWindow(600),
                new Connections(3, 16, 2),
                new NodeResourceUtilization(10000, 25, 5),
                new MessagesReceived([new MessageCount(3, 42), new MessageCount(MessageCount.Responses, 256)]),
                new AsNumber(65000))),
    };

    /// <summary>Responses with bodies per §8.</summary>
    public static IReadOnlyList<MessageVector> Responses { get; } =
    [
        new(
            "Bootstrap response",
            Parse(
                "64 c8",      // 01 10 0 1 0 011001000: T=10 response, P=1, code 200
                "02",         // type 2 Bootstrap
                "01",         // TTL 1
                Magic,
                "00000003",   // transaction 3 (the request's)
                "00000077",   // length 119 = 4 + 4 + 47 + 47 + 17
                "00000000",   // Source-ID of the request
                "00000001",   // Response-ID 0x00000001 (bootstrap server)
                PiR,          // Peer-Info of the bootstrap peer
                PiS,          // Peer-Info of the originator with its assigned ID
                P2pOpts),
            M(
                new P2ppHeader(MessageKind.Response, RequestType.Bootstrap, 3, Zero4) { ResponseCode = ResponseCode.Ok, Ttl = 1, ResponseId = One4 },
                PiRValue,
                PiSValue,
                P2pOptsValue)),

        new(
            "Enroll response",
            Parse(
                "64 c8",      // response, P=1, 200
                "00",         // type 0 Enroll
                "01",         // TTL 1
                Magic,
                "00000001",   // transaction 1
                "00000052",   // length 82 = 4 + 4 + 47 + 10 (Certificate) + 17 (P2P-Options)
                "00000000",   // Source-ID
                "00000001",   // Response-ID
                PiS,
                CertServer,
                P2pOpts),
            M(
                new P2ppHeader(MessageKind.Response, RequestType.Enroll, 1, Zero4) { ResponseCode = ResponseCode.Ok, Ttl = 1, ResponseId = One4 },
                PiSValue,
                CertServerValue,
                P2pOptsValue)),

        new(
            "Join response",
            Parse(
                "64 c8",      // response, P=1, 200
                "03",         // type 3 Join
                "10",         // TTL 16
                Magic,
                "0000002a",   // transaction 42
                "00000093",   // length 147 = 20 + 20 + 47 + 8 (Expires) + 52 (Neighbor-Table)
                S20,
                R20,
                PiR,
                Expires3600,
                NeighborTableS),
            M(
                new P2ppHeader(MessageKind.Response, RequestType.Join, 42, S) { ResponseCode = ResponseCode.Ok, Ttl = 16, ResponseId = R },
                PiRValue,
                new Expires(3600),
                new NeighborTable([PiSValue]))),

        new(
            "Publish response",
            Parse(
                "64 c8",      // response, P=1, 200
                "09",         // type 9 Publish
                "10",         // TTL 16
                Magic,
                "00000009",   // transaction 9
                "0000005f",   // length 95 = 20 + 20 + 47 + 8
                S20,
                R20,
                PiR,
                Expires3600),
            M(
                new P2ppHeader(MessageKind.Response, RequestType.Publish, 9, S) { ResponseCode = ResponseCode.Ok, Ttl = 16, ResponseId = R },
                PiRValue,
                new Expires(3600))),

        new(
            "LookupObject response",
            Parse(
                "64 c8",      // response, P=1, 200
                "0a",         // type 10 LookupObject
                "10",         // TTL 16
                Magic,
                "0000000a",   // transaction 10
                "0000009e",   // length 158 = 20 + 20 + 47 + 71
                S20,
                R20,
                PiR,
                "0d 00 0043",           // Resource-Object | length 67 = 49 + 8 + 10
                "00 01",                // User-Info, sub-type 1
                "0b 00 0014", K20,      // Resource-ID
                "0005 68656c6c6f",      // value "hello"
                "0f 00 0004 616c6963",  // Owner
                Expires3600,            // Expires
                "12 00 0004 deadbeef",  // Signature (type 18)
                CertServer),            // Certificate (type 17)
            M(
                new P2ppHeader(MessageKind.Response, RequestType.LookupObject, 10, S) { ResponseCode = ResponseCode.Ok, Ttl = 16, ResponseId = R },
                PiRValue,
                ResObjValue with { Signature = B("deadbeef"), Certificate = CertServerValue })),
    ];

    /// <summary>One vector per message kind: request, indication, response, responseACK, ACKs (A flag).</summary>
    public static IReadOnlyDictionary<string, MessageVector> Kinds { get; } = new Dictionary<string, MessageVector>
    {
        ["request"] = Requests[RequestType.KeepAlive],
        ["indication"] = Requests[RequestType.Leave],
        ["response"] = Responses[2],
        ["responseAck"] = new(
            "KeepAlive responseACK",
            Parse(
                "74 c8",      // 01 11 0 1 0 011001000: T=11 responseACK, P=1, code 200
                "05",         // type 5 KeepAlive
                "01",         // TTL 1
                Magic,
                "00000005",   // transaction 5
                "0000005f",   // length 95 = 20 + 20 + 47 + 8
                S20,
                R20,
                PiR,
                Expires3600),
            M(
                new P2ppHeader(MessageKind.ResponseAck, RequestType.KeepAlive, 5, S) { ResponseCode = ResponseCode.Ok, Ttl = 1, ResponseId = R },
                PiRValue,
                new Expires(3600))),
        ["ack of request"] = new(
            "ACK of a request",
            Parse(
                "4c 00",      // 01 00 1 1 0 000000000: T=00, A=1, P=1
                "05",         // type 5 KeepAlive
                "01",         // TTL 1
                Magic,
                "00000005",   // transaction 5
                "00000028",   // length 40 = 20 + 20, no objects
                S20,
                R20),         // Response-ID: present because A=1
            M(new P2ppHeader(MessageKind.Request, RequestType.KeepAlive, 5, S) { IsAck = true, Ttl = 1, ResponseId = R })),
        ["ack of indication"] = new(
            "ACK of an indication",
            Parse(
                "5c 00",      // 01 01 1 1 0 000000000: T=01, A=1, P=1
                "04",         // type 4 Leave
                "01",         // TTL 1
                Magic,
                "00000004",   // transaction 4
                "00000028",   // length 40
                S20,
                R20),
            M(new P2ppHeader(MessageKind.Indication, RequestType.Leave, 4, S) { IsAck = true, Ttl = 1, ResponseId = R })),
        ["ack of response"] = new(
            "ACK of a response",
            Parse(
                "6c c8",      // 01 10 1 1 0 011001000: T=10, A=1, P=1, code 200
                "03",         // type 3 Join
                "10",         // TTL 16
                Magic,
                "0000002a",   // transaction 42
                "00000028",   // length 40
                S20,
                R20),
            M(new P2ppHeader(MessageKind.Response, RequestType.Join, 42, S) { IsAck = true, ResponseCode = ResponseCode.Ok, Ttl = 16, ResponseId = R })),
        ["ack of bootstrap response, client"] = new(
            "ACK of a Bootstrap response from a client",
            Parse(
                "68 c8",      // 01 10 1 0 0 011001000: T=10, A=1, P=0, code 200
                "02",         // type 2 Bootstrap: 4-byte IDs
                "01",         // TTL 1
                Magic,
                "00000003",   // transaction 3
                "00000008",   // length 8 = 4 + 4
                "00000000",   // Source-ID
                "00000001"),  // Response-ID
            M(new P2ppHeader(MessageKind.Response, RequestType.Bootstrap, 3, Zero4) { IsAck = true, FromPeer = false, ResponseCode = ResponseCode.Ok, Ttl = 1, ResponseId = One4 })),
    };

    /// <summary>A vector with a 32-byte overlay ID length (SHA-256), decoded with IdLength = 32.</summary>
    public static MessageVector Sha256Join { get; } = new(
        "Join request, 32-byte IDs",
        Parse(
            "44 00",          // request, P=1
            "03",             // Join
            "08",             // TTL 8
            Magic,
            "00000099",       // transaction 153
            "00000020",       // length 32 = the Source-ID only
            "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"),
        M(new P2ppHeader(MessageKind.Request, RequestType.Join, 153, Id("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f")) { Ttl = 8 }),
        new WireOptions { IdLength = 32 });

    /// <summary>Every whole-message vector of this file.</summary>
    public static IEnumerable<MessageVector> All =>
        Requests.Values.Concat(Responses).Concat(Kinds.Values).Append(Sha256Join).Distinct();
}
