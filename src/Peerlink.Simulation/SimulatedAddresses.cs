using System.Buffers.Binary;
using Peerlink.Core;

namespace Peerlink.Simulation;

/// <summary>
/// Node number to address and back by arithmetic, so the simulator needs no address dictionary.
/// Simulated nodes live in 198.18.0.0/15, the range RFC 2544 (appendix C.2.2, as fixed by RFC 6890
/// §2.2.2) sets aside for benchmarking: it is never routed on the Internet, so an address that
/// leaks into a log or a real socket cannot reach anybody.
/// </summary>
internal static class SimulatedAddresses
{
    /// <summary>198.18.0.1: node 0 (198.18.0.0 is skipped, as a network's own address would be).</summary>
    public const uint First = 0xC612_0001;

    /// <summary>198.18.0.1 to 198.19.255.254.</summary>
    public const int MaxNodes = (1 << 17) - 2;

    public static NodeAddress Of(int index, ushort port) => NodeAddress.FromIPv4(First + (uint)index, port);

    /// <summary>The node number of an address, if it is one of ours (right range, right port).</summary>
    public static bool TryGetIndex(NodeAddress address, ushort port, out int index)
    {
        index = -1;
        if (!address.IsIPv4 || address.Port != port)
        {
            return false;
        }

        Span<byte> bytes = stackalloc byte[4];
        address.WriteAddressBytes(bytes);
        var offset = BinaryPrimitives.ReadUInt32BigEndian(bytes) - First;
        if (offset >= MaxNodes)
        {
            return false;
        }

        index = (int)offset;
        return true;
    }
}
