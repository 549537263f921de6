using System.Text.Json;

namespace Peerlink.Cli.Tests;

/// <summary><c>peerlink sim --topology</c>: the geometries beside Chord, and how each overlay forms.</summary>
public sealed class SimCommandTests
{
    [Fact]
    public void Sim_Pastry_FormsByProtocolAndFindsNearlyEveryObject()
    {
        // 200 nodes join in about 90 simulated seconds: a couple of seconds of wall time.
        var (exit, output, error) = CliRunner.Run(string.Empty, "sim", "--topology", "pastry", "--nodes", "200", "--lookups", "1000", "--objects", "100", "--warmup", "00:00:10", "--duration", "00:00:30", "--json");

        Assert.True(exit == 0, error);
        var figures = JsonDocument.Parse(output).RootElement;
        Assert.Equal("pastry", figures.GetProperty("topology").GetString());
        Assert.Equal("protocol", figures.GetProperty("join").GetString());
        Assert.Equal(0, figures.GetProperty("joins_failed").GetInt32());
        var success = figures.GetProperty("success_rate").GetDouble();
        Assert.True(success > 0.9, $"success rate {success}");
    }

    [Fact]
    public void Sim_KademliaWithOracleJoin_FailsNamingTheProtocolJoin()
    {
        var (exit, output, error) = CliRunner.Run(string.Empty, "sim", "--topology", "kademlia", "--join", "oracle", "--nodes", "20");

        Assert.Equal(1, exit);
        Assert.Equal(string.Empty, output);
        Assert.Equal("peerlink: --join oracle builds Chord tables only: run --topology kademlia with --join protocol, or without --join (protocol is its default)", error.TrimEnd());
    }

    [Theory]
    [InlineData("sim")]
    [InlineData("sim compare")]
    public void BlackHoles_OutsideZeroToHalf_FailsNamingTheRange(string command)
    {
        foreach (var value in new[] { "0.6", "-0.1", "NaN" })
        {
            var (exit, output, error) = CliRunner.Run(string.Empty, [.. command.Split(' '), "--black-holes", value, "--nodes", "20"]);

            Assert.Equal(1, exit);
            Assert.Equal(string.Empty, output);
            Assert.Equal($"peerlink: --black-holes is the fraction of the peers that drop what they should route, from 0 to 0.5 (0.1 is one peer in ten), not {value}", error.TrimEnd());
        }
    }

    [Fact]
    public void Sim_BlackHoles_ReportsHowManyAndWhatTheyDropped()
    {
        // 100 chord peers from the oracle, 10 of them black holes: under a second of wall time.
        var (exit, output, error) = CliRunner.Run(string.Empty, "sim", "--nodes", "100", "--lookups", "300", "--objects", "50", "--routing", "parallel", "--black-holes", "0.1", "--warmup", "00:00:10", "--duration", "00:00:30", "--json");

        Assert.True(exit == 0, error);
        var figures = JsonDocument.Parse(output).RootElement;
        Assert.Equal(10, figures.GetProperty("black_holes").GetInt32());
        Assert.Contains("LookupObject=", figures.GetProperty("black_hole_drops").GetString());
        Assert.True(figures.GetProperty("black_hole_key_lookups").GetInt32() > 0, output);
    }

    [Fact]
    public void Sim_NoBlackHoles_FiguresSayNothingOfThem()
    {
        var (exit, output, error) = CliRunner.Run(string.Empty, "sim", "--nodes", "50", "--lookups", "100", "--objects", "20", "--warmup", "00:00:05", "--duration", "00:00:10", "--json");

        Assert.True(exit == 0, error);
        Assert.False(JsonDocument.Parse(output).RootElement.TryGetProperty("black_holes", out _), output);
    }

    [Fact]
    public void Sim_Help_ListsEveryTopologyAndAnExampleBesideChord()
    {
        var (exit, output, _) = CliRunner.Run(string.Empty, "sim", "--help");

        Assert.Equal(0, exit);
        Assert.Contains("--topology <chord|kademlia|pastry|bamboo>", output);
        Assert.Contains("peerlink sim --topology pastry", output);
    }
}
