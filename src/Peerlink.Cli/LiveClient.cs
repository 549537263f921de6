using Peerlink.Core;
using Peerlink.Hosting;
using Peerlink.Overlay.Engine;
using Peerlink.Wire;

namespace Peerlink.Cli;

/// <summary>A client (§3.2) running on a real socket.</summary>
/// <param name="Host">Its loop and socket.</param>
/// <param name="Node">Its engine (a <see cref="Overlay.Topologies.ClientTopology"/> inside).</param>
/// <param name="Overlay">The overlay it uses.</param>
/// <param name="Peer">The peer it is attached to.</param>
internal sealed record LiveClient(EngineHost Host, OverlayNode Node, P2pOptions Overlay, NodeAddress Peer);
