using System.Net;
using Peerlink.Hosting;
using Peerlink.Overlay.Bootstrap;
using Peerlink.Overlay.Engine;
using Peerlink.Wire;

namespace Peerlink.Cli.Tests;

/// <summary>Servers and peers on 127.0.0.1, on ports the system picks, for the tests that drive verbs against them.</summary>
internal static class Loopback
{
    public static IPEndPoint AnyPort => new(IPAddress.Loopback, 0);

    // Maintenance every second instead of ten, so tests need not wait long.
    public static OverlayNodeOptions Fast => new() { MaintenanceInterval = TimeSpan.FromSeconds(1), ReplicationInterval = TimeSpan.FromSeconds(2) };

    public static Task<(EngineHost Host, BootstrapServer Server)> BootstrapAsync(CancellationToken ct, P2pOptions? overlay = null, TransportKind transport = TransportKind.Udp) =>
        LiveNodes.StartBootstrapAsync(AnyPort, ct, overlay, transport);

    public static Task<LivePeer> PeerAsync(EngineHost bootstrap, CancellationToken ct, Core.NodeId? id = null, PeerSetup? setup = null) =>
        LiveNodes.StartPeerAsync(AnyPort, bootstrap.Address.ToEndPoint(), id, ct, Fast, setup);
}
