using System.Buffers.Binary;
using Peerlink.Core;

namespace Peerlink.Wire.Tests;

/// <summary>
/// Builds byte vectors from hand-written hex fragments. Independent of the codec and of
/// <see cref="Peerlink.Core.Hex"/>: it only concatenates the fragments, drops whitespace and parses.
/// </summary>
internal static class TestHex
{
    /// <summary>Concatenates hex fragments (whitespace ignored) into bytes.</summary>
    public static byte[] Parse(params string[] fragments)
    {
        var digits = string.Concat(fragments).Replace(" ", string.Empty, StringComparison.Ordinal)
            .Replace("\n", string.Empty, StringComparison.Ordinal);
        return Convert.FromHexString(digits);
    }

    /// <summary>Hex fragments as an opaque byte string.</summary>
    public static Bytes B(params string[] fragments) => Bytes.Copy(Parse(fragments));

    /// <summary>Hex fragments as an identifier.</summary>
    public static NodeId Id(params string[] fragments) => NodeId.FromBytes(Parse(fragments));

    /// <summary>A 32-bit big-endian value as 8 hex digits (for the Message Length of wrapper vectors).</summary>
    public static string U32(int value)
    {
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(b, value);
        return Convert.ToHexStringLower(b);
    }

    /// <summary>Number of bytes the hex fragments stand for.</summary>
    public static int Length(params string[] fragments) => Parse(fragments).Length;

    /// <summary>Lowercase hex of bytes, for assertion messages.</summary>
    public static string Show(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);
}
