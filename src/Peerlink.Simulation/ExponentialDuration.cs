namespace Peerlink.Simulation;

/// <summary>Exponential durations with a given median (mean = median / ln 2).</summary>
internal sealed class ExponentialDuration(TimeSpan median) : DurationDistribution(median)
{
    public override string ToString() => "exp:" + DurationText.Format(Median);

    /// <summary>Inverse transform: median · (−ln U) / ln 2, with U in (0, 1].</summary>
    internal override TimeSpan Sample(Random random) =>
        FromTicks(Median.Ticks * -Math.Log(1.0 - random.NextDouble()) / Math.Log(2.0));
}
