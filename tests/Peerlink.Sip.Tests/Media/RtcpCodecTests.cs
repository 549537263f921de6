using FsCheck.Xunit;
using Peerlink.Core;
using Peerlink.Sip.Media;

namespace Peerlink.Sip.Tests.Media;

public class RtcpCodecTests
{
    // RFC 3550 §6.4.1, built by hand: an SR from 0x11223344 with one report block about 0x55667788.
    private const string SenderReport =
        "81c8000c 11223344 e8a0b0c0 80000000 000003e8 0000000a 00000640" // header, sender info
        + " 55667788 19fffffe 0001002a 00000050 b0c08000 00010000";        // fraction 25/256, lost -2

    // §6.4.2 and §6.5: an RR with no blocks, then SDES with CNAME "a@b" (2+3 octets, END, 2 nulls).
    private const string ReceiverReportAndSdes = "80c90001 11223344 81ca0003 11223344 0103 61 40 62 00 0000";

    [Fact]
    public void TryReadCompound_SenderReport_ReadsSenderInfoAndBlock()
    {
        Assert.True(RtcpCodec.TryReadCompound(Hex.Parse(SenderReport), out var packets, out var error), error);
        var sr = Assert.IsType<RtcpSenderReport>(Assert.Single(packets));
        Assert.Equal(new RtcpSenderReport(0x11223344, 0xe8a0b0c0_80000000, 1000, 10, 1600)
        {
            Reports = [new RtcpReportBlock(0x55667788, 25, -2, 0x0001002a, 80, 0xb0c08000, 0x10000)],
        }, sr);
    }

    [Fact]
    public void TryReadCompound_ReceiverReportThenSdes_ReadsCname()
    {
        Assert.True(RtcpCodec.TryReadCompound(Hex.Parse(ReceiverReportAndSdes), out var packets, out var error), error);
        Assert.Equal(new RtcpReceiverReport(0x11223344), packets[0]);
        var sdes = Assert.IsType<RtcpSourceDescription>(packets[1]);
        var item = Assert.Single(Assert.Single(sdes.Chunks).Items);
        Assert.Equal(RtcpSdesType.Cname, item.Type);
        Assert.Equal("a@b", item.Text);
    }

    [Fact]
    public void TryReadCompound_ByeWithReason_ReadsSourcesAndReason()
    {
        // §6.6: BYE from two sources, reason "bye" (length octet 3, then 3 octets: one word).
        Assert.True(RtcpCodec.TryReadCompound(Hex.Parse("80c90001 00000001 82cb0003 00000001 00000002 03627965"), out var packets, out _));
        Assert.Equal(new RtcpGoodbye([1u, 2u]) { Reason = "bye" }, packets[1]);
    }

    [Fact]
    public void TryReadCompound_PaddingOnTheLastPacket_Stripped()
    {
        // A.2: the last packet may be padded; a BYE with 4 octets of padding (count 4).
        Assert.True(RtcpCodec.TryReadCompound(Hex.Parse("80c90001 00000001 a1cb0002 00000001 00000004"), out var packets, out var error), error);
        Assert.Equal(new RtcpGoodbye([1u]), packets[1]);
    }

    [Fact]
    public void TryReadCompound_AppPacket_KeptAsBytes()
    {
        Assert.True(RtcpCodec.TryReadCompound(Hex.Parse("80c90001 00000001 85cc0002 00000001 74657374"), out var packets, out _));
        Assert.Equal(new RtcpUnknownPacket(204, 5, Bytes.FromHex("0000000174657374")), packets[1]);
    }

    [Theory]
    [InlineData("", "no RTCP packet")]
    [InlineData("80c9", "cut off")]
    [InlineData("40c90001 00000001", "version 1")]
    [InlineData("80c90002 00000001", "says 12 bytes; 8 are left")]
    [InlineData("81ca0002 00000001 00000000", "starts with an SR or RR")]
    [InlineData("80cb0000", "starts with an SR or RR")]
    [InlineData("a0c90001 00000001 80cb0000", "padded but is not the last")]
    [InlineData("80c90001 00000001 a0cb0001 00000000", "padding count 0")]
    [InlineData("80c90001 00000001 a0cb0001 00000009", "padding count 9")]
    [InlineData("81c90001 00000001", "an RR with 1 blocks needs 28")]
    [InlineData("81c80001 00000001", "an SR with 1 blocks needs 48")]
    [InlineData("80c90001 00000001 81ca0002 00000001 01056162", "SDES item 1 of chunk 0 is cut off")]
    [InlineData("80c90001 00000001 81ca0002 00000001 01026162", "no END item")]
    [InlineData("80c90001 00000001 81ca0003 00000001 00000000 00000000", "follow the last SDES chunk")]
    [InlineData("80c90001 00000001 82ca0002 00000001 00000000", "SDES chunk 1 is cut off")]
    [InlineData("80c90001 00000001 82cb0001 00000001", "a BYE of 2 sources needs 8")]
    [InlineData("80c90001 00000001 81cb0002 00000001 05627965", "the reason says 5 octets; 3 follow")]
    public void TryReadCompound_Malformed_FalseWithReason(string hex, string reason)
    {
        Assert.False(RtcpCodec.TryReadCompound(Hex.Parse(hex), out var packets, out var error));
        Assert.Null(packets);
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void EncodeCompound_RrSdesBye_MatchesTheHandBuiltBytes()
    {
        var bytes = RtcpCodec.EncodeCompound(
        [
            new RtcpReceiverReport(0x11223344),
            new RtcpSourceDescription([new RtcpSdesChunk(0x11223344, [RtcpSdesItem.FromText(RtcpSdesType.Cname, "a@b")])]),
        ]);
        Assert.Equal(Convert.ToHexStringLower(Hex.Parse(ReceiverReportAndSdes)), Convert.ToHexStringLower(bytes));
        Assert.Equal(Hex.Parse(SenderReport), RtcpCodec.EncodeCompound([(RtcpSenderReport)ReadOne(SenderReport)]));
    }

    [Fact]
    public void Write_SdesChunkEndingOnAWordBoundary_AddsAWholeWordOfNulls()
    {
        // §6.5: items of 2+2 octets end on a boundary, so END plus three nulls follow.
        var bytes = RtcpCodec.EncodeCompound([new RtcpReceiverReport(1), new RtcpSourceDescription([new RtcpSdesChunk(1, [RtcpSdesItem.FromText(RtcpSdesType.Cname, "ab")])])]);
        Assert.Equal("80c9000100000001" + "81ca0003" + "00000001" + "01026162" + "00000000", Convert.ToHexStringLower(bytes));
    }

    [Theory]
    [InlineData(0x800000)]
    [InlineData(-0x800001)]
    public void Write_CumulativeLossOver24Bits_Throws(int lost) =>
        Assert.Throws<ArgumentException>(() => RtcpCodec.EncodeCompound([new RtcpReceiverReport(1) { Reports = [new RtcpReportBlock(2, 0, lost, 0, 0, 0, 0)] }]));

    [Fact]
    public void Write_ThirtyTwoReportBlocks_Throws() =>
        Assert.Throws<ArgumentException>(() => RtcpCodec.EncodeCompound([new RtcpReceiverReport(1) { Reports = ValueList.Create<RtcpReportBlock>(new RtcpReportBlock[32]) }]));

    [Property(Arbitrary = [typeof(MediaGenerators)], Replay = Replay.Seed, MaxTest = 500)]
    public void EncodeCompound_ThenTryReadCompound_GivesThePacketsBack(RtcpCompound compound)
    {
        var bytes = RtcpCodec.EncodeCompound(compound.Packets);
        Assert.True(bytes.Length % 4 == 0);
        Assert.True(RtcpCodec.TryReadCompound(bytes, out var back, out var error), error);
        Assert.Equal(compound.Packets, ValueList.Create<RtcpPacket>([.. back]));
    }

    [Property(Replay = Replay.Seed, MaxTest = 2000)]
    public void TryReadCompound_ArbitraryBytes_NeverThrows_AndWhatReadsReEncodesToTheSameRead(byte[] bytes, bool plausible)
    {
        if (plausible && bytes.Length >= 4)
        {
            // Make the first header plausible so the noise reaches the body parsers.
            bytes[0] = (byte)(0x80 | (bytes[0] & 0x1F));
            bytes[1] = (byte)(200 + (bytes[1] % 2));
            bytes[2] = 0;
            bytes[3] = (byte)Math.Min(255, (bytes.Length / 4) - 1);
        }

        if (RtcpCodec.TryReadCompound(bytes, out var packets, out var error))
        {
            Assert.True(RtcpCodec.TryReadCompound(RtcpCodec.EncodeCompound(packets), out var again, out _));
            Assert.Equal(packets, again);
        }
        else
        {
            Assert.False(string.IsNullOrEmpty(error));
        }
    }

    private static RtcpPacket ReadOne(string hex)
    {
        Assert.True(RtcpCodec.TryReadCompound(Hex.Parse(hex), out var packets, out _));
        return packets[0];
    }

    [Fact]
    public void TryReadCompound_PaddingLeavesARaggedProfileExtension_Refused()
    {
        // A fuzz finding (fuzz/RESULTS.md, sip): an RR (no blocks) of 4 words, padded (P set) with 2 octets,
        // left a 6-byte profile extension that RtcpCodec could not write back. §6.4.1 wants whole words.
        byte[] rr = [0xA0, 201, 0, 3, 0x12, 0x34, 0x56, 0x78, 0xAA, 0xBB, 0xCC, 0xDD, 0xEE, 0xFF, 0x00, 0x02];

        Assert.False(RtcpCodec.TryReadCompound(rr, out _, out var error));
        Assert.Contains("profile extension", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryReadCompound_PaddingAfterWholeWordExtension_Accepted()
    {
        // The same RR padded with a whole word leaves a 4-byte extension: read, and written back unpadded.
        byte[] rr = [0xA0, 201, 0, 3, 0x12, 0x34, 0x56, 0x78, 0xAA, 0xBB, 0xCC, 0xDD, 0x00, 0x00, 0x00, 0x04];

        Assert.True(RtcpCodec.TryReadCompound(rr, out var packets, out var error), error);
        Assert.Equal(4, Assert.IsType<RtcpReceiverReport>(Assert.Single(packets)).ProfileExtension.Length);
    }
}
