using Peerlink.Core;
using Peerlink.Hosting;
using Peerlink.Overlay.Engine;
using Peerlink.Overlay;
using Peerlink.Wire;

namespace Peerlink.Cli;

/// <summary>A peer running on a real socket.</summary>
/// <param name="Host">Its loop and socket.</param>
/// <param name="Node">Its engine.</param>
/// <param name="Table">Its routing table, as the overlay's algorithm has it, unlogged (read it on the host's loop).</param>
/// <param name="Overlay">The overlay it is part of.</param>
/// <param name="JoinedVia">The peer it joined through; null when it formed the overlay.</param>
/// <param name="Turn">The TURN server it offers the overlay (--offer-turn), or null; the caller disposes it after the host.</param>
internal sealed record LivePeer(EngineHost Host, OverlayNode Node, ITopology Table, P2pOptions Overlay, NodeAddress? JoinedVia, Hosting.Turn.TurnHost? Turn = null);
