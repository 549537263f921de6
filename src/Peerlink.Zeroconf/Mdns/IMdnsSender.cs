using Peerlink.Core;

namespace Peerlink.Zeroconf.Mdns;

/// <summary>
/// The one way out of an mDNS engine: hand a datagram to the transport. The destination is the
/// multicast group (<see cref="MdnsAddresses"/>) or one querier's unicast address (RFC 6762 §5.4, §6.7).
/// </summary>
public interface IMdnsSender
{
    /// <summary>
    /// Queues a datagram for <paramref name="destination"/> and returns at once; never blocks, never
    /// throws for network reasons. The engine does not touch <paramref name="packet"/> afterwards.
    /// </summary>
    void Send(NodeAddress destination, ReadOnlyMemory<byte> packet);
}
