using Peerlink.Core;
using Peerlink.Overlay.Engine;

namespace Peerlink.Simulation;

/// <summary>
/// A node's way out into the virtual network. One per incarnation: after a crash the old engine's
/// sender is dead (its socket closed), so an engine object the scenario still holds cannot send as
/// if it were the node that replaced it.
/// </summary>
internal sealed class SimulatedSender(Simulator simulator, int node, int incarnation, bool reliable) : IPacketSender
{
    public bool IsReliable => reliable;

    public void Send(NodeAddress destination, ReadOnlyMemory<byte> packet) =>
        simulator.Send(node, incarnation, reliable, destination, packet);
}
