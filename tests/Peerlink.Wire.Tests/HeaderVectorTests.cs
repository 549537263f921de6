using System.Buffers;
using static Peerlink.Wire.Tests.Fragments;
using static Peerlink.Wire.Tests.TestHex;

namespace Peerlink.Wire.Tests;

/// <summary>
/// The common header (§9.1) by hand: first word V(2)=01 T(2) A P R code(9), type, TTL, cookie,
/// transaction, length, Source-ID, Response-ID.
/// </summary>
public class HeaderVectorTests
{
    public static TheoryData<string> KindNames()
    {
        var data = new TheoryData<string>();
        foreach (var k in MessageVectors.Kinds.Keys)
        {
            data.Add(k);
        }

        return data;
    }

    // A Join response with no objects; the first two bytes are written by hand per code:
    //   V=01 T=10 A=0 P=1 R=0 -> 0110 010c cccc cccc, c = the 9-bit code.
    [Theory]
    [InlineData(200, true, "64 c8")] // 200 = 0 1100 1000   -> 0110 0100 | 1100 1000
    [InlineData(200, false, "60 c8")] // P=0: 0110 0000 | 1100 1000
    [InlineData(302, true, "65 2e")] // 302 = 1 0010 1110   -> 0110 0101 | 0010 1110
    [InlineData(400, true, "65 90")] // 400 = 1 1001 0000
    [InlineData(404, true, "65 94")] // 404 = 1 1001 0100
    [InlineData(405, true, "65 95")] // 405 = 1 1001 0101
    [InlineData(406, true, "65 96")] // 406 = 1 1001 0110
    [InlineData(407, true, "65 97")] // 407 = 1 1001 0111
    [InlineData(410, true, "65 9a")] // 410 = 1 1001 1010
    [InlineData(413, true, "65 9d")] // 413 = 1 1001 1101
    [InlineData(418, true, "65 a2")] // 418 = 1 1010 0010
    [InlineData(480, true, "65 e0")] // 480 = 1 1110 0000
    [InlineData(480, false, "61 e0")] // P=0: 0110 0001 | 1110 0000
    public void Decode_ResponseCode_NineBitFieldMatchesHandBuiltBits(int code, bool fromPeer, string firstWord)
    {
        var vector = new MessageVector(
            $"response {code}",
            Parse(
                firstWord,
                "03",         // Join
                "10",         // TTL 16
                Magic,
                "00000063",   // transaction 99
                "00000028",   // length 40 = 20 + 20
                S20,
                R20),
            new P2ppMessage(
                new P2ppHeader(MessageKind.Response, RequestType.Join, 99, S) { ResponseCode = (ResponseCode)code, FromPeer = fromPeer, Ttl = 16, ResponseId = R },
                []));

        var decoded = VectorAssert.DecodesAndReencodes(vector);

        Assert.Equal(code, (int)decoded.Header.ResponseCode);
        Assert.True(Enum.IsDefined(decoded.Header.ResponseCode));
        Assert.False(decoded.Header.Recursive);
        Assert.False(decoded.Header.IsAck);
    }

    [Fact]
    public void Decode_ResponseCode511WithEveryFlag_AllBitsSeparate()
    {
        var vector = new MessageVector(
            "responseACK 511 A P R",
            Parse(
                "7f ff",      // 01 11 1 1 1 111111111: responseACK, A, P, R, code 511
                "10",         // GetDiagnostics
                "00",         // TTL 0
                Magic,
                "ffffffff",   // transaction 2^32-1
                "00000028",   // length 40
                S20,
                R20),
            new P2ppMessage(
                new P2ppHeader(MessageKind.ResponseAck, RequestType.GetDiagnostics, uint.MaxValue, S)
                {
                    IsAck = true,
                    Recursive = true,
                    ResponseCode = (ResponseCode)511,
                    Ttl = 0,
                    ResponseId = R,
                },
                []));

        VectorAssert.DecodesAndReencodes(vector);
    }

    [Theory]
    [MemberData(nameof(KindNames))]
    public void Decode_EachMessageKind_GivesHandBuiltMessageAndReencodesIdentically(string kind)
    {
        var vector = MessageVectors.Kinds[kind];

        var decoded = VectorAssert.DecodesAndReencodes(vector);

        // T is bits 2-3 and A is bit 4 of the first byte.
        Assert.Equal((MessageKind)((vector.Wire[0] >> 4) & 3), decoded.Header.Kind);
        Assert.Equal((vector.Wire[0] & 0x08) != 0, decoded.Header.IsAck);
        Assert.Equal(decoded.Header.IsAck || decoded.Header.Kind >= MessageKind.Response, decoded.Header.ResponseId is not null);
    }

    [Fact]
    public void Decode_RequestWithReservedBitsSet_KeepsThemAsResponseCode()
    {
        // docs/wire-format.md: the 9 reserved bits of a request are kept as received.
        var vector = new MessageVector(
            "request with reserved bits",
            Parse(
                "45 01",      // 01 00 0 1 0 100000001: request, P=1, reserved = 257
                "05",         // KeepAlive
                "01",         // TTL 1
                Magic,
                "00000001",
                "00000014",   // length 20
                S20),
            new P2ppMessage(new P2ppHeader(MessageKind.Request, RequestType.KeepAlive, 1, S) { ResponseCode = (ResponseCode)257, Ttl = 1 }, []));

        VectorAssert.DecodesAndReencodes(vector);
    }

    [Fact]
    public void Encode_DefaultHeader_FromPeerTrueAndOtherFlagsClear()
    {
        var message = new P2ppMessage(new P2ppHeader(MessageKind.Request, RequestType.Query, 7, S), []);

        var bytes = P2ppCodec.Encode(message);

        Assert.Equal(
            "4400" + "08" + "00" + Magic + "00000007" + "00000014" + S20,
            Show(bytes));
    }

    [Fact]
    public void Encode_IntoBufferWriter_AppendsAfterExistingContentAndReturnsLength()
    {
        var buffer = new ArrayBufferWriter<byte>();
        buffer.Write(new byte[] { 0xEE, 0xEE });
        var vector = MessageVectors.Requests[RequestType.Join];

        var written = P2ppCodec.Encode(vector.Expected, buffer);

        Assert.Equal(vector.Wire.Length, written);
        Assert.Equal("eeee" + Show(vector.Wire), Show(buffer.WrittenSpan));
    }

    [Fact]
    public void Decode_CallerBuffer_NotChanged()
    {
        var vector = MessageVectors.Responses[4];
        var copy = vector.Wire.ToArray();

        _ = P2ppCodec.Decode(copy);

        Assert.Equal(vector.Wire, copy);
    }

    [Fact]
    public void Decode_UnknownRequestType_ErrorCarriesHeaderAtOffset2()
    {
        var bytes = Parse(
            "44 00",          // request, P=1
            "11",             // type 17: not assigned
            "01",
            Magic,
            "00000001",
            "00000014",       // length 20
            S20);

        var e = VectorAssert.Malformed(bytes);

        Assert.Equal(DecodeError.UnknownRequestType, e.Error);
        Assert.Equal(2, e.Offset);
        Assert.NotNull(e.Header);
        Assert.Equal((RequestType)17, e.Header.RequestType);
        Assert.Equal(S, e.Header.SourceId);
        Assert.Equal(1u, e.Header.TransactionId);
    }

    [Theory]
    [InlineData("11")]
    [InlineData("80")]
    [InlineData("ff")]
    public void Decode_UnknownRequestTypeInResponse_HeaderHasResponseId(string type)
    {
        var bytes = Parse("64 c8", type, "01", Magic, "00000001", "00000028", S20, R20);

        var e = VectorAssert.Malformed(bytes);

        Assert.Equal(DecodeError.UnknownRequestType, e.Error);
        Assert.Equal(R, e.Header?.ResponseId);
    }
}
