using Peerlink.Core;
using Peerlink.Hosting.Turn;
using Peerlink.Nat.Stun;
using Peerlink.Nat.Turn;

namespace Peerlink.Hosting.Tests;

/// <summary>Cutting a TURN server's TCP stream into messages (RFC 8656 §12.5).</summary>
public class TurnClientFramingTests
{
    [Fact]
    public void FrameLength_StunMessage_HeaderPlusMessageLength()
    {
        var message = StunCodec.Encode(new StunMessage(StunClass.SuccessResponse, StunMethod.Refresh, Bytes.FromHex("0102030405060708090a0b0c")), fingerprint: true);

        Assert.Equal(message.Length, TurnClientFraming.FrameLength(message));
    }

    [Theory]
    [InlineData(0, 4)]
    [InlineData(1, 8)]
    [InlineData(4, 8)]
    [InlineData(5, 12)]
    public void FrameLength_ChannelData_PaddedToFourBytes(int dataLength, int frameLength)
    {
        var message = ChannelData.Write(0x4000, new byte[dataLength], pad: true);

        Assert.Equal(frameLength, message.Length);
        Assert.Equal(frameLength, TurnClientFraming.FrameLength(message));
    }

    [Theory]
    [InlineData(new byte[] { 0x00, 0x01, 0x00 })]
    [InlineData(new byte[0])]
    public void FrameLength_FewerThanFourBytes_Zero(byte[] start) => Assert.Equal(0, TurnClientFraming.FrameLength(start));

    [Theory]
    [InlineData(new byte[] { 0x80, 0x00, 0x00, 0x00 })]
    [InlineData(new byte[] { 0xC0, 0x00, 0x00, 0x04 })]
    [InlineData(new byte[] { 0x01, 0x01, 0x00, 0x03 })]
    public void FrameLength_NeitherStunNorChannelData_MinusOne(byte[] start) => Assert.Equal(-1, TurnClientFraming.FrameLength(start));
}
