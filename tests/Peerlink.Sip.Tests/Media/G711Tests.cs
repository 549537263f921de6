using Peerlink.Sip.Media;

namespace Peerlink.Sip.Tests.Media;

public class G711Tests
{
    /// <summary>The mu-law codes in order of increasing level: 0x00 (most negative) up to 0x7F (-0), then 0xFF (+0) down to 0x80.</summary>
    private static IEnumerable<byte> MuLawInLevelOrder() =>
        Enumerable.Range(0, 128).Select(i => (byte)i).Concat(Enumerable.Range(0, 128).Select(i => (byte)(0xFF - i)));

    /// <summary>The A-law codes in order of increasing level: with the even bits restored, negative magnitudes 127..0, then positive 0..127.</summary>
    private static IEnumerable<byte> ALawInLevelOrder() =>
        Enumerable.Range(0, 128).Select(i => (byte)((127 - i) ^ 0x55)).Concat(Enumerable.Range(0, 128).Select(i => (byte)((0x80 | i) ^ 0x55)));

    [Theory]
    // G.711 Table 2 (mu-law): the line carries every bit inverted. Zero is 0xFF (and 0x7F, "negative zero");
    // the largest magnitude, 8031 in 14-bit units (x4 = 32124), is 0x80 positive and 0x00 negative; the first
    // level of segment 1 is 33 (x4 = 132) and the last of segment 0 is 30 (x4 = 120).
    [InlineData(0xFF, 0)]
    [InlineData(0x7F, 0)]
    [InlineData(0xFE, 8)]
    [InlineData(0xF0, 120)]
    [InlineData(0xEF, 132)]
    [InlineData(0x80, 32124)]
    [InlineData(0x00, -32124)]
    public void MuLawDecode_CodeWordsTheStandardFixes(int code, int linear) => Assert.Equal(linear, G711.MuLawDecode((byte)code));

    [Theory]
    // G.711 Table 1 (A-law): even bits inverted (XOR 0x55), sign bit 1 for positive. The smallest levels are
    // +1 and -1 in 13-bit units (x8 = 8), 0xD5 and 0x55; the largest, 4032 (x8 = 32256), 0xAA and 0x2A;
    // segment 1 starts at 33 (x8 = 264), segment 2 at 66 (x8 = 528).
    [InlineData(0xD5, 8)]
    [InlineData(0x55, -8)]
    [InlineData(0xD4, 24)]
    [InlineData(0xC5, 264)]
    [InlineData(0xF5, 528)]
    [InlineData(0xAA, 32256)]
    [InlineData(0x2A, -32256)]
    public void ALawDecode_CodeWordsTheStandardFixes(int code, int linear) => Assert.Equal(linear, G711.ALawDecode((byte)code));

    [Theory]
    [InlineData(0, 0xFF, 0xD5)]
    [InlineData(32767, 0x80, 0xAA)]
    [InlineData(-32768, 0x00, 0x2A)]
    [InlineData(-1, 0x7F, 0x55)]
    public void Encode_ZeroMaxMin_TheStandardsCodeWords(int linear, int muLaw, int aLaw)
    {
        Assert.Equal(muLaw, G711.MuLawEncode((short)linear));
        Assert.Equal(aLaw, G711.ALawEncode((short)linear));
    }

    [Fact]
    public void MuLawDecode_AllCodesInLevelOrder_StrictlyIncreasingButTheTwoZeros()
    {
        var levels = MuLawInLevelOrder().Select(G711.MuLawDecode).ToArray();
        for (var i = 1; i < levels.Length; i++)
        {
            if (i == 128)
            {
                Assert.Equal(0, levels[i - 1]); // 0x7F and 0xFF: the two zeros
                Assert.Equal(0, levels[i]);
            }
            else
            {
                Assert.True(levels[i] > levels[i - 1], $"level {i}: {levels[i]} after {levels[i - 1]}");
            }
        }
    }

    [Fact]
    public void ALawDecode_AllCodesInLevelOrder_StrictlyIncreasing()
    {
        var levels = ALawInLevelOrder().Select(G711.ALawDecode).ToArray();
        Assert.Equal(256, levels.Distinct().Count());
        for (var i = 1; i < levels.Length; i++)
        {
            Assert.True(levels[i] > levels[i - 1], $"level {i}: {levels[i]} after {levels[i - 1]}");
        }
    }

    [Fact]
    public void MuLaw_EveryCodeDecodedThenEncoded_ItselfButNegativeZero()
    {
        for (var code = 0; code < 256; code++)
        {
            var expected = code == 0x7F ? 0xFF : code; // -0 decodes to 0, which encodes as +0
            Assert.Equal(expected, G711.MuLawEncode(G711.MuLawDecode((byte)code)));
        }
    }

    [Fact]
    public void ALaw_EveryCodeDecodedThenEncoded_Itself()
    {
        for (var code = 0; code < 256; code++)
        {
            Assert.Equal(code, G711.ALawEncode(G711.ALawDecode((byte)code)));
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Encode_EverySixteenBitSample_MonotonicOntoABracketingLevelWithinHalfAStep(bool aLaw)
    {
        // Each code's level sits in the middle of the interval it encodes (G.711 Tables 1 and 2), so a sample
        // goes to one of the two levels around it, at most half the larger gap next to that level away.
        var levels = Enumerable.Range(0, 256).Select(c => (int)(aLaw ? G711.ALawDecode((byte)c) : G711.MuLawDecode((byte)c))).Distinct().Order().ToArray();
        var previous = int.MinValue;
        for (var x = (int)short.MinValue; x <= short.MaxValue; x++)
        {
            var decoded = aLaw ? G711.ALawDecode(G711.ALawEncode((short)x)) : G711.MuLawDecode(G711.MuLawEncode((short)x));
            var below = levels.LastOrDefault(l => l <= x, levels[0]);
            var above = levels.FirstOrDefault(l => l >= x, levels[^1]);
            Assert.True(decoded == below || decoded == above, $"{x} -> {decoded}, not {below} or {above}");
            var i = Array.IndexOf(levels, (int)decoded);
            var gap = Math.Max(i > 0 ? levels[i] - levels[i - 1] : 0, i + 1 < levels.Length ? levels[i + 1] - levels[i] : 0);
            if (x >= levels[0] && x <= levels[^1])
            {
                Assert.True(2 * Math.Abs(decoded - x) <= gap, $"{x} -> {decoded}: more than half of {gap} away");
            }

            Assert.True(decoded >= previous, $"{x} -> {decoded} after {previous}");
            previous = decoded;
        }
    }

    [Fact]
    public void Codec_PayloadTypesNamesAndSilence_PerRfc3551()
    {
        Assert.Equal(0, G711Codec.Pcmu.PayloadType);
        Assert.Equal(8, G711Codec.Pcma.PayloadType);
        Assert.Equal("PCMU", G711Codec.Pcmu.EncodingName);
        Assert.Equal("PCMA", G711Codec.Pcma.EncodingName);
        Assert.Equal(0xFF, G711Codec.Pcmu.Silence);
        Assert.Equal(0xD5, G711Codec.Pcma.Silence);
        Assert.Same(G711Codec.Pcma, G711Codec.FromPayloadType(8));
        Assert.Null(G711Codec.FromPayloadType(18));
    }

    [Fact]
    public void CodecSpans_EncodeThenDecode_SameAsSampleBySample()
    {
        short[] pcm = [0, 1, -1, 1000, -1000, short.MaxValue, short.MinValue];
        var codes = new byte[pcm.Length];
        var back = new short[pcm.Length];
        G711Codec.Pcma.Encode(pcm, codes);
        G711Codec.Pcma.Decode(codes, back);
        Assert.Equal(pcm.Select(G711.ALawEncode), codes);
        Assert.Equal(codes.Select(G711.ALawDecode), back);
        Assert.Throws<ArgumentException>(() => G711Codec.Pcmu.Encode(pcm, new byte[3]));
    }
}
