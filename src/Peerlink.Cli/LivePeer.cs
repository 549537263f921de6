using Peerlink.Core;
using Peerlink.Hosting;
using Peerlink.Overlay.Engine;
using Peerlink.Overlay.Topologies.Chord;
using Peerlink.Wire;

namespace Peerlink.Cli;

/// <summary>A peer running on a real socket.</summary>
/// <param name="Host">Its loop and socket.</param>
/// <param name="Node">Its engine.</param>
/// <param name="Table">Its Chord table (read it on the host's loop).</param>
/// <param name="Overlay">The overlay it is part of.</param>
/// <param name="JoinedVia">The peer it joined through; null when it formed the overlay.</param>
internal sealed record LivePeer(EngineHost Host, OverlayNode Node, ChordTable Table, P2pOptions Overlay, NodeAddress? JoinedVia);
