using Peerlink.Core;
using Peerlink.Overlay.Engine;

namespace Peerlink.Simulation.Tests;

/// <summary>A test engine that does nothing on its own: it records what reaches it and sends or arms timers when told.</summary>
internal sealed class RecordingEngine(SimulatedNodeContext context) : IProtocolEngine
{
    private readonly SortedSet<TimeSpan> _timers = [];

    public SimulatedNodeContext Context => context;

    public NodeAddress Address => context.Address;

    public TimeSpan? NextDeadline => _timers.Count == 0 ? null : _timers.Min;

    public List<(TimeSpan Time, NodeAddress From, byte[] Packet)> Received { get; } = [];

    public List<TimeSpan> Polls { get; } = [];

    /// <summary>Called on each poll (after the due timers are taken off).</summary>
    public Action<RecordingEngine, TimeSpan>? OnPoll { get; set; }

    /// <summary>Called on each packet.</summary>
    public Action<RecordingEngine, NodeAddress, byte[]>? OnReceive { get; set; }

    public void Arm(TimeSpan at) => _timers.Add(at);

    public void Cancel(TimeSpan at) => _timers.Remove(at);

    public void Send(NodeAddress to, params byte[] packet) => context.Sender.Send(to, packet);

    public void Receive(TimeSpan now, NodeAddress from, ReadOnlyMemory<byte> packet)
    {
        var bytes = packet.ToArray();
        Received.Add((now, from, bytes));
        OnReceive?.Invoke(this, from, bytes);
    }

    public void Poll(TimeSpan now)
    {
        Polls.Add(now);
        _timers.RemoveWhere(t => t <= now);
        OnPoll?.Invoke(this, now);
    }
}
