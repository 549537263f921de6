using Peerlink.Simulation.Scenarios;
using ScottPlot;

namespace Peerlink.Cli;

/// <summary>
/// <c>peerlink sim --plot FILE.png</c>: one PNG of two panels, what a lookup cost in the run. Above,
/// the hop counts of successful lookups (a bar per count: Chord's O(log N) shows as where the bars
/// stand); below, the cumulative distribution of their latency, with the median and the 99th
/// percentile marked.
/// </summary>
internal static class SimPlot
{
    public const int Width = 900;
    public const int Height = 900;

    /// <summary>Draws <paramref name="report"/> into <paramref name="path"/> (PNG).</summary>
    public static void Save(LookupScenarioReport report, string path)
    {
        ArgumentNullException.ThrowIfNull(report);
        var multiplot = new Multiplot();
        multiplot.AddPlots(2);
        DrawHops(multiplot.GetPlot(0), report);
        DrawLatency(multiplot.GetPlot(1), report);
        multiplot.SavePng(path, Width, Height);
    }

    private static void DrawHops(Plot plot, LookupScenarioReport report)
    {
        var counts = report.Hops.GroupBy(h => h).OrderBy(g => g.Key).ToList();
        var bars = plot.Add.Bars(
            counts.Select(g => (double)g.Key).ToArray(),
            counts.Select(g => (double)g.Count()).ToArray());
        bars.Color = Colors.SteelBlue;
        plot.Title($"Hops of {report.Hops.Count:N0} successful lookups, {report.Nodes:N0} peers (mean {report.MeanHops:F2}, p99 {report.HopsP99:F0})");
        plot.XLabel("overlay hops");
        plot.YLabel("lookups");
        plot.Axes.Margins(bottom: 0);
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
    }

    private static void DrawLatency(Plot plot, LookupScenarioReport report)
    {
        var sorted = report.LatenciesMs.Order().ToArray();
        var fraction = sorted.Select((_, i) => (i + 1) / (double)sorted.Length).ToArray();
        if (sorted.Length > 0)
        {
            var line = plot.Add.ScatterLine(sorted, fraction);
            line.Color = Colors.SteelBlue;
            line.LineWidth = 2;
            plot.Add.VerticalLine(report.LatencyMsP50, 1, Colors.DarkOrange).LegendText = $"median {report.LatencyMsP50:F0} ms";
            plot.Add.VerticalLine(report.LatencyMsP99, 1, Colors.FireBrick).LegendText = $"p99 {report.LatencyMsP99:F0} ms";
            plot.ShowLegend(Alignment.LowerRight);
        }

        plot.Title("Lookup latency, cumulative (simulated time)");
        plot.XLabel("latency (ms)");
        plot.YLabel("fraction of lookups at or below");
        plot.Axes.SetLimitsY(0, 1.02);
    }
}
