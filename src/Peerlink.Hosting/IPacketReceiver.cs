using Peerlink.Core;

namespace Peerlink.Hosting;

/// <summary>
/// Where a transport hands what it receives: a whole datagram, or one framed message of a stream.
/// The packet's memory belongs to the receiver from then on (transports copy it out of their buffers).
/// </summary>
public interface IPacketReceiver
{
    /// <summary>
    /// Takes a packet without waiting; false when there is no room (the transport drops and counts it).
    /// Datagram transports use this: a full queue is loss, which the protocol already handles.
    /// </summary>
    bool TryReceive(NodeAddress from, ReadOnlyMemory<byte> packet);

    /// <summary>
    /// Takes a packet, waiting for room; false when the receiver no longer takes packets. Stream
    /// transports use this, so a busy engine slows the sender's stream down instead of losing messages.
    /// </summary>
    ValueTask<bool> ReceiveAsync(NodeAddress from, ReadOnlyMemory<byte> packet, CancellationToken cancellationToken);
}
