using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Peerlink.Core;

namespace Peerlink.Nat.Stun;

//   XOR-MAPPED-ADDRESS (RFC 8489 §14.2; MAPPED-ADDRESS §14.1 is the same without the XOR):
//   0                   1                   2                   3
//   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |0 0 0 0 0 0 0 0|    Family     |         X-Port                |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |                X-Address (32 bits or 128 bits)                |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  Family 0x01 IPv4, 0x02 IPv6. X-Port = port XOR the cookie's top 16 bits; an IPv4 X-Address is
//  XORed with the cookie, an IPv6 one with the cookie followed by the transaction ID.

/// <summary>Reads and writes the address attributes.</summary>
public static class StunAddress
{
    /// <summary>The endpoint an XOR-MAPPED-ADDRESS value carries, or null for a malformed one.</summary>
    public static IPEndPoint? ReadXor(ReadOnlySpan<byte> value, ReadOnlySpan<byte> transactionId)
    {
        if (!TryLayout(value, out var family, out var length))
        {
            return null;
        }

        Span<byte> mask = stackalloc byte[16];
        BinaryPrimitives.WriteUInt32BigEndian(mask, StunCodec.MagicCookie);
        transactionId[..12].CopyTo(mask[4..]);
        var port = (ushort)(BinaryPrimitives.ReadUInt16BigEndian(value[2..]) ^ (StunCodec.MagicCookie >> 16));
        var address = new byte[length];
        for (var i = 0; i < length; i++)
        {
            address[i] = (byte)(value[4 + i] ^ mask[i]);
        }

        return new IPEndPoint(new IPAddress(address), port);
    }

    /// <summary>The XOR-MAPPED-ADDRESS value for <paramref name="endPoint"/>.</summary>
    public static Bytes WriteXor(IPEndPoint endPoint, ReadOnlySpan<byte> transactionId)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        var address = endPoint.Address.IsIPv4MappedToIPv6 ? endPoint.Address.MapToIPv4() : endPoint.Address;
        var raw = address.GetAddressBytes();
        var value = new byte[4 + raw.Length];
        value[1] = (byte)(address.AddressFamily == AddressFamily.InterNetwork ? 1 : 2);
        Span<byte> mask = stackalloc byte[16];
        BinaryPrimitives.WriteUInt32BigEndian(mask, StunCodec.MagicCookie);
        transactionId[..12].CopyTo(mask[4..]);
        BinaryPrimitives.WriteUInt16BigEndian(value.AsSpan(2), (ushort)(endPoint.Port ^ (StunCodec.MagicCookie >> 16)));
        for (var i = 0; i < raw.Length; i++)
        {
            value[4 + i] = (byte)(raw[i] ^ mask[i]);
        }

        return Bytes.Copy(value);
    }

    /// <summary>The endpoint a plain address value carries (MAPPED-ADDRESS, OTHER-ADDRESS, RESPONSE-ORIGIN), or null for a malformed one.</summary>
    public static IPEndPoint? Read(ReadOnlySpan<byte> value) =>
        TryLayout(value, out _, out var length)
            ? new IPEndPoint(new IPAddress(value.Slice(4, length)), BinaryPrimitives.ReadUInt16BigEndian(value[2..]))
            : null;

    /// <summary>A plain address value (MAPPED-ADDRESS layout, §14.1) for <paramref name="endPoint"/>.</summary>
    public static Bytes Write(IPEndPoint endPoint)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        var address = endPoint.Address.IsIPv4MappedToIPv6 ? endPoint.Address.MapToIPv4() : endPoint.Address;
        var raw = address.GetAddressBytes();
        var value = new byte[4 + raw.Length];
        value[1] = (byte)(address.AddressFamily == AddressFamily.InterNetwork ? 1 : 2);
        BinaryPrimitives.WriteUInt16BigEndian(value.AsSpan(2), (ushort)endPoint.Port);
        raw.CopyTo(value.AsSpan(4));
        return Bytes.Copy(value);
    }

    private static bool TryLayout(ReadOnlySpan<byte> value, out byte family, out int length)
    {
        family = value.Length >= 2 ? value[1] : (byte)0;
        length = family switch { 1 => 4, 2 => 16, _ => 0 };
        return length > 0 && value.Length == 4 + length && value[0] == 0;
    }
}
