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

    [Fact]
    public void Sim_Help_ListsEveryTopologyAndAnExampleBesideChord()
    {
        var (exit, output, _) = CliRunner.Run(string.Empty, "sim", "--help");

        Assert.Equal(0, exit);
        Assert.Contains("--topology <chord|kademlia|pastry|bamboo>", output);
        Assert.Contains("peerlink sim --topology pastry", output);
    }
}
