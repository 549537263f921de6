using System.Net;
using Peerlink.Core;
using static Peerlink.Wire.Tests.Fragments;

namespace Peerlink.Wire.Tests;

/// <summary>Our own misuse of the encoder throws ArgumentException, never MalformedMessageException (that is for a peer's bytes).</summary>
public class EncoderMisuseTests
{
    private static P2ppMessage Query(params P2ppObject[] objects) =>
        new(new P2ppHeader(MessageKind.Request, RequestType.Query, 1, S), [.. objects]);

    private static ArgumentException Misuse(P2ppMessage message, WireOptions? options = null)
    {
        var e = Assert.ThrowsAny<ArgumentException>(() => P2ppCodec.Encode(message, options));
        Assert.IsNotType<MalformedMessageException>(e);
        return e;
    }

    [Theory]
    [InlineData(RequestType.Join, 4)]
    [InlineData(RequestType.Join, 32)]
    [InlineData(RequestType.Bootstrap, 20)]
    [InlineData(RequestType.Enroll, 20)]
    [InlineData(RequestType.Authenticate, 3)]
    public void Encode_SourceIdOfWrongWidth_ArgumentException(RequestType type, int width)
    {
        var message = new P2ppMessage(new P2ppHeader(MessageKind.Request, type, 1, NodeId.Zero(width)), []);

        Misuse(message);
    }

    [Fact]
    public void Encode_SourceIdMatchingCustomIdLength_Accepted()
    {
        var message = new P2ppMessage(new P2ppHeader(MessageKind.Request, RequestType.Join, 1, NodeId.Zero(32)), []);

        Assert.Equal(16 + 32, P2ppCodec.Encode(message, new WireOptions { IdLength = 32 }).Length);
        Misuse(message);
    }

    [Theory]
    [InlineData(MessageKind.Response, false)]
    [InlineData(MessageKind.ResponseAck, false)]
    [InlineData(MessageKind.Request, true)]
    [InlineData(MessageKind.Indication, true)]
    public void Encode_ResponseOrAckWithoutResponseId_ArgumentException(MessageKind kind, bool ack)
    {
        var message = new P2ppMessage(new P2ppHeader(kind, RequestType.Join, 1, S) { IsAck = ack, ResponseCode = ResponseCode.Ok }, []);

        Misuse(message);
    }

    [Theory]
    [InlineData(MessageKind.Request)]
    [InlineData(MessageKind.Indication)]
    public void Encode_RequestOrIndicationWithResponseId_ArgumentException(MessageKind kind)
    {
        var message = new P2ppMessage(new P2ppHeader(kind, RequestType.Join, 1, S) { ResponseId = R }, []);

        Misuse(message);
    }

    [Fact]
    public void Encode_ResponseIdOfWrongWidth_ArgumentException()
    {
        var message = new P2ppMessage(new P2ppHeader(MessageKind.Response, RequestType.Join, 1, S) { ResponseId = NodeId.Zero(4) }, []);

        Misuse(message);
    }

    [Theory]
    [InlineData(512)]
    [InlineData(0xFFFF)]
    public void Encode_ResponseCodeOverNineBits_ArgumentException(int code)
    {
        var message = new P2ppMessage(new P2ppHeader(MessageKind.Response, RequestType.Join, 1, S) { ResponseCode = (ResponseCode)code, ResponseId = R }, []);

        Misuse(message);
    }

    [Fact]
    public void Encode_MessageKindOverTwoBits_ArgumentException()
    {
        Misuse(new P2ppMessage(new P2ppHeader((MessageKind)4, RequestType.Join, 1, S), []));
    }

    [Fact]
    public void Encode_ObjectValueOver65535_ArgumentException()
    {
        Misuse(Query(new Owner(Bytes.Copy(new byte[65536]))));
        Misuse(Query(new UnknownObject(200, Bytes.Copy(new byte[70000]))));
    }

    [Fact]
    public void Encode_ObjectValueOf65535_Accepted()
    {
        var bytes = P2ppCodec.Encode(Query(new Owner(Bytes.Copy(new byte[65535]))));

        Assert.Equal(16 + 20 + 4 + 65535, bytes.Length);
        Assert.Equal(0xFF, bytes[38]);
        Assert.Equal(0xFF, bytes[39]);
    }

    [Fact]
    public void Encode_ResourceObjectValueOver65535_ArgumentException()
    {
        Misuse(Query(new ResourceObject(ContentType.UserInfo, 0, K, Bytes.Copy(new byte[65536]))));
    }

    [Fact]
    public void Encode_ResourceObjectWhoseWholeTlvExceeds65535_ArgumentException()
    {
        // The value fits its own 16-bit length, but with the Resource-ID TLV around it the object does not.
        Misuse(Query(new ResourceObject(ContentType.UserInfo, 0, K, Bytes.Copy(new byte[65535 - 10]))));
    }

    [Fact]
    public void Encode_PeerInfoGrownOver65535ByItsParts_ArgumentException()
    {
        var big = PiSValue with { UnhashedId = Bytes.Copy(new byte[65530]) };

        Misuse(Query(big));
    }

    [Theory]
    [InlineData(64)]
    [InlineData(255)]
    public void Encode_PLookupCountOver63_ArgumentException(int count)
    {
        Misuse(Query(new PLookup((byte)count, PeerLookupMode.Closest, T)));
    }

    [Fact]
    public void Encode_PLookupCount63_Accepted()
    {
        var bytes = P2ppCodec.Encode(Query(new PLookup(63, PeerLookupMode.Closest, T)));

        Assert.Equal(0xFC, bytes[40]); // 111111 0 0
    }

    [Fact]
    public void Encode_PLookupRangeRules_ArgumentException()
    {
        Misuse(Query(new PLookup(1, PeerLookupMode.Range, T)));                  // range without Peer-IDb
        Misuse(Query(new PLookup(1, PeerLookupMode.Exact, T, R)));               // Peer-IDb without range
        Misuse(Query(new PLookup(1, PeerLookupMode.Range, T, NodeId.Zero(4)))); // ends of two widths
    }

    [Fact]
    public void Encode_EmptyIdentifiers_ArgumentException()
    {
        Misuse(Query(new PeerIdObject(default)));
        Misuse(Query(new ResourceIdObject(default)));
        Misuse(Query(new PLookup(1, PeerLookupMode.Exact, default)));
        Misuse(Query(new RLookup(ContentType.UserInfo, 0, default)));
    }

    [Fact]
    public void Encode_PeerInfoWithoutIdOrAddress_ArgumentException()
    {
        Misuse(Query(new PeerInfo(null, null) { Uptime = 1 }));
    }

    [Fact]
    public void Encode_AddressInfoCandidateCount_ArgumentException()
    {
        Misuse(Query(new AddressInfo([])));
        Misuse(Query(new AddressInfo([.. Enumerable.Repeat(HostS, 256)])));
    }

    [Fact]
    public void Encode_RelatedAddressOfOtherFamily_ArgumentException()
    {
        Misuse(Query(new AddressInfo([HostS with { RelatedAddress = IPAddress.IPv6Loopback, RelatedPort = 1 }])));
    }

    [Fact]
    public void Encode_TableOver255Entries_ArgumentException()
    {
        Misuse(Query(new RoutingTable([.. Enumerable.Repeat(new PeerInfo(Id1, null), 256)])));
    }

    [Fact]
    public void Encode_ResourceListOver255_ArgumentException()
    {
        Misuse(Query(new ResourceList([.. Enumerable.Repeat(ContentType.Stun, 256)])));
    }

    [Fact]
    public void Encode_OverlayIdOver255_ArgumentException()
    {
        Misuse(Query(P2pOptsValue with { OverlayId = Bytes.Copy(new byte[256]) }));
    }

    [Fact]
    public void Encode_MessageCountOver24Bits_ArgumentException()
    {
        Misuse(Query(new MessagesReceived([new MessageCount(3, 0x1000000)])));
    }

    [Fact]
    public void Encode_BodyOverMaxBodyLength_ArgumentException()
    {
        var message = MessageVectors.Requests[RequestType.Join].Expected; // body of 75 bytes

        Misuse(message, new WireOptions { MaxBodyLength = 74 });
    }

    [Fact]
    public void Encode_NullMessage_ArgumentNullException()
    {
        Assert.Throws<ArgumentNullException>(() => P2ppCodec.Encode(null!));
    }

    [Fact]
    public void Encode_FailedEncode_LeavesBufferWriterUntouched()
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();

        Assert.ThrowsAny<ArgumentException>(() => P2ppCodec.Encode(Query(new PLookup(64, PeerLookupMode.Closest, T)), buffer));

        Assert.Equal(0, buffer.WrittenCount);
    }

    // ---- values the decoder refuses: the encoder refuses them too --------------------------------------

    public static TheoryData<string> UndecodableValues() =>
    [
        "Node-Resource-Utilization CPU 101 %",
        "Node-Resource-Utilization bandwidth 255 %",
        "Certificate sub-type 2",
        "P2P-Options hash algorithm 6",
        "P2P-Options P2P algorithm 10",
        "candidate transport 2",
        "candidate type 4",
        "UnknownObject with a known type code",
    ];

    private static P2ppMessage UndecodableMessage(string name) => name switch
    {
        "Node-Resource-Utilization CPU 101 %" => Query(new NodeResourceUtilization(1, 101, 0)),
        "Node-Resource-Utilization bandwidth 255 %" => Query(new NodeResourceUtilization(1, 0, 255)),
        "Certificate sub-type 2" => Query(new Certificate((CertificateKind)2, default)),
        "P2P-Options hash algorithm 6" => Query(P2pOptsValue with { HashAlgorithm = (HashAlgorithmCode)6 }),
        "P2P-Options P2P algorithm 10" => Query(P2pOptsValue with { Algorithm = (OverlayAlgorithm)10 }),
        "candidate transport 2" => Query(new AddressInfo([HostS with { Transport = (CandidateTransport)2 }])),
        "candidate type 4" => Query(new AddressInfo([HostS with { Kind = (CandidateType)4 }])),
        "UnknownObject with a known type code" => Query(new UnknownObject((byte)ObjectType.Uptime, TestHex.B("00000001"))),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    [Theory]
    [MemberData(nameof(UndecodableValues))]
    public void Encode_ValueTheDecoderRefuses_ArgumentException(string name)
    {
        Misuse(UndecodableMessage(name));
    }

    [Fact]
    public void Encode_PLookupModeNotDefined_ArgumentException()
    {
        Misuse(Query(new PLookup(1, (PeerLookupMode)3, T)));
    }

    [Fact]
    public void Encode_RequestTypeNotAssigned_ArgumentException()
    {
        Misuse(new P2ppMessage(new P2ppHeader(MessageKind.Request, (RequestType)17, 1, S), []));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void Encode_ErrorReasonNotValidUtf16_ArgumentException(int which)
    {
        // By index: xunit would turn a lone surrogate in InlineData into U+FFFD on its way to the test.
        string[] reasons = ["\uD800", "a\uDC00b"];

        Misuse(Query(new ErrorObject(ErrorClass.General, 0, 0, reasons[which])));
    }

    private static readonly NodeId Id1 = NodeId.FromBytes([1]);
}
