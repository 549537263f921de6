using Peerlink.Simulation.Scenarios;

namespace Peerlink.Cli.Tests;

/// <summary><c>peerlink sim --plot</c>: one PNG with the hop-count distribution and the latency CDF (issue 3, "What users get" 3).</summary>
public sealed class SimPlotTests : IDisposable
{
    private readonly ScratchDirectory _directory = new("peerlink-plot-");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Sim_Plot_WritesAPngOfBothPanels()
    {
        var path = _directory.PathOf("lookups.png");

        var (exit, output, error) = CliRunner.Run(string.Empty, "sim", "--nodes", "60", "--lookups", "300", "--objects", "60", "--duration", "00:00:30", "--plot", path);

        Assert.True(exit == 0, error);
        Assert.Contains(path, output);
        var (width, height, size) = Png.Read(path);
        Assert.Equal(SimPlot.Width, width);
        Assert.Equal(SimPlot.Height, height);
        Assert.True(size > 20_000, $"{size} bytes: too small for two drawn panels");
    }

    [Fact]
    public void SimPlot_NoSuccessfulLookup_StillDrawsBothPanels()
    {
        var path = _directory.PathOf("empty.png");
        var report = new LookupScenarioReport(10, 5, 0, [], [], 0, 0, 0, TimeSpan.Zero);

        SimPlot.Save(report, path);

        var (width, height, _) = Png.Read(path);
        Assert.Equal((SimPlot.Width, SimPlot.Height), (width, height));
    }

    [Fact]
    public void SimPlot_DifferentRuns_DrawDifferentPictures()
    {
        var few = _directory.PathOf("few.png");
        var many = _directory.PathOf("many.png");

        SimPlot.Save(new LookupScenarioReport(10, 3, 3, [1, 2, 2], [10, 20, 30], 0, 0, 0, TimeSpan.Zero), few);
        SimPlot.Save(new LookupScenarioReport(10, 4, 4, [5, 6, 6, 7], [300, 500, 800, 1300], 0, 0, 0, TimeSpan.Zero), many);

        Assert.NotEqual(File.ReadAllBytes(few), File.ReadAllBytes(many));
    }

    [Fact]
    public void Sim_PlotIntoAMissingDirectory_FailsWithOneLine()
    {
        var path = _directory.PathOf("no", "such", "dir", "x.png");

        var (exit, _, error) = CliRunner.Run(string.Empty, "sim", "--nodes", "20", "--lookups", "20", "--objects", "20", "--duration", "00:00:10", "--plot", path);

        Assert.Equal(1, exit);
        Assert.StartsWith("peerlink: --plot ", error);
        Assert.Single(error.TrimEnd().Split('\n'));
    }
}
