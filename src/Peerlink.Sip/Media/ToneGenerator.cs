namespace Peerlink.Sip.Media;

/// <summary>
/// A sine tone as 16-bit PCM, continuous in phase from one call to the next, so frames generated one at a time
/// join into one tone.
/// </summary>
public sealed class ToneGenerator
{
    private readonly double _amplitude;
    private readonly double _step;
    private double _phase;

    /// <summary>A tone of <paramref name="frequency"/> Hz and peak <paramref name="amplitude"/> (up to 32,767), sampled at <paramref name="sampleRate"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The frequency is not between 0 and half the sampling rate, or the amplitude not 0 to 32,767.</exception>
    public ToneGenerator(double frequency, double amplitude, int sampleRate = 8000)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleRate, 1);
        if (!(frequency > 0 && frequency < sampleRate / 2.0))
        {
            throw new ArgumentOutOfRangeException(nameof(frequency), frequency, $"above 0 and below {sampleRate / 2} Hz (Nyquist)");
        }

        if (!(amplitude >= 0 && amplitude <= short.MaxValue))
        {
            throw new ArgumentOutOfRangeException(nameof(amplitude), amplitude, "0 to 32767");
        }

        Frequency = frequency;
        SampleRate = sampleRate;
        _amplitude = amplitude;
        _step = 2 * Math.PI * frequency / sampleRate;
    }

    /// <summary>The tone's frequency in Hz.</summary>
    public double Frequency { get; }

    /// <summary>The sampling rate.</summary>
    public int SampleRate { get; }

    /// <summary>Fills <paramref name="output"/> with the next samples.</summary>
    public void Fill(Span<short> output)
    {
        for (var i = 0; i < output.Length; i++)
        {
            output[i] = (short)Math.Round(_amplitude * Math.Sin(_phase));
            _phase += _step;
            if (_phase >= 2 * Math.PI)
            {
                _phase -= 2 * Math.PI;
            }
        }
    }

    /// <summary>The next <paramref name="count"/> samples.</summary>
    public short[] Next(int count)
    {
        var samples = new short[count];
        Fill(samples);
        return samples;
    }
}
