using System.Buffers.Binary;
using Peerlink.Core;
using Peerlink.Overlay.Engine;

namespace Peerlink.Simulation.Tests;

/// <summary>
/// A flooding engine: a node forwards the first copy of each message (4-byte id, 1-byte hop count)
/// to its neighbours and ignores later copies. It also sends a periodic keep-alive to one neighbour
/// chosen with its seeded randomness, so that runs exercise timers and randomness too.
/// </summary>
internal sealed class FloodEngine : IProtocolEngine
{
    private readonly IPacketSender _sender;
    private readonly Random _random;
    private readonly HashSet<uint> _seen = [];
    private readonly TimeSpan _keepAlive;

    public FloodEngine(SimulatedNodeContext context, IReadOnlyList<NodeAddress> neighbours, TimeSpan keepAlive)
    {
        Address = context.Address;
        _sender = context.Sender;
        _random = context.CreateRandom();
        Neighbours = neighbours;
        _keepAlive = keepAlive;
        NextDeadline = keepAlive > TimeSpan.Zero ? context.Now + keepAlive : null;
    }

    public NodeAddress Address { get; }

    public TimeSpan? NextDeadline { get; private set; }

    public IReadOnlyList<NodeAddress> Neighbours { get; }

    /// <summary>Message id to (time first seen, hops it took).</summary>
    public Dictionary<uint, (TimeSpan Time, int Hops)> Reached { get; } = [];

    public int KeepAlivesReceived { get; private set; }

    public void Originate(TimeSpan now, uint id)
    {
        _seen.Add(id);
        Reached[id] = (now, 0);
        Forward(id, 0);
    }

    public void Receive(TimeSpan now, NodeAddress from, ReadOnlyMemory<byte> packet)
    {
        if (packet.Length == 1)
        {
            KeepAlivesReceived++;
            return;
        }

        var id = BinaryPrimitives.ReadUInt32BigEndian(packet.Span);
        int hops = packet.Span[4];
        if (_seen.Add(id))
        {
            Reached[id] = (now, hops);
            Forward(id, hops);
        }
    }

    public void Poll(TimeSpan now)
    {
        if (NextDeadline is { } due && due <= now)
        {
            _sender.Send(Neighbours[_random.Next(Neighbours.Count)], new byte[] { 0x4B });
            NextDeadline = now + _keepAlive;
        }
    }

    private void Forward(uint id, int hops)
    {
        var packet = new byte[5];
        BinaryPrimitives.WriteUInt32BigEndian(packet, id);
        packet[4] = (byte)(hops + 1);
        foreach (var neighbour in Neighbours)
        {
            _sender.Send(neighbour, packet);
        }
    }
}
