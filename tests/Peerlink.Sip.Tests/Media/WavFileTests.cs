using System.Buffers.Binary;
using FsCheck.Xunit;
using Peerlink.Core;
using Peerlink.Sip.Media;

namespace Peerlink.Sip.Tests.Media;

public class WavFileTests
{
    // A hand-built 8 kHz mono 16-bit file with two samples, 1 and -2.
    private const string TwoSamples =
        "52494646 28000000 57415645"                 // "RIFF", 36 + 4, "WAVE"
        + " 666d7420 10000000 0100 0100 401f0000 803e0000 0200 1000" // "fmt ", 16: PCM, mono, 8000, 16000, 2, 16
        + " 64617461 04000000 0100 feff";             // "data", 4: 1, -2

    private static string Fmt(int format, int channels, int rate, int bits) =>
        "666d7420 10000000" + Le16(format) + Le16(channels) + Le32(rate) + Le32(rate * channels * bits / 8) + Le16(channels * bits / 8) + Le16(bits);

    private static string Le16(int v) => Convert.ToHexStringLower(BitConverter.GetBytes((ushort)v));

    private static string Le32(int v) => Convert.ToHexStringLower(BitConverter.GetBytes((uint)v));

    private static byte[] File(params string[] chunks) => Hex.Parse("52494646 00000000 57415645" + string.Concat(chunks));

    [Fact]
    public void Encode_TwoSamples_TheHandBuiltBytes()
    {
        Assert.Equal(Convert.ToHexStringLower(Hex.Parse(TwoSamples)), Convert.ToHexStringLower(WavFile.Encode(8000, [1, -2])));
    }

    [Fact]
    public void TryRead_HandBuilt_RateAndSamples()
    {
        Assert.True(WavFile.TryRead(Hex.Parse(TwoSamples), out var audio, out var error), error);
        Assert.Equal(8000, audio.SampleRate);
        Assert.Equal([1, -2], audio.Samples);
        Assert.Equal(TimeSpan.FromMilliseconds(0.25), audio.Duration);
    }

    [Fact]
    public void TryRead_ListChunkOfOddSizeBeforeData_SkippedWithItsPadByte()
    {
        // LIST of 5 bytes ("INFOx") is followed by one pad byte (RIFF: chunks start on even offsets).
        var file = File(Fmt(1, 1, 8000, 16), "4c495354 05000000 494e464f78 00", "64617461 02000000 3412");
        Assert.True(WavFile.TryRead(file, out var audio, out var error), error);
        Assert.Equal([0x1234], audio.Samples);
    }

    [Fact]
    public void TryRead_DataBeforeFmtAndAFactChunk_StillRead()
    {
        var file = File("66616374 04000000 01000000", "64617461 02000000 ffff", Fmt(1, 1, 16000, 16));
        Assert.True(WavFile.TryRead(file, out var audio, out _));
        Assert.Equal(16000, audio.SampleRate);
        Assert.Equal([-1], audio.Samples);
    }

    [Theory]
    [InlineData("ffffffff")] // streaming writers that never knew the length
    [InlineData("00100000")] // a stale size larger than the file
    public void TryRead_DataSizeBeyondTheFile_DataRunsToTheEnd(string size)
    {
        var file = File(Fmt(1, 1, 8000, 16), "64617461 " + size + " 0100 0200 0300");
        Assert.True(WavFile.TryRead(file, out var audio, out _));
        Assert.Equal([1, 2, 3], audio.Samples);
    }

    [Fact]
    public void TryRead_OddDataLength_LastByteDropped()
    {
        var file = File(Fmt(1, 1, 8000, 16), "64617461 03000000 0100 02");
        Assert.True(WavFile.TryRead(file, out var audio, out _));
        Assert.Equal([1], audio.Samples);
    }

    [Fact]
    public void TryRead_ExtensibleWithPcmSubformat_Read()
    {
        var fmt = "666d7420 28000000 feff 0100 401f0000 803e0000 0200 1000 1600 1000 04000000 0100000000001000800000aa00389b71";
        Assert.True(WavFile.TryRead(File(fmt, "64617461 02000000 0700"), out var audio, out var error), error);
        Assert.Equal([7], audio.Samples);
    }

    [Theory]
    [InlineData(1, 2, 8000, 16, "2 channels: only mono")]
    [InlineData(1, 1, 8000, 8, "8-bit samples: only 16-bit PCM")]
    [InlineData(1, 1, 8000, 24, "24-bit samples")]
    [InlineData(3, 1, 8000, 32, "IEEE float samples (format 3)")]
    [InlineData(6, 1, 8000, 8, "A-law samples (format 6)")]
    [InlineData(7, 1, 8000, 8, "mu-law samples (format 7)")]
    [InlineData(0x55, 1, 8000, 16, "format 0x0055")]
    [InlineData(1, 1, 0, 16, "sampling rate of 0 Hz")]
    public void TryRead_OtherFormats_RefusedNamingThem(int format, int channels, int rate, int bits, string reason)
    {
        Assert.False(WavFile.TryRead(File(Fmt(format, channels, rate, bits), "64617461 02000000 0000"), out var audio, out var error));
        Assert.Null(audio);
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryRead_ExtensibleFloat_Refused()
    {
        var fmt = "666d7420 28000000 feff 0100 401f0000 00fa0000 0400 2000 1600 2000 04000000 0300000000001000800000aa00389b71";
        Assert.False(WavFile.TryRead(File(fmt, "64617461 04000000 00000000"), out _, out var error));
        Assert.Contains("subformat is not PCM", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryRead_RequiredRateDiffers_RefusedNamingBoth()
    {
        Assert.False(WavFile.TryRead(File(Fmt(1, 1, 44100, 16), "64617461 00000000"), out _, out var error, requiredSampleRate: 8000));
        Assert.Equal("the file is sampled at 44100 Hz; 8000 Hz is needed", error);
    }

    [Theory]
    [InlineData("", "no RIFF/WAVE header")]
    [InlineData("52494646 00000000 41564920", "no RIFF/WAVE header")]
    [InlineData("52494646 00000000 57415645 64617461 00000000", "no fmt chunk")]
    [InlineData("52494646 00000000 57415645 666d7420 02000000 0100", "a 2-byte fmt chunk")]
    public void TryRead_NotAWavFile_FalseWithReason(string hex, string reason)
    {
        Assert.False(WavFile.TryRead(Hex.Parse(hex), out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryRead_NoDataChunk_FalseWithReason()
    {
        Assert.False(WavFile.TryRead(File(Fmt(1, 1, 8000, 16)), out _, out var error));
        Assert.Equal("no data chunk", error);
    }

    [Fact]
    public void WriteHeader_ThenSamplesThenHeaderAgain_AsARecorderDoes()
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        WavFile.WriteHeader(buffer.GetSpan(WavFile.HeaderLength), 8000, 0);
        buffer.Advance(WavFile.HeaderLength);
        WavFile.WriteSamples(buffer, [10, 20]);
        WavFile.WriteSamples(buffer, [30]);
        var file = buffer.WrittenSpan.ToArray();
        WavFile.WriteHeader(file, 8000, 6);
        Assert.Equal(36 + 6, BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(4)));
        Assert.True(WavFile.TryRead(file, out var audio, out _));
        Assert.Equal([10, 20, 30], audio.Samples);
        Assert.Throws<ArgumentOutOfRangeException>(() => WavFile.WriteHeader(file, 8000, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => WavFile.WriteHeader(file, 0, 0));
    }

    [Property(Replay = Replay.Seed, MaxTest = 300)]
    public void Encode_ThenTryRead_SamplesBack(short[] samples, bool wideband)
    {
        var rate = wideband ? 16000 : 8000;
        Assert.True(WavFile.TryRead(WavFile.Encode(rate, samples), out var audio, out _, rate));
        Assert.Equal(samples, audio.Samples);
    }

    [Property(Replay = Replay.Seed, MaxTest = 2000)]
    public void TryRead_ArbitraryBytesAfterARiffHeader_NeverThrows(byte[] tail, bool withFmt)
    {
        var head = Hex.Parse("52494646 00000000 57415645" + (withFmt ? Fmt(1, 1, 8000, 16) : string.Empty));
        var ok = WavFile.TryRead([.. head, .. tail], out var audio, out var error);
        Assert.Equal(ok, audio is not null);
        Assert.Equal(ok, error is null);
    }
}
