using System.Collections.Concurrent;
using System.Threading.Channels;
using Peerlink.Core;

namespace Peerlink.Hosting.Tests;

/// <summary>A transport with no sockets: the test delivers packets and reads what was sent.</summary>
internal sealed class InMemoryTransport(NodeAddress address) : IPacketTransport
{
    private readonly Channel<(NodeAddress To, byte[] Packet)> _sent = Channel.CreateUnbounded<(NodeAddress, byte[])>();

    public NodeAddress LocalAddress { get; } = address;

    public TransportCounters Counters { get; } = new();

    public bool IsReliable => false;

    public IPacketReceiver? Receiver { get; private set; }

    /// <summary>"start", "drain", "dispose", in the order the host called them.</summary>
    public ConcurrentQueue<string> Calls { get; } = new();

    public ChannelReader<(NodeAddress To, byte[] Packet)> Sent => _sent.Reader;

    public void Start(IPacketReceiver receiver)
    {
        Calls.Enqueue("start");
        Receiver = receiver;
    }

    public void Send(NodeAddress destination, ReadOnlyMemory<byte> packet)
    {
        Calls.Enqueue("send");
        _sent.Writer.TryWrite((destination, packet.ToArray()));
    }

    public bool Deliver(NodeAddress from, byte[] packet) => Receiver!.TryReceive(from, packet);

    public Task DrainAsync(CancellationToken cancellationToken)
    {
        Calls.Enqueue("drain");
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        Calls.Enqueue("dispose");
        return ValueTask.CompletedTask;
    }
}
