using Peerlink.Core;

namespace Peerlink.Simulation;

/// <summary>The virtual network: sending, delivering, dropping, partitions.</summary>
public sealed partial class Simulator
{
    private readonly Random _network;
    private readonly InOrderLinks _inOrder = new();
    private readonly SlotTable<InFlightPacket> _inFlight = new();

    /// <summary>Per node, the side of the partition it is on (0: not named in the current partition).</summary>
    private ushort[] _sides = [];
    private bool _partitioned;

    /// <summary>
    /// Splits the network: nodes on different sides cannot reach each other, in either direction,
    /// until the next <see cref="Partition"/> or <see cref="Heal"/>. Nodes not named form one more
    /// side together. A packet is dropped if its ends are apart when it is sent or when it would arrive.
    /// </summary>
    /// <exception cref="ArgumentException">A node is named on two sides.</exception>
    public void Partition(params IEnumerable<SimulatedNode>[] sides)
    {
        ArgumentNullException.ThrowIfNull(sides);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(sides.Length, ushort.MaxValue - 1, nameof(sides));
        var assigned = new ushort[_sides.Length];
        for (var side = 0; side < sides.Length; side++)
        {
            ArgumentNullException.ThrowIfNull(sides[side], nameof(sides));
            foreach (var node in sides[side])
            {
                var index = Check(node);
                if (assigned[index] != 0)
                {
                    throw new ArgumentException($"{node} is named on two sides of the partition", nameof(sides));
                }

                assigned[index] = (ushort)(side + 1);
            }
        }

        _sides = assigned;
        _partitioned = sides.Length > 0;
    }

    /// <summary>Ends any partition: every node can reach every other again.</summary>
    public void Heal()
    {
        Array.Clear(_sides);
        _partitioned = false;
    }

    /// <summary>An engine sent a packet (through its <see cref="SimulatedSender"/>).</summary>
    internal void Send(int from, int incarnation, bool reliable, NodeAddress destination, ReadOnlyMemory<byte> packet)
    {
        if (incarnation != _incarnations[from])
        {
            // An engine of an incarnation that crashed or left: its socket is closed.
            return;
        }

        Counters.PacketsSent++;
        Counters.BytesSent += packet.Length;

        // A stream cannot even connect to a node that is down; a datagram travels and may find it back up.
        if (!SimulatedAddresses.TryGetIndex(destination, Options.Port, out var to) || to >= _count
            || (reliable && _engines[to] is null))
        {
            Drop(from, destination, packet, PacketFate.Unreachable);
            return;
        }

        if (_partitioned && _sides[from] != _sides[to])
        {
            Drop(from, destination, packet, PacketFate.Partitioned);
            return;
        }

        if (!reliable && Options.Loss > 0 && _network.NextDouble() < Options.Loss)
        {
            Drop(from, destination, packet, PacketFate.Lost);
            return;
        }

        var at = _now + Options.Latency.Sample(from, to, _salt, _network).Ticks;
        if (Options.Jitter > TimeSpan.Zero)
        {
            at += _network.NextInt64(Options.Jitter.Ticks);
        }

        if (reliable)
        {
            at = _inOrder.Next(from, to, at, _now);
        }

        var slot = _inFlight.Add(new InFlightPacket(packet, reliable ? _incarnations[to] : InFlightPacket.AnyIncarnation));
        _queue.Schedule(at, SimulationEvent.Deliver(to, from, slot));
    }

    private void Deliver(SimulationEvent item)
    {
        var to = item.Node;
        var from = item.Other;
        var (packet, incarnation) = _inFlight.Take(item.Aux);
        var engine = _engines[to];
        if (engine is null || (incarnation != InFlightPacket.AnyIncarnation && incarnation != _incarnations[to]))
        {
            Drop(from, Node(to).Address, packet, PacketFate.Unreachable);
            return;
        }

        if (_partitioned && _sides[from] != _sides[to])
        {
            Drop(from, Node(to).Address, packet, PacketFate.Partitioned);
            return;
        }

        Counters.Count(PacketFate.Delivered, packet.Length);
        var source = SimulatedAddresses.Of(from, Options.Port);
        PacketObserver?.Invoke(Now, source, Node(to).Address, packet, PacketFate.Delivered);
        engine.Receive(Now, source, packet);
        Reschedule(to);
    }

    private void Drop(int from, NodeAddress to, ReadOnlyMemory<byte> packet, PacketFate fate)
    {
        Counters.Count(fate, packet.Length);
        PacketObserver?.Invoke(Now, SimulatedAddresses.Of(from, Options.Port), to, packet, fate);
    }
}
