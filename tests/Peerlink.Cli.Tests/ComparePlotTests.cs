using System.Text.Json;
using Peerlink.Overlay.Engine;
using Peerlink.Simulation.Scenarios;
using Peerlink.Wire;

namespace Peerlink.Cli.Tests;

/// <summary><c>peerlink sim compare --plot</c>: one PNG, the latency CDFs and, after a churn sweep, success and maintenance against session time.</summary>
public sealed class ComparePlotTests : IDisposable
{
    private readonly ScratchDirectory _directory = new("peerlink-compare-plot-");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Compare_SessionSweepWithPlot_AddsARowPerSessionAndGeometryAndDrawsThreePanels()
    {
        var path = _directory.PathOf("compare.png");

        var (exit, output, error) = CliRunner.Run(string.Empty, ["sim", "compare", "--nodes", "60", "--topologies", "chord,pastry", "--sessions", "60m,10m", "--plot", path, "--json", .. CompareCommandTests.Small]);

        Assert.True(exit == 0, error);
        var figures = JsonDocument.Parse(output).RootElement;
        var rows = figures.GetProperty("rows").EnumerateArray()
            .Select(r => (r.GetProperty("topology").GetString(), r.GetProperty("churn").GetString(), r.GetProperty("session_median_s").ValueKind == JsonValueKind.Null ? 0 : r.GetProperty("session_median_s").GetDouble()))
            .ToList();
        Assert.Equal(
            [("chord", "none", 0), ("pastry", "none", 0), ("chord", "session=exp:10m", 600), ("pastry", "session=exp:10m", 600), ("chord", "session=exp:60m", 3600), ("pastry", "session=exp:60m", 3600)],
            rows);
        Assert.Equal(path, figures.GetProperty("plot").GetString());
        var (width, height, size) = Png.Read(path);
        Assert.Equal((ComparePlot.Width, 3 * ComparePlot.PanelHeight), (width, height));
        Assert.True(size > 40_000, $"{size} bytes: too small for three drawn panels");
    }

    [Fact]
    public void ComparePlot_NoSweep_DrawsTheLatencyPanelOnly()
    {
        var path = _directory.PathOf("latency.png");

        ComparePlot.Save([Run(OverlayAlgorithm.Chord, [100, 200, 300]), Run(OverlayAlgorithm.Pastry, [50, 80, 120])], path);

        var (width, height, _) = Png.Read(path);
        Assert.Equal((ComparePlot.Width, ComparePlot.PanelHeight), (width, height));
    }

    [Fact]
    public void ComparePlot_AGeometryWithNoSuccessfulLookup_StillDrawsEveryPanel()
    {
        var path = _directory.PathOf("empty.png");
        var sweep = Run(OverlayAlgorithm.Kademlia, []) with { Churn = "session=exp:5m", SweepSession = new MedianSession(TimeSpan.FromMinutes(5), "5m") };

        ComparePlot.Save([Run(OverlayAlgorithm.Kademlia, []), sweep], path);

        var (width, height, _) = Png.Read(path);
        Assert.Equal((ComparePlot.Width, 3 * ComparePlot.PanelHeight), (width, height));
    }

    private static CompareRun Run(OverlayAlgorithm algorithm, double[] latencies) =>
        new(algorithm, RoutingMode.Recursive, "none", null, new LookupScenarioReport(10, 3, latencies.Length, [.. latencies.Select(_ => 2)], latencies, 100, 0, 0, TimeSpan.Zero), 0.1);
}
