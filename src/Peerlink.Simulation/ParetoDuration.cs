using System.Globalization;

namespace Peerlink.Simulation;

/// <summary>Pareto type I durations with a given median and tail index (shape).</summary>
internal sealed class ParetoDuration : DurationDistribution
{
    private readonly double _scaleTicks;

    public ParetoDuration(TimeSpan median, double shape)
        : base(median)
    {
        if (!(shape > 0) || double.IsInfinity(shape))
        {
            throw new ArgumentOutOfRangeException(nameof(shape), shape, "a Pareto shape is a positive number");
        }

        Shape = shape;

        // The median of Pareto(scale, shape) is scale · 2^(1/shape).
        _scaleTicks = median.Ticks / Math.Pow(2.0, 1.0 / shape);
    }

    public double Shape { get; }

    public override string ToString() =>
        $"pareto:{DurationText.Format(Median)},shape={Shape.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>Inverse transform: scale / U^(1/shape), with U in (0, 1].</summary>
    internal override TimeSpan Sample(Random random) =>
        FromTicks(_scaleTicks / Math.Pow(1.0 - random.NextDouble(), 1.0 / Shape));
}
