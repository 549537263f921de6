using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Peerlink.Core;

/// <summary>
/// An IP address and port as a 24-byte value, for routing tables that hold many of them (the
/// simulator keeps 100,000 nodes' tables in one process). IPv4 is kept as an IPv4-mapped IPv6
/// address (RFC 4291 §2.5.5.2) with a flag, so an IPv6 address that happens to be IPv4-mapped stays
/// IPv6 (the family is on the wire: Address-Info's IP-ver).
/// </summary>
public readonly struct NodeAddress : IEquatable<NodeAddress>
{
    private const ulong MappedPrefixLow = 0x0000_FFFF_0000_0000;

    private readonly ulong _high;
    private readonly ulong _low;
    private readonly bool _isIPv6;

    private NodeAddress(ulong high, ulong low, ushort port, bool isIPv6)
    {
        _high = high;
        _low = low;
        Port = port;
        _isIPv6 = isIPv6;
    }

    /// <summary>The port.</summary>
    public ushort Port { get; }

    /// <summary>Whether the address is IPv4.</summary>
    public bool IsIPv4 => !_isIPv6;

    /// <summary>An IPv4 address from its 32-bit big-endian value (as the simulator numbers its nodes).</summary>
    public static NodeAddress FromIPv4(uint address, ushort port) => new(0, MappedPrefixLow | address, port, isIPv6: false);

    /// <summary>From an endpoint. IPv6 scope IDs are not kept.</summary>
    public static NodeAddress FromEndPoint(IPEndPoint endPoint)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        return From(endPoint.Address, (ushort)endPoint.Port);
    }

    /// <summary>From an address and port.</summary>
    public static NodeAddress From(IPAddress address, ushort port)
    {
        ArgumentNullException.ThrowIfNull(address);
        Span<byte> bytes = stackalloc byte[16];
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            address.TryWriteBytes(bytes, out _);
            return FromIPv4(BinaryPrimitives.ReadUInt32BigEndian(bytes), port);
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            throw new ArgumentException($"not an IP address: {address.AddressFamily}", nameof(address));
        }

        address.TryWriteBytes(bytes, out _);
        return FromBytes(bytes, port);
    }

    /// <summary>From the 4 (IPv4) or 16 (IPv6) bytes of an address, network order.</summary>
    public static NodeAddress FromBytes(ReadOnlySpan<byte> address, ushort port) => address.Length switch
    {
        4 => FromIPv4(BinaryPrimitives.ReadUInt32BigEndian(address), port),
        16 => new NodeAddress(BinaryPrimitives.ReadUInt64BigEndian(address), BinaryPrimitives.ReadUInt64BigEndian(address[8..]), port, isIPv6: true),
        _ => throw new ArgumentException($"an IP address is 4 or 16 bytes, not {address.Length}", nameof(address)),
    };

    /// <summary>Bytes of the address: 4 for IPv4, 16 for IPv6.</summary>
    public int AddressLength => IsIPv4 ? 4 : 16;

    /// <summary>The same address with another port.</summary>
    public NodeAddress WithPort(ushort port) => new(_high, _low, port, _isIPv6);

    /// <summary>Writes the address's 4 or 16 bytes (network order) and returns how many.</summary>
    public int WriteAddressBytes(Span<byte> destination)
    {
        if (IsIPv4)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination, (uint)_low);
            return 4;
        }

        BinaryPrimitives.WriteUInt64BigEndian(destination, _high);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], _low);
        return 16;
    }

    /// <summary>The address as an <see cref="IPAddress"/>.</summary>
    public IPAddress ToIPAddress()
    {
        Span<byte> bytes = stackalloc byte[16];
        if (IsIPv4)
        {
            BinaryPrimitives.WriteUInt32BigEndian(bytes, (uint)_low);
            return new IPAddress(bytes[..4]);
        }

        BinaryPrimitives.WriteUInt64BigEndian(bytes, _high);
        BinaryPrimitives.WriteUInt64BigEndian(bytes[8..], _low);
        return new IPAddress(bytes);
    }

    /// <summary>The address and port as an <see cref="IPEndPoint"/>.</summary>
    public IPEndPoint ToEndPoint() => new(ToIPAddress(), Port);

    /// <inheritdoc/>
    public bool Equals(NodeAddress other) => _high == other._high && _low == other._low && Port == other.Port && _isIPv6 == other._isIPv6;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is NodeAddress other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(_high, _low, Port, _isIPv6);

    /// <summary>"127.0.0.1:7080" or "[::1]:7080".</summary>
    public override string ToString() => ToEndPoint().ToString();

    /// <summary>Equality.</summary>
    public static bool operator ==(NodeAddress left, NodeAddress right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    public static bool operator !=(NodeAddress left, NodeAddress right) => !left.Equals(right);
}
