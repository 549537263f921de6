using System.Text.RegularExpressions;
using Peerlink.Wire;

namespace Peerlink.Cli.Tests;

/// <summary>
/// <c>--topology</c> on the verbs that run real nodes, on UDP on 127.0.0.1: a Pastry overlay forms and
/// serves, a node says what its table does, and a node told another geometry than the overlay's is
/// refused. No test here needs a Kademlia lookup to succeed: Kademlia's lookups are being mended.
/// </summary>
public sealed class TopologyCommandTests : IDisposable
{
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(90));

    private CancellationToken Ct => _timeout.Token;

    public void Dispose() => _timeout.Dispose();

    [Fact]
    public async Task Cluster_Pastry_FormsAndAValuePutThroughOnePeerIsGotThroughEvery()
    {
        await using var cluster = RunningCommand.Start("cluster", "--nodes", "8", "--base-port", "0", "--topology", "pastry");
        var summary = await cluster.WaitForAsync(@"^8 peers on udp 127\.0\.0\.1 ports ([\d, ]+), bootstrap (\S+)$", Ct);
        await cluster.WaitForAsync(@"^overlay: pastry with sha1 \(20-byte IDs\); Ctrl-C stops the peers$", Ct);
        var ports = summary.Groups[1].Value.Split(", ");
        Assert.Equal(8, ports.Length);

        var put = await CliRunner.RunAsync(Ct, "put", "pastry-key", "pastry-value", "--via", $"127.0.0.1:{ports[0]}");
        Assert.True(put.Exit == 0, put.Error);
        foreach (var port in ports)
        {
            var get = await CliRunner.RunAsync(Ct, "get", "pastry-key", "--via", $"127.0.0.1:{port}");
            Assert.True(get.Exit == 0, $"through {port}: {get.Error}");
            Assert.Equal("pastry-value", get.Out.Trim());
        }

        Assert.Equal(0, await cluster.StopAsync(Ct));
    }

    [Fact]
    public async Task Node_PastryBootstrap_TakesItsTopologyAndLogsPeersInAndOutOfItsTable()
    {
        await using var bootstrap = RunningCommand.Start("bootstrap", "--port", "0", "--topology", "pastry");
        var server = (await bootstrap.WaitForAsync(@"bootstrap server on udp (\S+) for a pastry overlay", Ct)).Groups[1].Value;
        await using var first = RunningCommand.Start("node", "--port", "0", "--bootstrap", server, "--topology", "pastry");
        var one = (await first.WaitForAsync(@"^\S+ peer ([0-9a-f]{40}) on udp (\S+), pastry overlay", Ct)).Groups;

        await using var second = RunningCommand.Start("node", "--port", "0", "--bootstrap", server);
        await second.WaitForAsync($@"joined via {Regex.Escape(one[2].Value)} as [0-9a-f]{{40}}$", Ct);
        await second.WaitForAsync(@"pastry overlay with sha1 \(20-byte IDs\)", Ct);
        var other = $"{one[1].Value[..8]}@{one[2].Value}";
        Assert.Contains($"peer {other} in the table (1 peer)", second.Out.Text);

        // A Leave removes the leaver from every geometry's table, and is told apart from a death.
        Assert.Equal(0, await first.StopAsync(Ct));
        await second.WaitForAsync($"peer {Regex.Escape(other)} left the overlay \\(Leave\\)", Ct);
        await second.WaitForAsync($@"peer {Regex.Escape(other)} out of the table \(0 peers\)", Ct);
        Assert.DoesNotContain("marked dead", second.Out.Text);
    }

    [Fact]
    public async Task Node_KademliaAgainstChordBootstrap_FailsNamingBoth()
    {
        var (bootstrap, _) = await Loopback.BootstrapAsync(Ct);
        await using var b = bootstrap;

        var (exit, _, error) = await CliRunner.RunAsync(Ct, "node", "--port", "0", "--bootstrap", bootstrap.Address.ToString(), "--topology", "kademlia");

        Assert.Equal(1, exit);
        Assert.Contains($"the overlay at {bootstrap.Address} uses chord with sha1 (20-byte IDs), not kademlia: run with --topology chord, or without --topology", error);
    }

    [Fact]
    public async Task Node_PastryOverlayWithOtherDigits_FailsNamingTheDigitWidth()
    {
        var overlay = LiveNodes.Overlay(Core.HashAlgorithmCode.Sha1, OverlayAlgorithm.Pastry) with { Base = 2 };
        var (bootstrap, _) = await Loopback.BootstrapAsync(Ct, overlay);
        await using var b = bootstrap;

        var (exit, _, error) = await CliRunner.RunAsync(Ct, "node", "--port", "0", "--bootstrap", bootstrap.Address.ToString());

        Assert.Equal(1, exit);
        Assert.Contains("uses pastry with sha1 (20-byte IDs): digits of 2 bits, and this node's tables use 4", error);
    }

    [Fact]
    public async Task Bootstrap_Bamboo_HandsOutBambooWithPastrysDigitWidth()
    {
        await using var bootstrap = RunningCommand.Start("bootstrap", "--port", "0", "--topology", "bamboo");
        var at = (await bootstrap.WaitForAsync(@"bootstrap server on udp (\S+) for a bamboo overlay", Ct)).Groups[1].Value;

        var answer = await BootstrapClient.AskAsync(TransportKind.Udp, System.Net.IPEndPoint.Parse(at), Core.NodeAddress.FromEndPoint(new(System.Net.IPAddress.Loopback, 40012)), asPeer: true, Ct);

        Assert.Equal(OverlayAlgorithm.Bamboo, answer.Options.Algorithm);
        Assert.Equal(4, answer.Options.Base);
    }
}
