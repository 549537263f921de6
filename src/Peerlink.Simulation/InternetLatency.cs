namespace Peerlink.Simulation;

/// <summary>
/// A synthetic Internet-like delay space, deterministic per pair of nodes and per seed, stored
/// nowhere: everything about a node or a link is recomputed from a hash of (seed, node) or
/// (seed, pair) when a packet is sent.
/// </summary>
/// <remarks>
/// <para>What it models. Each node sits in one of six world regions (North America east and west,
/// Europe, East Asia, South America, Oceania, weighted roughly by where Internet hosts are) at a
/// point scattered around the region's centre. The one-way delay from a to b is
/// <c>inflation · distance(a, b) + access(a) + access(b) + link(a, b)</c>: propagation along a
/// path longer than the straight line (the plane is drawn in milliseconds), each end's access link
/// (1 ms plus an exponential part: DSL and Wi-Fi are slower than a data centre), and a per-pair
/// congestion and detour term drawn from a log-normal, which gives the heavy-ish tail real delay
/// measurements show. The result is symmetric and, like the King data set of Gummadi, Saroiu and
/// Gribble (2002) that p2psim and many DHT papers used, has a one-way median of about 80 ms
/// (measured over random pairs: 10th percentile 30 ms, 90th 150 ms, 99th 190 ms, the rare worst
/// pairs around 300 ms; <see cref="MaximumDelay"/>, about 530 ms, is a bound never reached).</para>
/// <para>What it does not model: queueing that changes with load, bandwidth and serialisation
/// delay, time-of-day variation, asymmetric routes, triangle-inequality violations beyond what the
/// per-link term causes, NATs and firewalls, and correlated loss. Per-packet variation comes only
/// from <see cref="SimulationOptions.Jitter"/>.</para>
/// </remarks>
internal sealed class InternetLatency : LatencyModel
{
    /// <summary>Paths are longer than the straight line on the map (Internet route inflation).</summary>
    private const double Inflation = 1.05;

    /// <summary>Spread of nodes around a region's centre, per axis, in milliseconds.</summary>
    private const double RegionSpreadMs = 9;

    /// <summary>An access link: a floor, plus an exponential part cut off at a cap (no 200 ms last mile).</summary>
    private const double AccessFloorMs = 1;
    private const double AccessMeanMs = 4;
    private const double AccessCapMs = 30;

    /// <summary>Median and log-spread of the per-link term (bounded at e^(σ·2√3) times the median).</summary>
    private const double LinkMedianMs = 5;
    private const double LinkSigma = 1.1;

    /// <summary>Region centres on a plane measured in one-way milliseconds, and the share of nodes in each.</summary>
    private static readonly (double X, double Y, double Share)[] Regions =
    [
        (35, 0, 0.30),   // North America, east
        (0, 0, 0.20),    // North America, west
        (80, 0, 0.25),   // Europe
        (-60, 0, 0.15),  // East Asia
        (40, 60, 0.05),  // South America
        (-50, 60, 0.05), // Oceania
    ];

    public static TimeSpan MaximumDelay { get; } = TimeSpan.FromMilliseconds(MaximumDelayMs());

    public override string ToString() => "internet";

    internal override TimeSpan Sample(int from, int to, ulong salt, Random random) =>
        TimeSpan.FromMilliseconds(DelayMs(from, to, salt));

    internal static double DelayMs(int from, int to, ulong salt)
    {
        var a = Place(from, salt);
        var b = Place(to, salt);
        var dx = a.X - b.X;
        var dy = a.Y - b.Y;
        var (low, high) = from <= to ? ((uint)from, (uint)to) : ((uint)to, (uint)from);
        var link = LinkMedianMs * Math.Exp(LinkSigma * Mixing.Normal(Mixing.Mix(salt, 0x6C696E6B, ((ulong)low << 32) | high)));
        return (Inflation * Math.Sqrt((dx * dx) + (dy * dy))) + a.AccessMs + b.AccessMs + link;
    }

    private static (double X, double Y, double AccessMs) Place(int node, ulong salt)
    {
        var bits = Mixing.Mix(salt, 0x6E6F6465, (ulong)node);
        var pick = Mixing.Unit(bits);
        var region = Regions[^1];
        foreach (var candidate in Regions)
        {
            if (pick < candidate.Share)
            {
                region = candidate;
                break;
            }

            pick -= candidate.Share;
        }

        var x = region.X + (RegionSpreadMs * Mixing.Normal(Mixing.Mix(bits, 1)));
        var y = region.Y + (RegionSpreadMs * Mixing.Normal(Mixing.Mix(bits, 2)));
        var access = AccessFloorMs + Math.Min(AccessCapMs, -AccessMeanMs * Math.Log(1 - Mixing.Unit(Mixing.Mix(bits, 3))));
        return (x, y, access);
    }

    /// <summary>The bound the model never exceeds (farthest regions, widest spread, slowest links).</summary>
    private static double MaximumDelayMs()
    {
        var spread = 2 * RegionSpreadMs * 2 * Math.Sqrt(3.0) * Math.Sqrt(2.0);
        var widest = 0.0;
        foreach (var a in Regions)
        {
            foreach (var b in Regions)
            {
                widest = Math.Max(widest, Math.Sqrt(((a.X - b.X) * (a.X - b.X)) + ((a.Y - b.Y) * (a.Y - b.Y))));
            }
        }

        var access = AccessFloorMs + AccessCapMs;
        return (Inflation * (widest + spread)) + (2 * access) + (LinkMedianMs * Math.Exp(LinkSigma * 2 * Math.Sqrt(3.0)));
    }
}
