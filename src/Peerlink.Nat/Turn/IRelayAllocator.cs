using System.Net;
using System.Net.Sockets;

namespace Peerlink.Nat.Turn;

/// <summary>
/// The port through which a <see cref="TurnServer"/> gets relayed transport addresses (RFC 8656 §7.2):
/// the host opens a UDP socket; tests hand out fake endpoints. Calls come from the engine's thread.
/// </summary>
public interface IRelayAllocator
{
    /// <summary>The address family of the relayed addresses this allocator gives (REQUESTED-ADDRESS-FAMILY is checked against it).</summary>
    AddressFamily Family { get; }

    /// <summary>Opens a relayed address on a free port (an even one when <paramref name="evenPort"/>), or null when none is free.</summary>
    IPEndPoint? TryOpen(bool evenPort);

    /// <summary>Opens exactly <paramref name="endPoint"/> (the port kept by an EVEN-PORT reservation); false when it is taken.</summary>
    bool TryOpenAt(IPEndPoint endPoint);

    /// <summary>Closes a relayed address opened here; its port is free again.</summary>
    void Close(IPEndPoint relay);
}
