using System.CommandLine;
using System.Net;
using Peerlink.Hosting;

namespace Peerlink.Cli;

/// <summary><c>peerlink cluster</c>: N peers in one process on 127.0.0.1, for trying the overlay out.</summary>
internal static class ClusterCommand
{
    public static CommandWithExamples Create(CliIo io)
    {
        var nodes = new Option<int>("--nodes") { Description = "Peers to start, each on its own port.", DefaultValueFactory = _ => 16 };
        var basePort = new Option<int>("--base-port") { Description = "Port of the first peer; the others follow, and the cluster's own bootstrap server takes --base-port - 1. 0: free ports chosen by the system.", DefaultValueFactory = _ => 7100 };
        var bootstrap = new Option<string?>("--bootstrap") { Description = "HOST:PORT of a bootstrap server to join; without one the cluster runs its own." };
        var transport = OverlayChoices.Transport("What the peers' messages travel on (and the bootstrap server's).");
        var hash = OverlayChoices.Hash("The overlay's hash algorithm [default: the overlay's; sha1 for the cluster's own bootstrap server].", null);
        var topology = OverlayChoices.Topology("The DHT geometry [default: the overlay's; chord for the cluster's own bootstrap server].", null);
        var command = new CommandWithExamples(
            "cluster",
            "Start N peers in this process on 127.0.0.1, joining an overlay or forming their own, with a progress\n" +
            "bar while they join (plain lines when standard error is not a terminal). Ctrl-C stops them.",
            "peerlink cluster --nodes 64 --base-port 7100          # bootstrap server on 7099, peers on 7100-7163",
            "peerlink cluster --nodes 16 --base-port 7200 --bootstrap 127.0.0.1:7080   # join an overlay that runs",
            "peerlink cluster --nodes 8 --base-port 7300 --transport tcp --hash sha256",
            "peerlink cluster --nodes 16 --base-port 7400 --topology pastry   # a Pastry overlay (kademlia, bamboo alike)",
            "peerlink cluster --nodes 32 --base-port 0 2> joins.log  # free ports; one line a join in joins.log");
        foreach (var o in new Option[] { nodes, basePort, bootstrap, transport.Option, hash.Option, topology.Option })
        {
            command.Options.Add(o);
        }

        command.SetAction(async (parse, ct) =>
        {
            var count = parse.GetValue(nodes);
            var first = parse.GetValue(basePort);
            if (count is < 1 or > 1000 || (first != 0 && (first < 2 || first + count > 65535)))
            {
                return io.Fail("--nodes is 1 to 1000 and the ports must fit below 65536");
            }

            if (!EndPoints.TryParse(parse.GetValue(bootstrap), io, "--bootstrap", out var server))
            {
                return 2;
            }

            var setup = new PeerSetup
            {
                Transport = transport.Get(parse),
                Hash = hash.TryGet(parse, out var h) ? h : null,
                Topology = topology.TryGet(parse, out var t) ? t : null,
            };
            var hosts = new List<EngineHost>();
            try
            {
                return await RunAsync(io, count, first, server, setup, hosts, ct).ConfigureAwait(false);
            }
            catch (InvalidOperationException e)
            {
                return io.Fail(e.Message);
            }
            catch (System.Net.Sockets.SocketException e)
            {
                return io.Fail($"cannot listen: {e.Message} (--base-port 0 picks free ports)");
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return 130;
            }
            finally
            {
                foreach (var host in Enumerable.Reverse(hosts))
                {
                    await host.DisposeAsync().ConfigureAwait(false);
                }
            }
        });
        return command;
    }

    private static async Task<int> RunAsync(CliIo io, int count, int first, IPEndPoint? server, PeerSetup setup, List<EngineHost> hosts, CancellationToken ct)
    {
        var on = OverlayChoices.Name(setup.Transport);
        if (server is null)
        {
            var overlay = LiveNodes.Overlay(setup.Hash ?? Core.HashAlgorithmCode.Sha1, setup.Topology ?? Wire.OverlayAlgorithm.Chord);
            var own = await LiveNodes.StartBootstrapAsync(new IPEndPoint(IPAddress.Loopback, first == 0 ? 0 : first - 1), ct, overlay, setup.Transport).ConfigureAwait(false);
            hosts.Add(own.Host);
            server = own.Host.Address.ToEndPoint();
        }

        var peers = new List<LivePeer>();
        await JoinProgress.RunAsync(io, count, async joined =>
        {
            for (var i = 0; i < count; i++)
            {
                var at = new IPEndPoint(IPAddress.Loopback, first == 0 ? 0 : first + i);
                var peer = await LiveNodes.StartPeerAsync(at, server, null, ct, null, setup).ConfigureAwait(false);
                hosts.Add(peer.Host);
                peers.Add(peer);
                joined($"peer {peer.Node.Self} on {on}");
            }
        }).ConfigureAwait(false);

        var ports = first == 0
            ? $"ports {string.Join(", ", peers.Select(p => p.Host.Address.Port))}"
            : $"ports {first}-{first + count - 1}";
        io.Out.WriteLine($"{count} peers on {on} 127.0.0.1 {ports}, bootstrap {server}");
        io.Out.WriteLine($"overlay: {OverlayChoices.Name(peers[0].Overlay.Algorithm)} with {OverlayCheck.Describe(peers[0].Overlay)}; Ctrl-C stops the peers");
        io.Out.Flush();
        await EndPoints.UntilCancelledAsync(ct).ConfigureAwait(false);
        return 0;
    }
}
