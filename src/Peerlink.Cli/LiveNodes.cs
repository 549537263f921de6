using System.Net;
using System.Net.Sockets;
using Peerlink.Core;
using Peerlink.Hosting;
using Peerlink.Overlay;
using Peerlink.Overlay.Bootstrap;
using Peerlink.Overlay.Engine;
using Peerlink.Overlay.Topologies;
using Peerlink.Overlay.Topologies.Chord;
using Peerlink.Wire;

namespace Peerlink.Cli;

/// <summary>Starting real nodes, servers and clients on UDP sockets: the wiring the verbs share.</summary>
internal static class LiveNodes
{
    /// <summary>The overlay a bootstrap server describes by default.</summary>
    public static P2pOptions DefaultOverlay { get; } = new(HashAlgorithmCode.Sha1, 20, OverlayAlgorithm.Chord, 1, Bytes.FromUtf8("peerlink"));

    public static async Task<(EngineHost Host, BootstrapServer Server)> StartBootstrapAsync(IPEndPoint at, CancellationToken ct)
    {
        var transport = new UdpTransport(new UdpTransportOptions { EndPoint = at });
        var server = new BootstrapServer(transport.LocalAddress, DefaultOverlay, transport, new Random());
        var host = new EngineHost(server, transport);
        await host.StartAsync(ct).ConfigureAwait(false);
        return (host, server);
    }

    /// <summary>A peer at <paramref name="at"/>: it forms the overlay alone, or joins through the bootstrap server's peers.</summary>
    public static async Task<(EngineHost Host, OverlayNode Node)> StartPeerAsync(IPEndPoint at, IPEndPoint? bootstrap, NodeId? id, CancellationToken ct, OverlayNodeOptions? options = null)
    {
        var transport = new UdpTransport(new UdpTransportOptions { EndPoint = at });
        var random = new Random();
        BootstrapAnswer? answer = null;
        if (bootstrap is not null)
        {
            answer = await AskBootstrapAsync(bootstrap, transport.LocalAddress, id, ct).ConfigureAwait(false);
        }

        var self = new PeerRef(answer?.AssignedId ?? id ?? NodeId.Random(random, 20), transport.LocalAddress);
        var node = new OverlayNode(new ChordTable(self), transport, random, options);
        var host = new EngineHost(node, transport);
        await host.StartAsync(ct).ConfigureAwait(false);
        if (answer is { Peers.Count: > 0 })
        {
            var via = answer.Peers[random.Next(answer.Peers.Count)].Address;
            var joined = await host.InvokeOperationAsync<OverlayResult>((now, done) => node.Join(now, via, done), ct).ConfigureAwait(false);
            if (!joined.Succeeded)
            {
                await host.DisposeAsync().ConfigureAwait(false);
                throw new InvalidOperationException($"could not join through {via}: {joined.Failure}");
            }
        }
        else
        {
            await host.InvokeAsync(now => node.StartAlone(now), ct).ConfigureAwait(false);
        }

        return (host, node);
    }

    /// <summary>A client on an ephemeral port, attached to the peer at <paramref name="via"/> (§3.2).</summary>
    public static async Task<(EngineHost Host, OverlayNode Node)> StartClientAsync(IPEndPoint via, CancellationToken ct)
    {
        var local = new IPEndPoint(via.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Loopback : IPAddress.Loopback, 0);
        if (!IPAddress.IsLoopback(via.Address))
        {
            local = new IPEndPoint(via.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        }

        var transport = new UdpTransport(new UdpTransportOptions { EndPoint = local });
        var random = new Random();
        var self = new PeerRef(NodeId.Random(random, 20), transport.LocalAddress);
        var node = new OverlayNode(new ClientTopology(self, new PeerRef(NodeId.Zero(20), NodeAddress.FromEndPoint(via))), transport, random);
        var host = new EngineHost(node, transport);
        await host.StartAsync(ct).ConfigureAwait(false);
        return (host, node);
    }

    private static async Task<BootstrapAnswer> AskBootstrapAsync(IPEndPoint server, NodeAddress self, NodeId? id, CancellationToken ct)
    {
        using var socket = new UdpClient(server.AddressFamily);
        var request = BootstrapExchange.Request((uint)Random.Shared.Next(), self, id);
        for (var attempt = 0; attempt < 5; attempt++)
        {
            await socket.SendAsync(request, server, ct).ConfigureAwait(false);
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct);
            wait.CancelAfter(TimeSpan.FromMilliseconds(500 << attempt));
            try
            {
                var reply = await socket.ReceiveAsync(wait.Token).ConfigureAwait(false);
                if (BootstrapExchange.Read(reply.Buffer) is { } answer)
                {
                    return answer;
                }
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                // no answer yet: send again (§6.2.1's doubling)
            }
        }

        throw new InvalidOperationException($"no answer from the bootstrap server at {server}");
    }
}
