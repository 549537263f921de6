using System.Buffers.Binary;
using Peerlink.Simulation.Scenarios;

namespace Peerlink.Cli.Tests;

/// <summary><c>peerlink sim --plot</c>: one PNG with the hop-count distribution and the latency CDF (issue 3, "What users get" 3).</summary>
public sealed class SimPlotTests : IDisposable
{
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private readonly string _directory = Directory.CreateTempSubdirectory("peerlink-plot-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Sim_Plot_WritesAPngOfBothPanels()
    {
        var path = Path.Combine(_directory, "lookups.png");

        var (exit, output, error) = CliRunner.Run(string.Empty, "sim", "--nodes", "60", "--lookups", "300", "--objects", "60", "--duration", "00:00:30", "--plot", path);

        Assert.True(exit == 0, error);
        Assert.Contains(path, output);
        var (width, height, size) = ReadPng(path);
        Assert.Equal(SimPlot.Width, width);
        Assert.Equal(SimPlot.Height, height);
        Assert.True(size > 20_000, $"{size} bytes: too small for two drawn panels");
    }

    [Fact]
    public void SimPlot_NoSuccessfulLookup_StillDrawsBothPanels()
    {
        var path = Path.Combine(_directory, "empty.png");
        var report = new LookupScenarioReport(10, 5, 0, [], [], 0, 0, 0, TimeSpan.Zero);

        SimPlot.Save(report, path);

        var (width, height, _) = ReadPng(path);
        Assert.Equal((SimPlot.Width, SimPlot.Height), (width, height));
    }

    [Fact]
    public void SimPlot_DifferentRuns_DrawDifferentPictures()
    {
        var few = Path.Combine(_directory, "few.png");
        var many = Path.Combine(_directory, "many.png");

        SimPlot.Save(new LookupScenarioReport(10, 3, 3, [1, 2, 2], [10, 20, 30], 0, 0, 0, TimeSpan.Zero), few);
        SimPlot.Save(new LookupScenarioReport(10, 4, 4, [5, 6, 6, 7], [300, 500, 800, 1300], 0, 0, 0, TimeSpan.Zero), many);

        Assert.NotEqual(File.ReadAllBytes(few), File.ReadAllBytes(many));
    }

    [Fact]
    public void Sim_PlotIntoAMissingDirectory_FailsWithOneLine()
    {
        var path = Path.Combine(_directory, "no", "such", "dir", "x.png");

        var (exit, _, error) = CliRunner.Run(string.Empty, "sim", "--nodes", "20", "--lookups", "20", "--objects", "20", "--duration", "00:00:10", "--plot", path);

        Assert.Equal(1, exit);
        Assert.StartsWith("peerlink: --plot ", error);
        Assert.Single(error.TrimEnd().Split('\n'));
    }

    // PNG (RFC 2083 §3.1, §4.1.1): the signature, then IHDR first with width and height, big-endian.
    private static (int Width, int Height, long Size) ReadPng(string path)
    {
        var bytes = File.ReadAllBytes(path);
        Assert.Equal(PngSignature, bytes[..8]);
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(bytes, 12, 4));
        return (BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20)), bytes.Length);
    }
}
