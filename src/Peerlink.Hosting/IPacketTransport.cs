using Peerlink.Core;
using Peerlink.Overlay.Engine;

namespace Peerlink.Hosting;

/// <summary>
/// A socket (or a set of them) that an <see cref="EngineHost"/> binds an engine to: it is the engine's
/// <see cref="IPacketSender"/> on the way out and hands what arrives to an <see cref="IPacketReceiver"/>
/// on the way in. Bound when constructed, so <see cref="LocalAddress"/> is known before the engine is
/// built; receives only after <see cref="Start"/>.
/// </summary>
public interface IPacketTransport : IPacketSender, IAsyncDisposable
{
    /// <summary>The address the transport is bound to (the real port when port 0 was asked for).</summary>
    NodeAddress LocalAddress { get; }

    /// <summary>What the transport has sent, received and dropped.</summary>
    TransportCounters Counters { get; }

    /// <summary>Starts receiving; every packet from now on goes to <paramref name="receiver"/>. Once only.</summary>
    /// <exception cref="InvalidOperationException">Already started.</exception>
    void Start(IPacketReceiver receiver);

    /// <summary>
    /// Stops taking new packets (later sends are dropped and counted) and completes when those already
    /// queued have been handed to the operating system, or when <paramref name="cancellationToken"/>
    /// is cancelled (then it throws <see cref="OperationCanceledException"/>).
    /// </summary>
    Task DrainAsync(CancellationToken cancellationToken);
}
