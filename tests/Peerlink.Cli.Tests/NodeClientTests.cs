using Peerlink.Core;

namespace Peerlink.Cli.Tests;

/// <summary>
/// <c>peerlink node --client</c> (§3.2): a client attached to a peer from the bootstrap server, or
/// given with --via, that enters no routing table and no bootstrap list, sends its requests through
/// its peer, and stays up until Ctrl-C (or <c>quit</c>).
/// </summary>
public sealed class NodeClientTests : IDisposable
{
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(90));

    private CancellationToken Ct => _timeout.Token;

    public void Dispose() => _timeout.Dispose();

    [Fact]
    public async Task NodeClient_FromBootstrap_PutsGetsRemovesAndEntersNoTable()
    {
        var (bootstrap, server) = await Loopback.BootstrapAsync(Ct);
        await using var b = bootstrap;
        var first = await Loopback.PeerAsync(bootstrap, Ct);
        await using var f = first.Host;
        var second = await Loopback.PeerAsync(bootstrap, Ct);
        await using var s = second.Host;

        await using var client = RunningCommand.StartWithInput(
            "put carol sip:carol@127.0.0.1:5070\nget carol\nremove carol\nget carol\nhello\nquit\n",
            "node", "--client", "--bootstrap", bootstrap.Address.ToString());
        Assert.Equal(0, await client.Exit.WaitAsync(Ct));

        var output = client.Out.Text;
        var attached = await client.WaitForAsync(@"client ([0-9a-f]{40}) on udp (\S+), attached to peer (\S+) \(sha1 \(20-byte IDs\)\)", Ct);
        Assert.Contains(attached.Groups[3].Value, new[] { first.Host.Address.ToString(), second.Host.Address.ToString() });
        Assert.Contains("stored carol for 3600 s", output);
        Assert.Contains("\nsip:carol@127.0.0.1:5070\n", output);
        Assert.Contains("removed carol", output);
        Assert.Contains("\nnot found\n", output);
        Assert.Contains("not a command: hello", output);
        Assert.Contains("client stopped", output);

        // Never a peer: in no routing table, and not handed out by the bootstrap server to joiners.
        var id = NodeId.Parse(attached.Groups[1].Value);
        foreach (var peer in new[] { first, second })
        {
            Assert.DoesNotContain(id, await peer.Host.InvokeAsync(_ => peer.Table.AllPeers.Select(p => p.Id).ToList(), Ct));
        }

        var handedOut = await bootstrap.InvokeAsync(_ => server.Peers.Select(p => p.Address.ToString()).ToList(), Ct);
        Assert.Equal(2, handedOut.Count);
        Assert.DoesNotContain(attached.Groups[2].Value, handedOut);
    }

    [Fact]
    public async Task NodeClient_InputEnds_StaysUpUntilCtrlC()
    {
        var (bootstrap, _) = await Loopback.BootstrapAsync(Ct);
        await using var b = bootstrap;
        var peer = await Loopback.PeerAsync(bootstrap, Ct);
        await using var p = peer.Host;

        await using var client = RunningCommand.Start("node", "--client", "--via", peer.Host.Address.ToString());
        await client.WaitForAsync($@"attached to peer {peer.Host.Address}", Ct);
        await client.WaitForAsync("commands: put KEY VALUE", Ct);

        // Standard input is empty (read to its end at once): the client is still up a while later.
        await Task.Delay(TimeSpan.FromSeconds(1.5), Ct);
        Assert.False(client.Exit.IsCompleted, client.Error.Text);

        Assert.Equal(0, await client.StopAsync(Ct));
        Assert.Contains("client stopped", client.Out.Text);
    }

    [Fact]
    public async Task NodeClient_PeerCrashes_SaysItsPeerIsDead()
    {
        var (bootstrap, _) = await Loopback.BootstrapAsync(Ct);
        await using var b = bootstrap;
        var peer = await Loopback.PeerAsync(bootstrap, Ct);
        await using var client = RunningCommand.Start("node", "--client", "--via", peer.Host.Address.ToString());
        await client.WaitForAsync("commands: put KEY VALUE", Ct);

        await peer.Host.DisposeAsync(); // a crash: no Leave, the socket closes

        // The client's next keep-alive (§4.9.1, every 10 s) goes unanswered.
        await client.WaitForAsync($@"peer {peer.Host.Address} marked dead \(no answer\)", Ct);
        Assert.False(client.Exit.IsCompleted); // and it stays up
    }

    [Fact]
    public async Task NodeClient_OverlayWithoutPeers_FailsSayingToStartAPeer()
    {
        var (bootstrap, _) = await Loopback.BootstrapAsync(Ct);
        await using var b = bootstrap;

        var (exit, _, error) = await CliRunner.RunAsync(Ct, "node", "--client", "--bootstrap", bootstrap.Address.ToString());

        Assert.Equal(1, exit);
        Assert.Contains("has no peers yet: a client needs one to attach to (start a peer first)", error);
    }

    [Fact]
    public void NodeClient_NeitherBootstrapNorVia_Fails()
    {
        var (exit, _, error) = CliRunner.Run(string.Empty, "node", "--client");

        Assert.Equal(1, exit);
        Assert.Contains("--client needs --bootstrap HOST:PORT or --via HOST:PORT", error);
    }

    [Fact]
    public async Task Bootstrap_ClientAsks_IsNotHandedOutToLaterJoiners()
    {
        var (bootstrap, _) = await Loopback.BootstrapAsync(Ct);
        await using var b = bootstrap;
        var server = bootstrap.Address.ToEndPoint();
        var clientAt = NodeAddress.FromEndPoint(new(System.Net.IPAddress.Loopback, 40001));
        var peerAt = NodeAddress.FromEndPoint(new(System.Net.IPAddress.Loopback, 40002));

        var asClient = await BootstrapClient.AskAsync(TransportKind.Udp, server, clientAt, asPeer: false, Ct);
        var asPeer = await BootstrapClient.AskAsync(TransportKind.Udp, server, peerAt, asPeer: true, Ct);
        var later = await BootstrapClient.AskAsync(TransportKind.Udp, server, NodeAddress.FromEndPoint(new(System.Net.IPAddress.Loopback, 40003)), asPeer: true, Ct);

        Assert.Equal(20, asClient.AssignedId.Length);
        Assert.Empty(asPeer.Peers); // the client before it did not count: this peer forms the overlay
        Assert.Equal(new[] { peerAt }, later.Peers.Select(p => p.Address));
    }
}
