using Peerlink.Sip.Media;

namespace Peerlink.Sip.Tests.Media;

public class ToneDetectorTests
{
    private static short[] Tone(double hz, double amplitude = 8000, int samples = 8000) => new ToneGenerator(hz, amplitude).Next(samples);

    private static short[] WhiteNoise(int samples, int amplitude, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, samples).Select(_ => (short)random.Next(-amplitude, amplitude + 1))];
    }

    private static short[] Through(G711Codec codec, short[] pcm)
    {
        var codes = new byte[pcm.Length];
        var back = new short[pcm.Length];
        codec.Encode(pcm, codes);
        codec.Decode(codes, back);
        return back;
    }

    [Theory]
    [InlineData(440)]
    [InlineData(1000)]
    [InlineData(697)]  // DTMF row and column frequencies: not on a bin
    [InlineData(1209)]
    [InlineData(300)]
    [InlineData(3400)]
    public void DetectTone_PureTone_FrequencyWithinTenHertz(double hz)
    {
        var tone = ToneDetector.DetectTone(Tone(hz), 8000);
        Assert.NotNull(tone);
        Assert.InRange(tone.Value.Frequency, hz - 10, hz + 10);
        Assert.InRange(tone.Value.Frequency, hz - 1, hz + 1); // in fact well inside a bin (7.8 Hz)
        Assert.InRange(tone.Value.Amplitude, 7600, 8400);
        Assert.True(tone.Value.Purity > 0.99, $"purity {tone.Value.Purity}");
    }

    [Theory]
    [InlineData(440)]
    [InlineData(1000)]
    public void DetectTone_ThroughPcmuAndPcma_StillTheTone(double hz)
    {
        foreach (var codec in new[] { G711Codec.Pcmu, G711Codec.Pcma })
        {
            var tone = ToneDetector.DetectTone(Through(codec, Tone(hz, 4000)), 8000);
            Assert.NotNull(tone);
            Assert.InRange(tone.Value.Frequency, hz - 10, hz + 10);
            Assert.True(tone.Value.Purity > 0.95, $"{codec}: purity {tone.Value.Purity}");
        }
    }

    [Fact]
    public void DetectTone_Silence_None()
    {
        Assert.Null(ToneDetector.DetectTone(new short[8000], 8000));
        Assert.Null(ToneDetector.Analyze(new short[8000], 8000)); // no power at all
        Assert.Null(ToneDetector.DetectTone(Enumerable.Repeat((short)500, 8000).ToArray(), 8000)); // DC is not a tone
    }

    [Fact]
    public void DetectTone_FaintTone_BelowTheFloorNone()
    {
        Assert.Null(ToneDetector.DetectTone(Tone(1000, amplitude: 20), 8000));
        Assert.NotNull(ToneDetector.Analyze(Tone(1000, amplitude: 20), 8000));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void DetectTone_WhiteNoise_None(int seed)
    {
        var noise = WhiteNoise(8000, 8000, seed);
        Assert.Null(ToneDetector.DetectTone(noise, 8000));
        Assert.True(ToneDetector.Analyze(noise, 8000)!.Value.Purity < 0.1);
        Assert.Null(ToneDetector.DetectTone(Through(G711Codec.Pcmu, noise), 8000));
    }

    [Fact]
    public void DetectTone_ToneInModerateNoise_StillTheTone()
    {
        var tone = Tone(1000, 8000);
        var noise = WhiteNoise(tone.Length, 1500, 9);
        var mixed = tone.Zip(noise, (t, n) => (short)(t + n)).ToArray();
        var found = ToneDetector.DetectTone(mixed, 8000);
        Assert.NotNull(found);
        Assert.InRange(found.Value.Frequency, 990, 1010);
    }

    [Fact]
    public void DetectTone_ToneAfterLeadingSilence_StillTheTone()
    {
        short[] recording = [.. new short[4000], .. Tone(440, 3000)];
        Assert.InRange(ToneDetector.DetectTone(recording, 8000)!.Value.Frequency, 430, 450);
    }

    [Fact]
    public void Analyze_ShortSignal_SmallerWindowOrNone()
    {
        Assert.Null(ToneDetector.Analyze(Tone(1000, samples: 63), 8000));
        Assert.InRange(ToneDetector.DetectTone(Tone(1000, samples: 400), 8000)!.Value.Frequency, 990, 1010); // a 256-sample window: 31 Hz bins
    }

    [Fact]
    public void Goertzel_AtTheToneAndAway_AmplitudeAndNearZero()
    {
        var tone = Tone(1000, 5000);
        Assert.InRange(ToneDetector.Goertzel(tone, 1000, 8000), 4990, 5010);
        Assert.True(ToneDetector.Goertzel(tone, 1500, 8000) < 5);
        Assert.Equal(0, ToneDetector.Goertzel(new short[800], 1000, 8000));
        Assert.Equal(0, ToneDetector.Goertzel([], 1000, 8000));
    }

    [Fact]
    public void ToneGenerator_FramesOneAtATime_SameAsOneLongRun()
    {
        var whole = new ToneGenerator(440, 1000).Next(1600);
        var generator = new ToneGenerator(440, 1000);
        var framed = Enumerable.Range(0, 10).SelectMany(_ => generator.Next(160)).ToArray();
        Assert.Equal(whole, framed);
        Assert.Equal(1000, whole.Max());
    }

    [Theory]
    [InlineData(0, 1000)]
    [InlineData(4000, 1000)]
    [InlineData(1000, -1)]
    [InlineData(1000, 40000)]
    public void ToneGenerator_OutOfRange_Refused(double hz, double amplitude) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new ToneGenerator(hz, amplitude));
}
