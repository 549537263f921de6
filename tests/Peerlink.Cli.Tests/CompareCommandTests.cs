using System.Globalization;
using System.Text.Json;

namespace Peerlink.Cli.Tests;

/// <summary><c>peerlink sim compare</c>: the same workload on every geometry, a row each, and a churn sweep.</summary>
public sealed class CompareCommandTests
{
    // Small overlays over a short window: each run is a second or so of wall time.
    internal static readonly string[] Small = ["--lookups", "300", "--objects", "50", "--warmup", "00:00:10", "--duration", "00:00:30"];

    [Fact]
    public void Compare_FourGeometries_PrintsARowEachAndChordAndPastryFindNearlyEveryObject()
    {
        var (exit, output, error) = CliRunner.Run(string.Empty, ["sim", "compare", "--nodes", "150", .. Small]);

        Assert.True(exit == 0, error);
        var rows = TableRows(output);
        Assert.Equal(["chord", "kademlia", "pastry", "bamboo"], rows.Select(r => r["topology"]));
        Assert.All(rows, r => Assert.Equal("none", r["churn"]));
        Assert.True(Number(rows[0], "success_rate") > 0.9, output);
        Assert.True(Number(rows[2], "success_rate") > 0.9, output);
        Assert.All(rows, r => Assert.True(Number(r, "routing_state_entries_per_node") > 0, output));
        Assert.Equal("parallel*", rows[1]["routing"]);
        Assert.Contains("* hops: for kademlia", output);
        Assert.Contains("run 1 of 4: chord, recursive routing", error);
        Assert.Contains("run 2 of 4: kademlia, parallel routing", error);
    }

    [Fact]
    public void Compare_Json_ParsesWithARowPerGeometryAndSaysWhatKademliaHopsCount()
    {
        var (exit, output, error) = CliRunner.Run(string.Empty, ["sim", "compare", "--nodes", "60", "--topologies", "chord,kademlia", "--json", .. Small]);

        Assert.True(exit == 0, error);
        Assert.Equal(string.Empty, error); // no progress with --json
        var figures = JsonDocument.Parse(output).RootElement;
        Assert.Equal(60, figures.GetProperty("nodes").GetInt32());
        Assert.Contains("node lookup", figures.GetProperty("fields").GetProperty("mean_hops").GetString());
        var rows = figures.GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal(["chord", "kademlia"], rows.Select(r => r.GetProperty("topology").GetString()));
        Assert.Equal(("recursive", "overlay_hops"), (rows[0].GetProperty("routing").GetString(), rows[0].GetProperty("hops_count").GetString()));
        Assert.Equal(("parallel", "node_lookup_messages"), (rows[1].GetProperty("routing").GetString(), rows[1].GetProperty("hops_count").GetString()));
        Assert.True(rows[0].GetProperty("success_rate").GetDouble() > 0.9, output);
        Assert.All(rows, r => Assert.True(r.GetProperty("routing_state_entries_per_node").GetDouble() > 0, output));
    }

    [Fact]
    public void Compare_BlackHoles_SaysSoAboveTheTableAndWhatTheyDroppedBelowIt()
    {
        var (exit, output, error) = CliRunner.Run(string.Empty, ["sim", "compare", "--nodes", "60", "--topologies", "pastry", "--black-holes", "0.1", .. Small]);

        Assert.True(exit == 0, error);
        Assert.Contains("black holes 0.1 of the peers", output);
        Assert.Contains("pastry (recursive, churn none): black_holes 6, black_hole_drops ", output);
    }

    [Fact]
    public void Compare_RoutingGiven_AppliesToKademliaToo()
    {
        var (exit, output, error) = CliRunner.Run(string.Empty, ["sim", "compare", "--nodes", "40", "--topologies", "kademlia", "--routing", "iterative", "--json", .. Small]);

        Assert.True(exit == 0, error);
        var row = JsonDocument.Parse(output).RootElement.GetProperty("rows").EnumerateArray().Single();
        Assert.Equal("iterative", row.GetProperty("routing").GetString());
        Assert.Equal("node_lookup_messages", row.GetProperty("hops_count").GetString());
    }

    [Fact]
    public void Compare_UnknownTopology_FailsNamingIt()
    {
        var (exit, output, error) = CliRunner.Run(string.Empty, "sim", "compare", "--topologies", "chord,can");

        Assert.Equal(1, exit);
        Assert.Equal(string.Empty, output);
        Assert.Equal("peerlink: --topologies chord,can: unknown topology \"can\", expected one or more of chord,kademlia,pastry,bamboo", error.TrimEnd());
    }

    [Theory]
    [InlineData("5m,soon", "peerlink: --sessions 5m,soon: \"soon\" is not a median session time; expected durations with a unit (ms, s, m, h), e.g. 5m,15m,60m")]
    [InlineData("15", "peerlink: --sessions 15: \"15\" is not a median session time; expected durations with a unit (ms, s, m, h), e.g. 5m,15m,60m")]
    [InlineData("0m,60m", "peerlink: --sessions 0m,60m: a median session time must be positive, not \"0m\"")]
    public void Compare_BadSessions_FailsNamingTheValue(string sessions, string message)
    {
        var (exit, output, error) = CliRunner.Run(string.Empty, "sim", "compare", "--sessions", sessions);

        Assert.Equal(1, exit);
        Assert.Equal(string.Empty, output);
        Assert.Equal(message, error.TrimEnd());
    }

    [Fact]
    public void Compare_Help_ListsTheOptionsAndExamples()
    {
        var (exit, output, _) = CliRunner.Run(string.Empty, "sim", "compare", "--help");

        Assert.Equal(0, exit);
        Assert.Contains("--topologies <list>", output);
        Assert.Contains("--sessions <5m,15m,60m>", output);
        Assert.Contains("peerlink sim compare --nodes 10000", output);
        Assert.Contains("--sessions 5m,15m,60m --plot compare.png", output);
        Assert.Contains("--black-holes <fraction>", output);
        Assert.Contains("--black-holes 0.1", output);
    }

    // The rows of the text table, each a column name -> cell map: from the header to the first blank line.
    private static List<Dictionary<string, string>> TableRows(string output)
    {
        var lines = output.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var header = lines.FindIndex(l => l.StartsWith("topology ", StringComparison.Ordinal));
        Assert.True(header >= 0, output);
        var names = lines[header].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return [.. lines.Skip(header + 1).TakeWhile(l => l.Length > 0).Select(l => names.Zip(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToDictionary(p => p.First, p => p.Second))];
    }

    private static double Number(Dictionary<string, string> row, string column) => double.Parse(row[column], CultureInfo.InvariantCulture);
}
