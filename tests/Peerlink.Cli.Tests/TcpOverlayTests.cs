using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Peerlink.Core;

namespace Peerlink.Cli.Tests;

/// <summary>
/// <c>--transport tcp</c> end to end on 127.0.0.1 (draft §6.2.2: framed by Message Length, no ACKs):
/// a bootstrap server and three peers, all started as the user would with the verbs, then values put
/// and got through every peer, by one-shot clients and by a long-running one.
/// </summary>
public sealed class TcpOverlayTests : IDisposable
{
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(120));

    private CancellationToken Ct => _timeout.Token;

    public void Dispose() => _timeout.Dispose();

    [Fact]
    public async Task Tcp_BootstrapAndThreePeers_PutAndGetThroughEveryPeer()
    {
        await using var bootstrap = RunningCommand.Start("bootstrap", "--port", "0", "--transport", "tcp");
        var server = (await bootstrap.WaitForAsync(@"bootstrap server on tcp (\S+) for a chord overlay", Ct)).Groups[1].Value;

        var peers = new List<(RunningCommand Verb, NodeId Id, string At)>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                var verb = RunningCommand.Start("node", "--port", "0", "--bootstrap", server, "--transport", "tcp");
                peers.Add((verb, NodeId.Zero(20), string.Empty));
                var up = await verb.WaitForAsync(@"^\S+ peer ([0-9a-f]{40}) on tcp (\S+),", Ct);
                peers[i] = (verb, NodeId.Parse(up.Groups[1].Value), up.Groups[2].Value);
            }

            await RingIsWhole(peers.Select(p => (p.Verb, p.Id)).ToList());

            for (var k = 0; k < 6; k++)
            {
                var put = await CliRunner.RunAsync(Ct, "put", $"tcp-key-{k}", $"tcp-value-{k}", "--via", peers[k % 3].At, "--transport", "tcp");
                Assert.True(put.Exit == 0, put.Error);
                Assert.Contains("stored for 3600 s", put.Out);
            }

            for (var k = 0; k < 6; k++)
            {
                var routing = k % 2 == 0 ? "recursive" : "iterative";
                var get = await CliRunner.RunAsync(Ct, "get", $"tcp-key-{k}", "--via", peers[(k + 1) % 3].At, "--transport", "tcp", "--routing", routing);
                Assert.True(get.Exit == 0, get.Error);
                Assert.Equal($"tcp-value-{k}", get.Out.Trim());
            }

            // A client on TCP from the bootstrap server: its requests go through its peer.
            await using var client = RunningCommand.StartWithInput(
                "put tcp-client-key from the client\nget tcp-client-key\nget tcp-key-4\nquit\n",
                "node", "--client", "--bootstrap", server, "--transport", "tcp");
            Assert.Equal(0, await client.Exit.WaitAsync(Ct));
            Assert.Contains("stored tcp-client-key for 3600 s", client.Out.Text);
            Assert.Contains("\nfrom the client\n", client.Out.Text);
            Assert.Contains("\ntcp-value-4\n", client.Out.Text);
            Assert.Matches(@"client [0-9a-f]{40} on tcp 127\.0\.0\.1:\d+, attached to peer", client.Out.Text);

            foreach (var (verb, _, _) in peers)
            {
                Assert.Equal(0, await verb.StopAsync(Ct));
                Assert.Contains("left the overlay", verb.Out.Text);
            }
        }
        finally
        {
            foreach (var (verb, _, _) in peers)
            {
                await verb.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Node_TcpAgainstUdpBootstrap_FailsNamingTheTransport()
    {
        var (bootstrap, _) = await Loopback.BootstrapAsync(Ct);
        await using var b = bootstrap;

        var (exit, _, error) = await CliRunner.RunAsync(Ct, "node", "--port", "0", "--bootstrap", bootstrap.Address.ToString(), "--transport", "tcp");

        Assert.Equal(1, exit);
        Assert.Contains($"cannot connect to the bootstrap server at {bootstrap.Address} over tcp (is it running, with --transport tcp?)", error);
    }

    [Fact]
    public async Task Get_TcpToAPortNobodyListensOn_FailsAtOnceNamingTcp()
    {
        var closed = ClosedTcpPort();

        // The token is the bound: without the refused connection seen, the request would wait out
        // three attempts of its path timeout (about 90 s) and the token would end the test instead.
        using var soon = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        soon.CancelAfter(TimeSpan.FromSeconds(20));
        var (exit, _, error) = await CliRunner.RunAsync(soon.Token, "get", "anything", "--via", $"127.0.0.1:{closed}", "--transport", "tcp");

        Assert.Equal(1, exit);
        Assert.Contains($"cannot connect to the peer at 127.0.0.1:{closed} over tcp", error);
    }

    private static int ClosedTcpPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    // Each peer's last "successor now" line names the next ID clockwise: the ring is whole, so a key
    // put through one peer is stored where a get through another looks (Chord stabilizes eventually).
    private async Task RingIsWhole(List<(RunningCommand Verb, NodeId Id)> peers)
    {
        var ids = peers.Select(p => p.Id).Order().ToList();
        foreach (var (verb, id) in peers)
        {
            var next = ids[(ids.IndexOf(id) + 1) % ids.Count].ToString()[..8];
            while (Regex.Matches(verb.Out.Text, @"successor now ([0-9a-f]{8})@").LastOrDefault()?.Groups[1].Value != next)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), Ct);
            }
        }
    }
}
