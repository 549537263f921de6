using Peerlink.Overlay.Topologies;
using Peerlink.Wire;
using ScottPlot;

namespace Peerlink.Cli;

/// <summary>
/// <c>peerlink sim compare --plot FILE.png</c>: one PNG of panels, the geometries side by side. First
/// the cumulative distribution of lookup latency, a line per geometry; after a <c>--sessions</c>
/// sweep, also the success rate and the maintenance traffic against the median session time, a
/// line per geometry. A geometry keeps its colour and line pattern in every panel.
/// </summary>
internal static class ComparePlot
{
    public const int Width = 900;
    public const int PanelHeight = 450;

    // Pastry and Bamboo share a table (TopologyFactory) and can draw the very same line: a pattern
    // apiece keeps the one beneath visible.
    private static readonly LinePattern[] Patterns = [LinePattern.Solid, LinePattern.Dashed, LinePattern.Dotted, LinePattern.DenselyDashed];

    /// <summary>The picture's height: one panel, or three after a sweep.</summary>
    public static int Height(IReadOnlyList<CompareRun> runs) => runs.Any(r => r.SweepSession is not null) ? 3 * PanelHeight : PanelHeight;

    /// <summary>Draws <paramref name="runs"/> into <paramref name="path"/> (PNG).</summary>
    public static void Save(IReadOnlyList<CompareRun> runs, string path)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var sweep = runs.Where(r => r.SweepSession is not null).ToList();
        var multiplot = new Multiplot();
        multiplot.AddPlots(sweep.Count > 0 ? 3 : 1);
        DrawLatency(multiplot.GetPlot(0), [.. runs.Where(r => r.SweepSession is null)]);
        if (sweep.Count > 0)
        {
            // Success rates sit near 1, where the differences are: the axis starts a tenth below the lowest.
            DrawSweep(multiplot.GetPlot(1), sweep, r => r.Report.SuccessRate, "Lookup success rate under churn", "success rate", Alignment.LowerRight);
            multiplot.GetPlot(1).Axes.SetLimitsY(Math.Max(0, Math.Floor((sweep.Min(r => r.Report.SuccessRate) * 10) - 1) / 10), 1.02);

            // Maintenance falls as sessions lengthen: the upper right is the emptiest corner.
            DrawSweep(multiplot.GetPlot(2), sweep, r => r.Report.MaintenanceBytesPerNodePerSecond, "Maintenance traffic under churn", "bytes per node per second", Alignment.UpperRight);
        }

        multiplot.SavePng(path, Width, Height(runs));
    }

    private static void DrawLatency(Plot plot, IReadOnlyList<CompareRun> runs)
    {
        foreach (var run in runs)
        {
            var sorted = run.Report.LatenciesMs.Order().ToArray();
            if (sorted.Length == 0)
            {
                continue; // no lookup succeeded: nothing to draw, and the table says so
            }

            var fraction = sorted.Select((_, i) => (i + 1) / (double)sorted.Length).ToArray();
            var line = plot.Add.ScatterLine(sorted, fraction);
            Style(line, run.Algorithm);
            line.LegendText = $"{Label(run)} (median {run.Report.LatencyMsP50:F0} ms)";
        }

        plot.ShowLegend(Alignment.LowerRight);
        plot.Title($"Lookup latency, cumulative (simulated time), {Describe(runs)}");
        plot.XLabel("latency (ms)");
        plot.YLabel("fraction of lookups at or below");
        plot.Axes.SetLimitsY(0, 1.02);
    }

    // x is the log of the median session in minutes, so that 5m, 15m and 60m stand apart; the ticks say the times.
    private static void DrawSweep(Plot plot, IReadOnlyList<CompareRun> sweep, Func<CompareRun, double> figure, string title, string yLabel, Alignment legend)
    {
        foreach (var geometry in sweep.GroupBy(r => (r.Algorithm, r.Routing)))
        {
            var points = geometry.OrderBy(r => r.SweepSession!.Median).ToList();
            var line = plot.Add.Scatter(points.Select(r => X(r.SweepSession!.Median)).ToArray(), points.Select(figure).ToArray());
            Style(line, geometry.Key.Algorithm);
            line.MarkerSize = 7;
            line.LegendText = Label(points[0]);
        }

        var ticks = new ScottPlot.TickGenerators.NumericManual();
        foreach (var session in sweep.Select(r => r.SweepSession!).Distinct())
        {
            ticks.AddMajor(X(session.Median), session.Text);
        }

        plot.Axes.Bottom.TickGenerator = ticks;
        plot.ShowLegend(legend);
        plot.Title(title);
        plot.XLabel("median session time (exponential sessions, log scale)");
        plot.YLabel(yLabel);
    }

    private static double X(TimeSpan session) => Math.Log10(session.TotalMinutes);

    private static void Style(ScottPlot.Plottables.Scatter line, OverlayAlgorithm algorithm)
    {
        var index = Math.Max(0, TopologyFactory.Supported.ToList().IndexOf(algorithm));
        line.Color = new ScottPlot.Palettes.Category10().GetColor(index);
        line.LinePattern = Patterns[index % Patterns.Length];
        line.LineWidth = 2;
    }

    private static string Label(CompareRun run) =>
        $"{OverlayChoices.Name(run.Algorithm)}, {run.Routing.ToString().ToLowerInvariant()}";

    private static string Describe(IReadOnlyList<CompareRun> runs) =>
        runs.Count == 0 ? "no runs" : $"{runs[0].Report.Nodes:N0} peers, churn {runs[0].Churn}";

}
