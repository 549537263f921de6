using Peerlink.Core;

namespace Peerlink.Simulation;

/// <summary>
/// A handle on one simulated node: its number (0, 1, 2, ... in the order added) and its address in
/// 198.18.0.0/15. The handle stays valid across crashes and rejoins; the engine behind it changes.
/// </summary>
public readonly record struct SimulatedNode
{
    internal SimulatedNode(int index, NodeAddress address)
    {
        Index = index;
        Address = address;
    }

    /// <summary>The node's number: 0 for the first node added.</summary>
    public int Index { get; }

    /// <summary>Where the node receives: 198.18.0.1 for node 0, then upwards, on the simulator's port.</summary>
    public NodeAddress Address { get; }

    /// <summary>"node 5 (198.18.0.6:7080)".</summary>
    public override string ToString() => $"node {Index} ({Address})";
}
