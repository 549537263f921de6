using System.Text.RegularExpressions;
using Peerlink.Core;
using Peerlink.Overlay.Engine;
using Peerlink.Wire;

namespace Peerlink.Cli.Tests;

/// <summary>
/// <c>peerlink node</c> on real UDP sockets on 127.0.0.1: what it says about its join and its table,
/// the objects handed to it, and its own graceful leave (issue 3, "What users get" 1).
/// </summary>
public sealed class NodeCommandTests : IDisposable
{
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(90));

    private CancellationToken Ct => _timeout.Token;

    public void Dispose() => _timeout.Dispose();

    [Fact]
    public async Task Node_JoinsThroughBootstrap_LogsJoinSuccessorPredecessorAndFinger()
    {
        var (bootstrap, _) = await Loopback.BootstrapAsync(Ct);
        await using var b = bootstrap;
        var first = await Loopback.PeerAsync(bootstrap, Ct);
        await using var f = first.Host;

        await using var node = RunningCommand.Start("node", "--port", "0", "--bootstrap", bootstrap.Address.ToString());
        var joined = await node.WaitForAsync(@"joined via (\S+) as ([0-9a-f]+)$", Ct);

        // A ring of two: the first peer is this one's successor, predecessor and only finger.
        Assert.Equal(first.Host.Address.ToString(), joined.Groups[1].Value);
        Assert.Equal(40, joined.Groups[2].Value.Length);
        var other = Regex.Escape(first.Node.Self.ToString());
        Assert.Matches($"successor now {other}", node.Out.Text);
        Assert.Matches($"predecessor now {other}", node.Out.Text);
        Assert.Matches($@"finger \d+ -> {other}", node.Out.Text);
        await node.WaitForAsync(@"Ctrl-C leaves the overlay$", Ct);
    }

    [Fact]
    public async Task Node_NeighbourLeaves_LogsTheLeaveAndTheObjectsHandedOver()
    {
        var (bootstrap, _) = await Loopback.BootstrapAsync(Ct);
        await using var b = bootstrap;
        var first = await Loopback.PeerAsync(bootstrap, Ct);
        await using var f = first.Host;
        await using var node = RunningCommand.Start("node", "--port", "0", "--bootstrap", bootstrap.Address.ToString());
        var self = NodeId.Parse((await node.WaitForAsync(@"joined via \S+ as ([0-9a-f]+)$", Ct)).Groups[1].Value);

        // Five objects the first peer owns, in (node, first]: its Leave carries them to the node (§4.7.2).
        var keys = KeysIn(self, first.Node.Self.Id, 5);
        foreach (var key in keys)
        {
            var put = await Publish(first, key);
            Assert.True(put.Succeeded, put.Failure);
        }

        await first.Host.StopAsync(now => first.Node.Leave(now), Ct);

        var gone = Regex.Escape(first.Node.Self.ToString());
        await node.WaitForAsync($"peer {gone} left the overlay \\(Leave\\)", Ct);
        var handed = await node.WaitForAsync(@"received (\d+) object\(s\) by handover from leaving peer (\S+) ", Ct);
        Assert.Equal("5", handed.Groups[1].Value);
        Assert.Equal(first.Node.Self.ToString(), handed.Groups[2].Value);
        await node.WaitForAsync("no successor: alone in the overlay", Ct);
    }

    [Fact]
    public async Task Node_CtrlC_LeavesHandingItsObjectsToItsSuccessor()
    {
        var (bootstrap, _) = await Loopback.BootstrapAsync(Ct);
        await using var b = bootstrap;
        var first = await Loopback.PeerAsync(bootstrap, Ct);
        await using var f = first.Host;
        await using var node = RunningCommand.Start("node", "--port", "0", "--bootstrap", bootstrap.Address.ToString());
        var self = NodeId.Parse((await node.WaitForAsync(@"joined via \S+ as ([0-9a-f]+)$", Ct)).Groups[1].Value);
        await node.WaitForAsync("Ctrl-C leaves the overlay", Ct);
        var keys = KeysIn(first.Node.Self.Id, self, 4);
        foreach (var key in keys)
        {
            var put = await Publish(first, key);
            Assert.True(put.Succeeded, put.Failure);
        }

        Assert.Equal(0, await node.StopAsync(Ct));

        Assert.Contains($"leaving: 4 object(s) to successor {first.Node.Self}", node.Out.Text);
        Assert.Contains("left the overlay", node.Out.Text);

        // The successor owns them now and answers for them alone.
        foreach (var key in keys)
        {
            var got = await first.Host.InvokeOperationAsync<OverlayResult>((now, done) =>
                first.Node.LookupObject(now, new RLookup(ContentType.UserInfo, 0, key), RoutingMode.Recursive, done), Ct);
            Assert.True(got.Succeeded, got.Failure);
            Assert.True(await first.Host.InvokeAsync(_ => first.Node.Topology.Owns(key), Ct));
        }
    }

    [Fact]
    public async Task Node_HashDiffersFromOverlay_FailsNamingTheOverlaysHash()
    {
        var (bootstrap, _) = await Loopback.BootstrapAsync(Ct, LiveNodes.Overlay(HashAlgorithmCode.Sha256));
        await using var b = bootstrap;

        var (exit, _, error) = await CliRunner.RunAsync(Ct, "node", "--port", "0", "--bootstrap", bootstrap.Address.ToString(), "--hash", "sha1");

        Assert.Equal(1, exit);
        Assert.Contains("uses chord with sha256 (32-byte IDs), not sha1: run with --hash sha256, or without --hash", error);
    }

    [Fact]
    public async Task Node_NoHashGiven_TakesTheOverlaysHashAndIdLength()
    {
        var (bootstrap, server) = await Loopback.BootstrapAsync(Ct, LiveNodes.Overlay(HashAlgorithmCode.Sha512));
        await using var b = bootstrap;

        await using var node = RunningCommand.Start("node", "--port", "0", "--bootstrap", bootstrap.Address.ToString());
        var formed = await node.WaitForAsync(@"formed a new overlay as ([0-9a-f]+)$", Ct);
        await node.WaitForAsync(@"chord overlay with sha512 \(64-byte IDs\)", Ct);

        Assert.Equal(128, formed.Groups[1].Value.Length);
        var known = await bootstrap.InvokeAsync(_ => server.Peers.ToList(), Ct);
        Assert.Equal(formed.Groups[1].Value, Assert.Single(known).Id.ToString());
    }

    [Fact]
    public async Task Node_HashAgreesWithOverlay_JoinsWithItsIdLength()
    {
        var (bootstrap, _) = await Loopback.BootstrapAsync(Ct, LiveNodes.Overlay(HashAlgorithmCode.Md5));
        await using var b = bootstrap;
        var first = await Loopback.PeerAsync(bootstrap, Ct);
        await using var f = first.Host;

        await using var node = RunningCommand.Start("node", "--port", "0", "--bootstrap", bootstrap.Address.ToString(), "--hash", "md5", "--topology", "chord");
        var joined = await node.WaitForAsync(@"joined via \S+ as ([0-9a-f]+)$", Ct);

        Assert.Equal(32, joined.Groups[1].Value.Length);
        Assert.Equal(16, first.Node.Self.Id.Length);
    }

    [Fact]
    public void Node_Help_ListsTheAcceptedValuesAndTeachesWithExamples()
    {
        var (exit, output, _) = CliRunner.Run(string.Empty, "node", "--help");

        Assert.Equal(0, exit);
        Assert.Contains("--transport <udp|tcp>", output);
        Assert.Contains("--hash <sha1|sha256|sha512|md5|md4>", output);
        Assert.Contains("--topology <chord|kademlia|pastry|bamboo>", output);
        Assert.Contains("peerlink node --client --bootstrap 127.0.0.1:7080", output);
    }

    [Theory]
    [InlineData("--topology", "can", "--topology can: expected one of chord, kademlia, pastry, bamboo")]
    [InlineData("--hash", "sha3", "--hash sha3: expected one of sha1, sha256, sha512, md5, md4")]
    [InlineData("--transport", "sctp", "--transport sctp: expected one of udp, tcp")]
    public void Node_ValueNotAChoice_FailsListingTheChoices(string option, string value, string message)
    {
        var (exit, _, error) = CliRunner.Run(string.Empty, "node", option, value);

        Assert.NotEqual(0, exit);
        Assert.Contains(message, error);
    }

    [Fact]
    public void Node_UpperCaseChoice_Accepted()
    {
        // Parsing only: a --via without --client is refused after the choices are read.
        var (exit, _, error) = CliRunner.Run(string.Empty, "node", "--hash", "SHA256", "--topology", "Chord", "--via", "127.0.0.1:9");

        Assert.Equal(1, exit);
        Assert.Contains("--via is for --client", error);
    }

    private Task<OverlayResult> Publish(LivePeer peer, NodeId key) =>
        peer.Host.InvokeOperationAsync<OverlayResult>((now, done) => peer.Node.Publish(now,
            new ResourceObject(ContentType.UserInfo, 0, key, Bytes.FromUtf8($"value of {key}")) { Expires = 600 }, RoutingMode.Recursive, done), Ct);

    // Keys whose SHA-1 falls in (start, end]: the peer at end owns them (Chord, §4.7.1).
    internal static List<NodeId> KeysIn(NodeId start, NodeId end, int count)
    {
        var keys = new List<NodeId>();
        for (var i = 0; keys.Count < count; i++)
        {
            Assert.True(i < 10_000_000, "no key in the arc");
            var key = IdHash.ToId(HashAlgorithmCode.Sha1, $"key-{i}", start.Length);
            if (NodeId.InArcExclusiveInclusive(key, start, end))
            {
                keys.Add(key);
            }
        }

        return keys;
    }
}
