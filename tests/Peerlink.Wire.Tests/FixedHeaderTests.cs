using static Peerlink.Wire.Tests.Fragments;
using static Peerlink.Wire.Tests.TestHex;

namespace Peerlink.Wire.Tests;

/// <summary>P2ppFixedHeader: the 16 fixed bytes read without allocating, and stream framing.</summary>
public class FixedHeaderTests
{
    [Theory]
    // first word, version, kind, A, P, R, code
    [InlineData("4000", 1, MessageKind.Request, false, false, false, 0)]          // 01 00 0 0 0 000000000
    [InlineData("4600", 1, MessageKind.Request, false, true, true, 0)]            // 01 00 0 1 1 000000000
    [InlineData("5400", 1, MessageKind.Indication, false, true, false, 0)]        // 01 01 0 1 0 000000000
    [InlineData("64c8", 1, MessageKind.Response, false, true, false, 200)]        // 01 10 0 1 0 011001000
    [InlineData("74c8", 1, MessageKind.ResponseAck, false, true, false, 200)]     // 01 11 0 1 0 011001000
    [InlineData("4c00", 1, MessageKind.Request, true, true, false, 0)]            // 01 00 1 1 0 000000000
    [InlineData("65e0", 1, MessageKind.Response, false, true, false, 480)]        // 01 10 0 1 0 111100000
    [InlineData("7fff", 1, MessageKind.ResponseAck, true, true, true, 511)]       // 01 11 1 1 1 111111111
    [InlineData("0000", 0, MessageKind.Request, false, false, false, 0)]          // 00 ...
    [InlineData("bfff", 2, MessageKind.ResponseAck, true, true, true, 511)]       // 10 11 1 1 1 111111111
    [InlineData("c100", 3, MessageKind.Request, false, false, false, 256)]        // 11 00 0 0 0 100000000
    public void TryRead_FirstWord_EveryBitInItsField(string firstWord, int version, MessageKind kind, bool ack, bool peer, bool recursive, int code)
    {
        var bytes = Parse(firstWord, "0a", "fe", Magic, "01020304", "0a0b0c0d");

        Assert.True(P2ppFixedHeader.TryRead(bytes, out var h));

        Assert.Equal(version, h.Version);
        Assert.Equal(kind, h.Kind);
        Assert.Equal(ack, h.IsAck);
        Assert.Equal(peer, h.FromPeer);
        Assert.Equal(recursive, h.Recursive);
        Assert.Equal(code, h.ResponseCode);
        Assert.Equal(RequestType.LookupObject, h.RequestType);
        Assert.Equal(0xFE, h.Ttl);
        Assert.Equal(0x596ABF0Du, h.MagicCookie);
        Assert.Equal(0x01020304u, h.TransactionId);
        Assert.Equal(0x0A0B0C0Du, h.MessageLength);
        Assert.Equal(version == 1, h.IsP2pp);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(15)]
    public void TryRead_FewerThan16Bytes_FalseAndDefault(int length)
    {
        var bytes = MessageVectors.Requests[RequestType.Join].Wire[..length];

        Assert.False(P2ppFixedHeader.TryRead(bytes, out var h));
        Assert.Equal(default, h);
    }

    [Fact]
    public void TryRead_StunMagic_TrueButNotP2pp()
    {
        var bytes = Parse("4400 08 01", "2112a442", "00000001", "00000000");

        Assert.True(P2ppFixedHeader.TryRead(bytes, out var h));

        Assert.Equal(0x2112A442u, h.MagicCookie);
        Assert.False(h.IsP2pp);
    }

    [Fact]
    public void TryRead_UnknownRequestTypeAndAnyLength_ReadAsIs()
    {
        var bytes = Parse("4400 ff 00", Magic, "ffffffff", "ffffffff");

        Assert.True(P2ppFixedHeader.TryRead(bytes, out var h));

        Assert.Equal((RequestType)255, h.RequestType);
        Assert.Equal(uint.MaxValue, h.MessageLength);
        Assert.Equal(uint.MaxValue, h.TransactionId);
        Assert.True(h.IsP2pp);
    }

    [Fact]
    public void TryRead_EveryVector_AgreesWithDecodedHeader()
    {
        foreach (var v in MalformedInputTests.AllVectors())
        {
            Assert.True(P2ppFixedHeader.TryRead(v.Wire, out var h), v.Name);
            var m = v.Expected.Header;
            Assert.Equal(m.Kind, h.Kind);
            Assert.Equal(m.IsAck, h.IsAck);
            Assert.Equal(m.FromPeer, h.FromPeer);
            Assert.Equal(m.Recursive, h.Recursive);
            Assert.Equal((ushort)m.ResponseCode, h.ResponseCode);
            Assert.Equal(m.RequestType, h.RequestType);
            Assert.Equal(m.Ttl, h.Ttl);
            Assert.Equal(m.TransactionId, h.TransactionId);
            Assert.Equal((uint)(v.Wire.Length - 16), h.MessageLength);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(15)]
    public void FrameLength_FewerThan16Bytes_Null(int buffered)
    {
        Assert.Null(P2ppFixedHeader.FrameLength(MessageVectors.Requests[RequestType.Join].Wire.AsSpan(0, buffered)));
    }

    [Theory]
    [InlineData("00000000", 16L)]
    [InlineData("00000028", 56L)]
    [InlineData("00011000", 16L + 0x11000)]
    [InlineData("ffffffff", 16L + uint.MaxValue)] // no 32-bit overflow
    public void FrameLength_FixedHeaderOnly_SixteenPlusMessageLength(string length, long expected)
    {
        Assert.Equal(expected, P2ppFixedHeader.FrameLength(Parse("4400 08 01", Magic, "00000001", length)));
    }

    [Fact]
    public void FrameLength_PartOfFirstMessageBuffered_WholeFrameLength()
    {
        var vector = MessageVectors.Responses[0];

        Assert.Equal(vector.Wire.Length, P2ppFixedHeader.FrameLength(vector.Wire.AsSpan(0, 16)));
        Assert.Equal(vector.Wire.Length, P2ppFixedHeader.FrameLength(vector.Wire.AsSpan(0, 20)));
    }

    [Fact]
    public void FrameLength_StreamOfThreeMessages_CutsEachFrameExactly()
    {
        var messages = new[] { MessageVectors.Requests[RequestType.Join], MessageVectors.Kinds["ack of request"], MessageVectors.Responses[2] };
        var stream = messages.SelectMany(m => m.Wire).ToArray();

        var offset = 0;
        foreach (var m in messages)
        {
            var frame = P2ppFixedHeader.FrameLength(stream.AsSpan(offset));
            Assert.NotNull(frame);
            Assert.Equal(m.Expected, P2ppCodec.Decode(stream.AsSpan(offset, (int)frame.Value)));
            offset += (int)frame.Value;
        }

        Assert.Equal(stream.Length, offset);
        Assert.Null(P2ppFixedHeader.FrameLength(stream.AsSpan(offset)));
    }
}
