using System.Globalization;

namespace Peerlink.Simulation;

/// <summary>
/// A distribution of durations (session times, down times), given by its median, which is what
/// churn studies report (Stutzbach and Rejaie 2006; Rhea et al. 2004 used the median session).
/// Build one with <see cref="Exponential"/> or <see cref="Pareto"/>, or from text with
/// <see cref="Parse"/> ("exp:60m", "pareto:60m,shape=2").
/// </summary>
public abstract class DurationDistribution
{
    private const string Forms = "expected \"exp:MEDIAN\" or \"pareto:MEDIAN[,shape=A]\", e.g. \"exp:60m\"";

    /// <summary>Samples are capped here so that a heavy tail cannot overflow the clock (about 7,000 years).</summary>
    private static readonly double MaxTicks = TimeSpan.MaxValue.Ticks / 4.0;

    private protected DurationDistribution(TimeSpan median)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(median, TimeSpan.Zero);
        Median = median;
    }

    /// <summary>Half the samples are shorter.</summary>
    public TimeSpan Median { get; }

    /// <summary>Exponential (memoryless: Poisson arrivals and departures), rate ln 2 / median.</summary>
    public static DurationDistribution Exponential(TimeSpan median) => new ExponentialDuration(median);

    /// <summary>
    /// Pareto (type I) with tail index <paramref name="shape"/>: a few sessions last very long, as
    /// measured in deployed peer-to-peer systems. The scale is median / 2^(1/shape). The mean is
    /// infinite for shape ≤ 1.
    /// </summary>
    public static DurationDistribution Pareto(TimeSpan median, double shape = 2.0) => new ParetoDuration(median, shape);

    /// <summary>Parses "exp:60m", "pareto:60m" (shape 2) or "pareto:60m,shape=1.5".</summary>
    /// <exception cref="FormatException">The message says what is wrong.</exception>
    public static DurationDistribution Parse(string spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var parts = spec.Split(',', StringSplitOptions.TrimEntries);
        double? shape = null;
        foreach (var part in parts.AsSpan(1))
        {
            shape = shape is null
                ? ParseShape(part, spec)
                : throw new FormatException($"distribution \"{spec}\": shape is given twice");
        }

        return Create(parts[0], shape, spec);
    }

    /// <summary>The spec form, which <see cref="Parse"/> reads back.</summary>
    public abstract override string ToString();

    /// <summary>One duration drawn with <paramref name="random"/>.</summary>
    internal abstract TimeSpan Sample(Random random);

    /// <summary>A duration from a number of ticks that may be huge (heavy tails): capped.</summary>
    private protected static TimeSpan FromTicks(double ticks) => new((long)Math.Min(ticks, MaxTicks));

    /// <summary>"exp:60m" or "pareto:60m" with an optional shape given separately.</summary>
    internal static DurationDistribution Create(string kindAndMedian, double? shape, string spec)
    {
        var colon = kindAndMedian.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            throw new FormatException($"distribution \"{spec}\": {Forms}");
        }

        var kind = kindAndMedian[..colon].Trim();
        TimeSpan median;
        try
        {
            median = DurationText.Parse(kindAndMedian.AsSpan(colon + 1));
        }
        catch (FormatException e)
        {
            throw new FormatException($"distribution \"{spec}\": the median {e.Message}", e);
        }

        return kind switch
        {
            "exp" when shape is not null => throw new FormatException($"distribution \"{spec}\": only a pareto distribution has a shape"),
            "exp" => Exponential(median),
            "pareto" => Pareto(median, shape ?? 2.0),
            _ => throw new FormatException($"distribution \"{spec}\": unknown kind \"{kind}\", {Forms}"),
        };
    }

    /// <summary>"shape=2": a positive number.</summary>
    internal static double ParseShape(string clause, string spec)
    {
        const string Prefix = "shape=";
        if (!clause.StartsWith(Prefix, StringComparison.Ordinal)
            || !double.TryParse(clause.AsSpan(Prefix.Length), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var shape)
            || !(shape > 0) || double.IsInfinity(shape))
        {
            throw new FormatException($"\"{clause}\" in \"{spec}\": expected shape=A with A a positive number, e.g. shape=2");
        }

        return shape;
    }
}
