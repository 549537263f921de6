using System.Numerics;

namespace Peerlink.Sip.Media;

/// <summary>What <see cref="ToneDetector.Analyze"/> found in a signal.</summary>
/// <param name="Frequency">The dominant frequency in Hz, interpolated between spectrum bins.</param>
/// <param name="Amplitude">The peak amplitude of a sine carrying the power around that frequency.</param>
/// <param name="Purity">The share of the signal's power (DC aside) within 3 bins of the peak: near 1 for a pure tone, small for noise.</param>
/// <param name="Rms">The signal's root mean square (DC aside).</param>
public readonly record struct ToneEstimate(double Frequency, double Amplitude, double Purity, double Rms);

/// <summary>
/// Finds tones in 16-bit PCM: the power at one frequency (<see cref="Goertzel"/>), and the dominant frequency of
/// a signal (<see cref="Analyze"/>, <see cref="DetectTone"/>) from a Welch-averaged spectrum: Hann windows of
/// 1024 samples, half overlapping, each with its mean taken out; the peak bin is refined by fitting a parabola
/// to the log power of it and its neighbours, which for a Hann window is good to a small fraction of a bin
/// (a bin is 7.8 Hz at 8 kHz).
/// </summary>
public static class ToneDetector
{
    /// <summary>The window length <see cref="Analyze"/> uses when the signal is long enough.</summary>
    public const int WindowLength = 1024;

    private const int MinimumWindow = 64;
    private const int PeakHalfWidth = 3; // a Hann window's main lobe is ±2 bins; one more holds what leaks past it

    /// <summary>
    /// The amplitude of the component of <paramref name="samples"/> at <paramref name="frequency"/> (Goertzel's
    /// algorithm, which is one DFT term): a sine of amplitude A at that frequency gives about A.
    /// </summary>
    public static double Goertzel(ReadOnlySpan<short> samples, double frequency, int sampleRate)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleRate, 1);
        if (samples.IsEmpty)
        {
            return 0;
        }

        var w = 2 * Math.PI * frequency / sampleRate;
        var coefficient = 2 * Math.Cos(w);
        double s1 = 0, s2 = 0;
        foreach (var x in samples)
        {
            var s = x + (coefficient * s1) - s2;
            s2 = s1;
            s1 = s;
        }

        var real = s1 - (s2 * Math.Cos(w));
        var imaginary = s2 * Math.Sin(w);
        return 2 * Math.Sqrt((real * real) + (imaginary * imaginary)) / samples.Length;
    }

    /// <summary>
    /// The dominant frequency of <paramref name="samples"/> and how much of the power it holds; null when the
    /// signal is shorter than 64 samples or has no power at all.
    /// </summary>
    public static ToneEstimate? Analyze(ReadOnlySpan<short> samples, int sampleRate)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleRate, 1);
        var n = samples.Length >= WindowLength ? WindowLength : samples.Length >= MinimumWindow ? (int)BitOperations.RoundUpToPowerOf2((uint)samples.Length + 1) / 2 : 0;
        if (n == 0)
        {
            return null;
        }

        var window = new double[n];
        for (var i = 0; i < n; i++)
        {
            window[i] = 0.5 - (0.5 * Math.Cos(2 * Math.PI * i / n));
        }

        var power = new double[(n / 2) + 1];
        var re = new double[n];
        var im = new double[n];
        for (var start = 0; start + n <= samples.Length; start += n / 2)
        {
            var segment = samples.Slice(start, n);
            double mean = 0;
            foreach (var x in segment)
            {
                mean += x;
            }

            mean /= n;
            for (var i = 0; i < n; i++)
            {
                re[i] = (segment[i] - mean) * window[i];
                im[i] = 0;
            }

            Fft(re, im);
            for (var k = 0; k < power.Length; k++)
            {
                power[k] += (re[k] * re[k]) + (im[k] * im[k]);
            }
        }

        // Bin 0 is what is left of the mean; everything else is the signal.
        double total = 0;
        var peak = 1;
        for (var k = 1; k < power.Length; k++)
        {
            total += power[k];
            if (power[k] > power[peak])
            {
                peak = k;
            }
        }

        if (total <= 0)
        {
            return null;
        }

        double region = 0;
        for (var k = Math.Max(1, peak - PeakHalfWidth); k <= Math.Min(power.Length - 1, peak + PeakHalfWidth); k++)
        {
            region += power[k];
        }

        var offset = 0.0;
        if (peak > 1 && peak < power.Length - 1 && power[peak - 1] > 0 && power[peak + 1] > 0)
        {
            // A parabola through the log power of the peak and its neighbours: its vertex is the refined peak.
            double a = Math.Log(power[peak - 1]), b = Math.Log(power[peak]), c = Math.Log(power[peak + 1]);
            var curvature = a - (2 * b) + c;
            offset = curvature < 0 ? Math.Clamp(0.5 * (a - c) / curvature, -0.5, 0.5) : 0;
        }

        double overallMean = 0;
        foreach (var x in samples)
        {
            overallMean += x;
        }

        overallMean /= samples.Length;
        double meanSquare = 0;
        foreach (var x in samples)
        {
            meanSquare += (x - overallMean) * (x - overallMean);
        }

        meanSquare /= samples.Length;
        var purity = region / total;
        return new ToneEstimate((peak + offset) * sampleRate / n, Math.Sqrt(2 * purity * meanSquare), purity, Math.Sqrt(meanSquare));
    }

    /// <summary>
    /// The tone in <paramref name="samples"/>, or null when there is none: no power, a peak amplitude under
    /// <paramref name="minimumAmplitude"/> (64 is about -54 dBFS), or less than <paramref name="minimumPurity"/> of the
    /// power near the peak (noise and speech spread theirs).
    /// </summary>
    public static ToneEstimate? DetectTone(ReadOnlySpan<short> samples, int sampleRate, double minimumPurity = 0.6, double minimumAmplitude = 64)
    {
        var estimate = Analyze(samples, sampleRate);
        return estimate is { } e && e.Purity >= minimumPurity && e.Amplitude >= minimumAmplitude ? e : null;
    }

    /// <summary>An in-place radix-2 FFT; the length is a power of two.</summary>
    private static void Fft(double[] re, double[] im)
    {
        var n = re.Length;
        for (int i = 1, j = 0; i < n; i++)
        {
            var bit = n >> 1;
            for (; (j & bit) != 0; bit >>= 1)
            {
                j ^= bit;
            }

            j ^= bit;
            if (i < j)
            {
                (re[i], re[j]) = (re[j], re[i]);
                (im[i], im[j]) = (im[j], im[i]);
            }
        }

        for (var length = 2; length <= n; length <<= 1)
        {
            var angle = -2 * Math.PI / length;
            double wRe = Math.Cos(angle), wIm = Math.Sin(angle);
            for (var i = 0; i < n; i += length)
            {
                double uRe = 1, uIm = 0;
                for (var k = 0; k < length / 2; k++)
                {
                    var a = i + k;
                    var b = a + (length / 2);
                    var tRe = (re[b] * uRe) - (im[b] * uIm);
                    var tIm = (re[b] * uIm) + (im[b] * uRe);
                    re[b] = re[a] - tRe;
                    im[b] = im[a] - tIm;
                    re[a] += tRe;
                    im[a] += tIm;
                    (uRe, uIm) = ((uRe * wRe) - (uIm * wIm), (uRe * wIm) + (uIm * wRe));
                }
            }
        }
    }
}
