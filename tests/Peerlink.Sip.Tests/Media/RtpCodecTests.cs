using FsCheck.Xunit;
using Peerlink.Core;
using Peerlink.Sip.Media;

namespace Peerlink.Sip.Tests.Media;

public class RtpCodecTests
{
    // RFC 3550 §5.1, built by hand: V=2, PT 0 (PCMU), seq 1, timestamp 160, SSRC 0x12345678, 4 payload octets.
    private const string Pcmu = "80000001000000a012345678 fffefdfc";

    [Fact]
    public void TryRead_PlainPcmuPacket_ReadsEveryHeaderField()
    {
        Assert.True(RtpCodec.TryRead(Hex.Parse(Pcmu), out var packet, out var error), error);
        Assert.Equal(new RtpPacket(0, 1, 160, 0x12345678, Bytes.FromHex("fffefdfc")), packet);
    }

    [Theory]
    // §5.1: M is the top bit of the second octet; PT 8 is PCMA (RFC 3551 §6).
    [InlineData("8088ffff 00000000 00000001", true, 8, 0xFFFF)]
    [InlineData("80650100 00000000 00000001", false, 101, 0x0100)]
    public void TryRead_MarkerAndPayloadType_SplitFromTheSecondOctet(string hex, bool marker, int pt, int seq)
    {
        Assert.True(RtpCodec.TryRead(Hex.Parse(hex), out var packet, out _));
        Assert.Equal(marker, packet.Marker);
        Assert.Equal(pt, packet.PayloadType);
        Assert.Equal(seq, packet.SequenceNumber);
        Assert.True(packet.Payload.Length == 0);
    }

    [Fact]
    public void TryRead_CsrcList_ReadsCcIdentifiersBeforeThePayload()
    {
        // CC = 2 (§5.1): two 32-bit CSRCs follow the SSRC.
        Assert.True(RtpCodec.TryRead(Hex.Parse("82000007 00000320 0000abcd 11111111 22222222 d5d5"), out var packet, out _));
        Assert.Equal([0x11111111u, 0x22222222u], packet.Csrcs);
        Assert.Equal(Bytes.FromHex("d5d5"), packet.Payload);
    }

    [Fact]
    public void TryRead_HeaderExtension_SkippedOverAndKept()
    {
        // X = 1 (§5.3.1): profile 0xBEDE (RFC 8285), length 1 word, then the payload.
        Assert.True(RtpCodec.TryRead(Hex.Parse("90000001 00000000 00000002 bede0001 10ff0000 7f7f"), out var packet, out _));
        Assert.Equal(new RtpHeaderExtension(0xBEDE, Bytes.FromHex("10ff0000")), packet.Extension);
        Assert.Equal(Bytes.FromHex("7f7f"), packet.Payload);
    }

    [Fact]
    public void TryRead_Padding_StrippedFromThePayload()
    {
        // P = 1 (§5.1): the last octet (3) counts the padding, itself included.
        Assert.True(RtpCodec.TryRead(Hex.Parse("a0000001 00000000 00000002 0102 000003"), out var packet, out _));
        Assert.Equal(Bytes.FromHex("0102"), packet.Payload);
        Assert.Equal(3, packet.PaddingLength);
    }

    [Theory]
    [InlineData("", "shorter than the 12-byte")]
    [InlineData("80000001000000a0123456", "shorter than the 12-byte")]
    [InlineData("40000001 000000a0 12345678", "version 1")]
    [InlineData("00000001 000000a0 12345678", "version 0")]
    [InlineData("a0000001 000000a0 12345678 0100", "padding count is 0")]
    [InlineData("a0000001 000000a0 12345678 00ff", "padding count 255 is more than the 2 bytes")]
    [InlineData("a1000001 000000a0 12345678 0002", "1 CSRCs need 16 bytes; 12 are left")]
    [InlineData("81000001 000000a0 12345678", "1 CSRCs need 16")]
    [InlineData("90000001 000000a0 12345678 bede", "extension header is cut off")]
    [InlineData("90000001 000000a0 12345678 bede0002 00000000", "says 2 words; 1 follow")]
    public void TryRead_Malformed_FalseWithReason(string hex, string reason)
    {
        Assert.False(RtpCodec.TryRead(Hex.Parse(hex), out var packet, out var error));
        Assert.Null(packet);
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_EveryField_MatchesTheHandBuiltBytes()
    {
        var packet = new RtpPacket(8, 0xFFFF, 0xDEADBEEF, 0xCAFEBABE, Bytes.FromHex("d5"))
        {
            Marker = true,
            Csrcs = [7u],
            Extension = new RtpHeaderExtension(0x1000, Bytes.FromHex("01020304")),
            PaddingLength = 2,
        };
        Assert.Equal("b188ffffdeadbeefcafebabe00000007100000010102030" + "4d50002", Convert.ToHexStringLower(RtpCodec.Encode(packet)));
    }

    [Theory]
    [InlineData(128, 0, 0, 0)]
    [InlineData(0, 16, 0, 0)]
    [InlineData(0, 0, 3, 0)]
    [InlineData(0, 0, 0, 256)]
    public void Write_FieldTooWide_Throws(int pt, int csrcs, int extensionBytes, int padding)
    {
        var packet = new RtpPacket((byte)pt, 0, 0, 0, Bytes.Empty)
        {
            Csrcs = ValueList.Create<uint>(new uint[csrcs]),
            Extension = extensionBytes > 0 ? new RtpHeaderExtension(0, Bytes.Copy(new byte[extensionBytes])) : null,
            PaddingLength = padding,
        };
        Assert.Throws<ArgumentException>(() => RtpCodec.Encode(packet));
    }

    [Property(Arbitrary = [typeof(MediaGenerators)], Replay = Replay.Seed, MaxTest = 500)]
    public void Encode_ThenTryRead_GivesThePacketBack(RtpPacket packet)
    {
        var bytes = RtpCodec.Encode(packet);
        Assert.Equal(RtpCodec.EncodedLength(packet), bytes.Length);
        Assert.True(RtpCodec.TryRead(bytes, out var back, out var error), error);
        Assert.Equal(packet, back);
    }

    [Property(Replay = Replay.Seed, MaxTest = 2000)]
    public void TryRead_ArbitraryBytes_NeverThrows_AndWhatReadsReEncodesToTheSameRead(byte[] bytes, bool version2)
    {
        if (version2 && bytes.Length > 0)
        {
            bytes[0] = (byte)(0x80 | (bytes[0] & 0x3F));
        }

        if (RtpCodec.TryRead(bytes, out var packet, out var error))
        {
            Assert.Null(error);
            Assert.True(RtpCodec.TryRead(RtpCodec.Encode(packet), out var again, out _));
            Assert.Equal(packet, again);
        }
        else
        {
            Assert.False(string.IsNullOrEmpty(error));
        }
    }
}
