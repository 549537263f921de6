using System.Net;
using Peerlink.Core;
using static Peerlink.Wire.Tests.Fragments;
using static Peerlink.Wire.Tests.TestHex;

namespace Peerlink.Wire.Tests;

/// <summary>A hand-built TLV object and the value it stands for.</summary>
internal sealed record ObjectVector(string Name, string Hex, P2ppObject Expected)
{
    /// <summary>Byte offset of the object in <see cref="InMessage"/>: 16 fixed bytes + 20-byte Source-ID.</summary>
    public const int OffsetInMessage = 36;

    /// <summary>
    /// The object as the only object of a Query request from S. The Message Length is the Source-ID
    /// (20) plus the object's hand-written bytes, counted by <see cref="TestHex.Length"/>.
    /// </summary>
    public MessageVector InMessage => new(
        "Query carrying " + Name,
        Parse(
            "44 00",       // V=1 request, P=1
            "08",          // type 8 Query
            "01",          // TTL 1
            Magic,
            "00000099",    // transaction 153
            U32(20 + Length(Hex)),
            S20,
            Hex),
        new P2ppMessage(new P2ppHeader(MessageKind.Request, RequestType.Query, 153, S) { Ttl = 1 }, [Expected]));

    public override string ToString() => Name;
}

/// <summary>At least one hand-built vector per object type (§9.3 and the diagrams in Objects/*.cs).</summary>
internal static class ObjectVectors
{
    public static IReadOnlyList<ObjectVector> All { get; } =
    [
        new(
            "Peer-Info with every sub-object",
            "00 00 007c"                          // type 0 | length 124 = 24+19+21+8+8+10+10+10+7+7
            + "01 00 0014" + S20                  // Peer-ID (24)
            + AddrS                               // Address-Info (19)
            + "03 00 0011 616c696365406578616d706c652e636f6d" // Unhashed-ID "alice@example.com" (21)
            + "04 00 0004 00015180"               // Uptime 86400 (8)
            + "0e 00 0004 0000001e"               // Expires (keepalive) 30 (8)
            + "11 00 0006 00 3003020103"          // Certificate self-signed (10)
            + "14 00 0006 0004 0020 0001"         // Connections 4/32/1 (10)
            + "15 00 0006 000186a0 0a 14"         // Utilization 100000 kbit/s, 10 %, 20 % (10)
            + "19 00 0003 02 01 02"               // Resource-List Num=2: STUN, TURN (7)
            + "c8 40 0003 010203",                // unknown type 200, AB=01 ignorable (7)
            new PeerInfo(S, AddrSValue)
            {
                UnhashedId = Bytes.FromUtf8("alice@example.com"),
                Uptime = 86400,
                Expires = 30,
                Certificate = new Certificate(CertificateKind.SelfSigned, B("3003020103")),
                Connections = new Connections(4, 32, 1),
                Utilization = new NodeResourceUtilization(100000, 10, 20),
                Services = new ResourceList([ContentType.Stun, ContentType.Turn]),
                Extensions = [new UnknownObject(200, B("010203"))],
            }),
        new("Peer-Info with Peer-ID only", "00 00 0018" + "01 00 0014" + S20, new PeerInfo(S, null)),
        new("Peer-Info with Address-Info only", PiA, PiAValue),
        new("Peer-ID", "01 00 0014" + S20, new PeerIdObject(S)),
        new("Peer-ID of one byte", "01 00 0001 7f", new PeerIdObject(Id("7f"))),
        new("Address-Info IPv4 host", AddrS, AddrSValue),
        new(
            "Address-Info IPv6 TCP host",
            "02 00 001b"          // type 2 | length 27 = 1 + 26
            + "01"                // Num 1
            + "06"                // R=0 resv IP-ver=0110 (6)
            + "07 01"             // foundation 7, component 1
            + "6e0001ff"          // priority
            + "10"                // TT=0001 TCP | HT=0000 host
            + "1ba9"              // port 7081
            + "20010db8000000000000000000000001", // 2001:db8::1
            new AddressInfo([new IceCandidate(IPAddress.Parse("2001:db8::1"), 7081, CandidateTransport.Tcp, CandidateType.Host, 7, 1, 0x6e0001ff)])),
        new(
            "Address-Info IPv4 server-reflexive with rel-addr",
            "02 00 0015"          // type 2 | length 21
            + "01"                // Num 1
            + "84"                // R=1 resv=000 IP-ver=0100
            + "02 02"             // foundation 2, component 2
            + "64ffff7f"          // priority
            + "01"                // UDP | HT=0001 server reflexive
            + "d431"              // port 54321
            + "cb007105"          // 203.0.113.5
            + "1ba8"              // rel-port 7080
            + "c0a80102",         // rel-address 192.168.1.2
            new AddressInfo([new IceCandidate(IPAddress.Parse("203.0.113.5"), 54321, CandidateTransport.Udp, CandidateType.ServerReflexive, 2, 2, 0x64ffff7f, IPAddress.Parse("192.168.1.2"), 7080)])),
        new(
            "Address-Info three candidates, IPv6 relayed with rel-addr",
            "02 00 0049"          // type 2 | length 73 = 1 + 14 + 44 + 14
            + "03"                // Num 3
            + "04 01 02 7e0000ff 00 1ba8 c0000201" // IPv4 UDP host 192.0.2.1:7080 (14)
            + "86"                // R=1 IP-ver 6
            + "03 02 00ffffff"    // foundation 3, component 2, priority
            + "03"                // UDP | HT=0011 relayed
            + "c350"              // port 50000
            + "20010db8000000000000000000000002" // 2001:db8::2
            + "1ba8"              // rel-port 7080
            + "20010db8000000000000000000000003" // rel-address 2001:db8::3 (44 in all)
            + "04 04 02 6e0000ff 12 0050 0a000001", // IPv4 TCP peer-reflexive 10.0.0.1:80 (14)
            new AddressInfo(
            [
                HostS,
                new IceCandidate(IPAddress.Parse("2001:db8::2"), 50000, CandidateTransport.Udp, CandidateType.Relayed, 3, 2, 0x00ffffff, IPAddress.Parse("2001:db8::3"), 7080),
                new IceCandidate(IPAddress.Parse("10.0.0.1"), 80, CandidateTransport.Tcp, CandidateType.PeerReflexive, 4, 2, 0x6e0000ff),
            ])),
        new("Unhashed-ID", "03 00 0005 616c696365", new UnhashedId(Bytes.FromUtf8("alice"))),
        new("Uptime", "04 00 0004 0000012c", new Uptime(300)),
        new("P2P-Options SHA-1 Pastry", P2pOpts, P2pOptsValue),
        new(
            "P2P-Options no hash, Gia, empty overlay",
            "05 00 0005" + "00" + "00" + "09" + "00" + "00", // none, length 0, Gia, base 0, OverlayID-Len 0
            new P2pOptions(HashAlgorithmCode.None, 0, OverlayAlgorithm.Gia, 0, Bytes.Empty)),
        new(
            "Request-Options every flag and a reserved bit",
            "06 00 0004 fe000001", // 1111 1110 ... 0001: P R N E A S L, reserved bit 31
            new RequestOptions(RequestOptionBits.Primary | RequestOptionBits.RoutingTable | RequestOptionBits.NeighborTable
                | RequestOptionBits.SeparateRequest | RequestOptionBits.PartialCopy | RequestOptionBits.ToNeighbors
                | RequestOptionBits.RouteLog | (RequestOptionBits)1)),
        new(
            "Diagnostic-Options",
            "07 00 0005 13 14 15 16 17",
            new DiagnosticOptions([ObjectType.TimeWindow, ObjectType.Connections, ObjectType.NodeResourceUtilization, ObjectType.MessagesReceived, ObjectType.AsNumber])),
        new(
            "Routing-Table of two",
            "08 00 005f" + "02" + PiS + PiR, // length 95 = 1 + 47 + 47
            new RoutingTable([PiSValue, PiRValue])),
        new("Neighbor-Table empty", "09 00 0001 00", new NeighborTable([])),
        new("Neighbor-Table of one", NeighborTableS, new NeighborTable([PiSValue])),
        new("PLookup exact", PLookupExact, new PLookup(1, PeerLookupMode.Exact, T)),
        new(
            "PLookup closest",
            "0a 00 0015" + "14" + T20, // Num=000101 (5) E=0 R=0
            new PLookup(5, PeerLookupMode.Closest, T)),
        new(
            "PLookup range",
            "0a 00 0029" + "fd" + S20 + R20, // length 41; Num=111111 (63) E=0 R=1; Peer-IDa, Peer-IDb
            new PLookup(63, PeerLookupMode.Range, S, R)),
        new("Resource-ID", "0b 00 0014" + K20, new ResourceIdObject(K)),
        new("RLookup without owner", RLookupK, new RLookup(ContentType.UserInfo, 0, K)),
        new(
            "RLookup with owner",
            "0c 00 0022"           // type 12 | length 34 = 2 + 24 + 8
            + "03 00"              // Cont-type 3 STUN+TURN+ICE, Sub-type 0
            + "0b 00 0014" + K20   // Resource-ID
            + "0f 00 0004 616c6963", // Owner "alic"
            new RLookup(ContentType.StunTurnIce, 0, K, Alic)),
        new("Resource-Object with Owner and Expires", ResObj, ResObjValue),
        new(
            "Resource-Object with Owner, Expires, Signature, Certificate and an extension",
            "0d 00 0049"             // type 13 | length 73 = 2 + 24 + 2 + 5 + 8 + 8 + 8 + 10 + 6
            + "00 01"                // User-Info, sub-type 1
            + "0b 00 0014" + K20     // Resource-ID
            + "0005 68656c6c6f"      // value length 5, "hello"
            + "0f 00 0004 616c6963"  // Owner
            + Expires3600            // Expires
            + "12 00 0004 deadbeef"  // Signature
            + CertServer             // Certificate
            + "e0 40 0002 abcd",     // unknown type 224, AB=01
            ResObjValue with { Signature = B("deadbeef"), Certificate = CertServerValue, Extensions = [new UnknownObject(224, B("abcd"))] }),
        new(
            "Resource-Object bare, empty value, Cont-Type outside the table",
            "0d 00 001c" + "c8 07" + "0b 00 0014" + K20 + "0000", // length 28; Cont-type 200, Sub-type 7; value length 0
            new ResourceObject((ContentType)200, 7, K, Bytes.Empty)),
        new("Expires", "0e 00 0004 ffffffff", new Expires(uint.MaxValue)),
        new("Owner", "0f 00 0004 616c6963", new Owner(Alic)),
        new("Certificate-Signing-Request", Csr, new CertificateSigningRequest(B("3003020101"))),
        new("Certificate self-signed", "11 00 0003 00 3000", new Certificate(CertificateKind.SelfSigned, B("3000"))),
        new("Certificate server-signed", CertServer, CertServerValue),
        new("Signature", "12 00 0004 deadbeef", new Signature(B("deadbeef"))),
        new("Time-Window", TimeWindowHex, new TimeWindow(600)),
        new("Connections", ConnectionsHex, new Connections(3, 16, 2)),
        new("Node-Resource-Utilization", UtilizationHex, new NodeResourceUtilization(10000, 25, 5)),
        new(
            "Messages-Received with responses and ACKs",
            "16 00 000c" + "03 00002a" + "fe 000100" + "ff ffffff", // Join 42, responses 256, ACKs 2^24-1
            new MessagesReceived([new MessageCount(3, 42), new MessageCount(254, 256), new MessageCount(255, 0xFFFFFF)])),
        new("Messages-Received empty", "16 00 0000", new MessagesReceived([])),
        new("AS-Number", AsNumberHex, new AsNumber(65000)),
        new(
            "Error Unrecognized Object",
            "18 00 0017"     // type 24 | length 23 = 4 + 19
            + "01"           // class 1 Object Type Error
            + "01"           // sub-code 1 Unrecognized Object
            + "63"           // object type 99
            + "00"           // reserved
            + "556e7265636f676e697a6564204f626a656374", // "Unrecognized Object"
            ErrorObject.Unrecognized(99)),
        new(
            "Error with UTF-8 reason",
            "18 00 000c" + "00 07 00 00" + "7a752067726fc39f", // class 0, sub-code 7; "zu groß"
            new ErrorObject(ErrorClass.General, 7, 0, "zu groß")),
        new("Error without reason", "18 00 0004 00 00 00 00", new ErrorObject(ErrorClass.General, 0)),
        new("Resource-List", "19 00 0004 03 01 02 03", new ResourceList([ContentType.Stun, ContentType.Turn, ContentType.StunTurnIce])),
        new("Password", PasswordHex, new Password(B("5e884898"))),
        new(
            "ICE-Credentials",
            "1b 00 001c" + "04 61626364" + "16 303132333435363738396162636465666768696a6b6c", // type 27 | ufrag "abcd" | pwd of 22 bytes
            new IceCredentials("abcd", "0123456789abcdefghijkl")),
        new("unknown ignorable top-level object", "c8 40 0004 01020304", new UnknownObject(200, B("01020304"))),
        new("unknown ignorable object of type 255, empty", "ff 40 0000", new UnknownObject(255, Bytes.Empty)),
    ];
}
