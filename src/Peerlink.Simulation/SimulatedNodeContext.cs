using Peerlink.Core;
using Peerlink.Overlay.Engine;

namespace Peerlink.Simulation;

/// <summary>
/// What the simulator hands a scenario's factory to build an engine for a node that starts (first
/// join, or a rejoin after churn): where the node lives, how it sends, what time it is and how to
/// seed its randomness. The factory builds the engine at <see cref="Address"/>.
/// </summary>
public sealed class SimulatedNodeContext
{
    internal SimulatedNodeContext(SimulatedNode node, int incarnation, IPacketSender sender, TimeProvider time, int seed, TimeSpan now)
    {
        Node = node;
        Incarnation = incarnation;
        Sender = sender;
        Time = time;
        Seed = seed;
        Now = now;
    }

    /// <summary>The node being started.</summary>
    public SimulatedNode Node { get; }

    /// <summary>The node's address; the engine's <see cref="IProtocolEngine.Address"/> must equal it.</summary>
    public NodeAddress Address => Node.Address;

    /// <summary>0 for the node's first start, then 1, 2, ... for each restart after a crash or leave.</summary>
    public int Incarnation { get; }

    /// <summary>The virtual network, as a datagram (or, for reliable nodes, stream) transport.</summary>
    public IPacketSender Sender { get; }

    /// <summary>
    /// The virtual clock as a <see cref="TimeProvider"/> (UTC, starting at 2000-01-01). It creates no
    /// timers: engines ask to be polled through <see cref="IProtocolEngine.NextDeadline"/>.
    /// </summary>
    public TimeProvider Time { get; }

    /// <summary>A seed for this node and incarnation, derived from the simulation's seed.</summary>
    public int Seed { get; }

    /// <summary>The virtual time at which the node starts.</summary>
    public TimeSpan Now { get; }

    /// <summary>A new generator seeded with <see cref="Seed"/>: the engine's own randomness.</summary>
    public Random CreateRandom() => new(Seed);
}
