using Peerlink.Core;

namespace Peerlink.Overlay.Engine;

/// <summary>
/// A sans-IO protocol engine as hosts and the simulator drive it (ARCHITECTURE.md, "Engine shape").
/// The driver hands it packets and the time; the engine sends through the <see cref="IPacketSender"/>
/// it was built with and says when it next wants to run. Every call runs on one thread at a time.
/// </summary>
public interface IProtocolEngine
{
    /// <summary>Where this engine receives.</summary>
    NodeAddress Address { get; }

    /// <summary>
    /// When <see cref="Poll"/> should next be called, or null when the engine waits only for packets.
    /// Drivers read it again after every call into the engine.
    /// </summary>
    TimeSpan? NextDeadline { get; }

    /// <summary>A packet arrived from <paramref name="from"/> (a whole datagram, or one framed message of a stream).</summary>
    void Receive(TimeSpan now, NodeAddress from, ReadOnlyMemory<byte> packet);

    /// <summary>Runs what is due at <paramref name="now"/> (monotonic time since the driver started).</summary>
    void Poll(TimeSpan now);
}

/// <summary>The one way out of an engine: hand a packet to the transport.</summary>
public interface IPacketSender
{
    /// <summary>
    /// Whether the transport delivers reliably and in order (TCP, TLS): then P2PP sends no ACKs and
    /// no responseACKs (§6.2.2). False for UDP and DTLS.
    /// </summary>
    bool IsReliable { get; }

    /// <summary>
    /// Queues a packet for <paramref name="destination"/> and returns at once; never blocks, never
    /// throws for network reasons (a lost packet is the protocol's business). The engine does not
    /// touch <paramref name="packet"/> afterwards.
    /// </summary>
    void Send(NodeAddress destination, ReadOnlyMemory<byte> packet);
}
