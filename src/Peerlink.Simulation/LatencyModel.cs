namespace Peerlink.Simulation;

/// <summary>
/// One-way delay of a packet between two simulated nodes. Build one with <see cref="Constant"/>,
/// <see cref="Uniform"/> or <see cref="Internet"/>, or from text with <see cref="Parse"/>
/// ("constant:50ms", "uniform:20-200ms", "internet"). Reordering beyond what a model does itself
/// comes from <see cref="SimulationOptions.Jitter"/>.
/// </summary>
public abstract class LatencyModel
{
    private const string Forms = "expected \"constant:50ms\", \"uniform:20-200ms\" or \"internet\"";

    private protected LatencyModel()
    {
    }

    /// <summary>Every packet takes exactly <paramref name="delay"/>.</summary>
    public static LatencyModel Constant(TimeSpan delay)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        return new ConstantLatency(delay);
    }

    /// <summary>
    /// Each packet independently takes a delay drawn uniformly from [<paramref name="minimum"/>,
    /// <paramref name="maximum"/>] (as PeerSim's UniformRandomTransport), so datagrams reorder.
    /// </summary>
    public static LatencyModel Uniform(TimeSpan minimum, TimeSpan maximum)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(minimum, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(maximum, minimum);
        return new UniformLatency(minimum, maximum);
    }

    /// <summary>
    /// A synthetic Internet: nodes in a few world regions, delay fixed per pair (see
    /// <see cref="InternetLatency"/> for what it models and what not).
    /// </summary>
    public static LatencyModel Internet { get; } = new InternetLatency();

    /// <summary>
    /// Parses "constant:50ms", "uniform:20-200ms" (or "uniform:20ms-0.2s") or "internet".
    /// </summary>
    /// <exception cref="FormatException">The text is none of those; the message says what is wrong.</exception>
    public static LatencyModel Parse(string spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var text = spec.Trim();
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        var kind = colon < 0 ? text : text[..colon];
        var argument = colon < 0 ? null : text[(colon + 1)..];
        try
        {
            return kind switch
            {
                "internet" when argument is null => Internet,
                "internet" => throw new FormatException("the internet model takes no argument"),
                "constant" => Constant(DurationText.Parse(Required(argument, "a delay, e.g. constant:50ms"))),
                "uniform" => ParseUniform(Required(argument, "a range, e.g. uniform:20-200ms")),
                _ => throw new FormatException($"unknown model \"{kind}\": {Forms}"),
            };
        }
        catch (FormatException e)
        {
            throw new FormatException($"latency \"{spec}\": {e.Message}", e);
        }
    }

    /// <summary>The spec form, which <see cref="Parse"/> reads back.</summary>
    public abstract override string ToString();

    /// <summary>
    /// The delay of one packet from node <paramref name="from"/> to node <paramref name="to"/>.
    /// <paramref name="salt"/> is fixed per simulation (from its seed) for models that are
    /// deterministic per pair; <paramref name="random"/> is the network's stream for per-packet draws.
    /// </summary>
    internal abstract TimeSpan Sample(int from, int to, ulong salt, Random random);

    private static string Required(string? argument, string what) =>
        string.IsNullOrWhiteSpace(argument) ? throw new FormatException($"missing {what}") : argument;

    private static LatencyModel ParseUniform(string range)
    {
        var dash = range.IndexOf('-', StringComparison.Ordinal);
        if (dash < 0)
        {
            throw new FormatException($"\"{range}\" is not a range: expected MIN-MAX, e.g. 20-200ms");
        }

        var maximum = DurationText.Parse(range.AsSpan(dash + 1));
        var unit = range.AsSpan(dash + 1).Trim().TrimStart("0123456789.").ToString();
        var minimum = DurationText.Parse(range.AsSpan(0, dash), unit);
        if (minimum > maximum)
        {
            throw new FormatException(
                $"the minimum {DurationText.Format(minimum)} is above the maximum {DurationText.Format(maximum)}");
        }

        return Uniform(minimum, maximum);
    }
}
