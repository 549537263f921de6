using Peerlink.Core;

namespace Peerlink.Simulation;

/// <summary>
/// Sees each packet once, when its fate is known: at delivery, or where it was dropped. The
/// scenario gathers its own measurements here (bytes by message type, per-node traffic).
/// </summary>
/// <param name="time">The virtual time of delivery or drop.</param>
/// <param name="from">The sending node.</param>
/// <param name="to">The destination the engine gave.</param>
/// <param name="packet">The packet's bytes (read them during the call only).</param>
/// <param name="fate">Delivered or why not.</param>
public delegate void PacketObserver(TimeSpan time, NodeAddress from, NodeAddress to, ReadOnlyMemory<byte> packet, PacketFate fate);
