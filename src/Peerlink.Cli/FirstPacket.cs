using Peerlink.Core;
using Peerlink.Hosting;

namespace Peerlink.Cli;

/// <summary>A receiver that hands each packet to a test of whether it is the one awaited, and keeps the first that is.</summary>
/// <typeparam name="T">What the awaited packet reads as.</typeparam>
internal sealed class FirstPacket<T>(Func<ReadOnlyMemory<byte>, T?> read) : IPacketReceiver
    where T : class
{
    private readonly TaskCompletionSource<T> _first = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes with the first packet <c>read</c> accepted.</summary>
    public Task<T> Task => _first.Task;

    public bool TryReceive(NodeAddress from, ReadOnlyMemory<byte> packet)
    {
        if (read(packet) is { } value)
        {
            _first.TrySetResult(value);
        }

        return true;
    }

    public ValueTask<bool> ReceiveAsync(NodeAddress from, ReadOnlyMemory<byte> packet, CancellationToken cancellationToken) =>
        ValueTask.FromResult(TryReceive(from, packet));
}
