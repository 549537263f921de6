using System.Buffers.Binary;

namespace Peerlink.Cli.Tests;

/// <summary>What the plot tests check of a PNG file (RFC 2083): that it is one, and its size.</summary>
internal static class Png
{
    private static readonly byte[] Signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    // §3.1: the signature, then IHDR first (§4.1.1) with width and height, big-endian.
    public static (int Width, int Height, long Size) Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        Assert.Equal(Signature, bytes[..8]);
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(bytes, 12, 4));
        return (BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20)), bytes.Length);
    }
}
