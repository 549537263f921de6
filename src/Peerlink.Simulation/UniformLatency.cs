namespace Peerlink.Simulation;

/// <summary>Each packet draws its own delay, uniformly between two bounds (inclusive, to the tick).</summary>
internal sealed class UniformLatency(TimeSpan minimum, TimeSpan maximum) : LatencyModel
{
    public TimeSpan Minimum => minimum;

    public TimeSpan Maximum => maximum;

    public override string ToString() => $"uniform:{DurationText.Format(minimum)}-{DurationText.Format(maximum)}";

    internal override TimeSpan Sample(int from, int to, ulong salt, Random random) =>
        new(random.NextInt64(minimum.Ticks, maximum.Ticks + 1));
}
