using System.Buffers.Binary;

namespace Peerlink.Z2z.Tests;

/// <summary>
/// Builds record bytes field by field without the codec, so a test can put one wrong thing in an
/// otherwise good record. The defaults make a valid record ("_ipp._tcp", "P", no host, no address, empty TXT).
/// </summary>
internal sealed record RawRecord
{
    public byte[] Magic { get; init; } = "z2"u8.ToArray();

    public byte Version { get; init; } = 1;

    public byte Flags { get; init; }

    public byte[] Exporter { get; init; } = [1, 2, 3, 4, 5, 6, 7, 8];

    public byte[] Type { get; init; } = "_ipp._tcp"u8.ToArray();

    public byte[] Instance { get; init; } = "P"u8.ToArray();

    public byte[] Host { get; init; } = [];

    /// <summary>The address count, then each family octet and address, as raw bytes.</summary>
    public byte[] Addresses { get; init; } = [0];

    /// <summary>The TXT length field's value; null for the real length of <see cref="Txt"/>.</summary>
    public int? TxtLength { get; init; }

    public byte[] Txt { get; init; } = [0];

    public byte[] Trailer { get; init; } = [];

    public byte[] ToBytes()
    {
        var bytes = new List<byte>();
        bytes.AddRange(Magic);
        bytes.Add(Version);
        bytes.Add(Flags);
        bytes.AddRange(Exporter);
        bytes.AddRange(U32(1_764_000_000));
        bytes.AddRange(U32(120));
        bytes.AddRange([0x02, 0x77]);
        foreach (var text in new[] { Type, Instance, Host })
        {
            bytes.Add((byte)text.Length);
            bytes.AddRange(text);
        }

        bytes.AddRange(Addresses);
        var txtLength = TxtLength ?? Txt.Length;
        bytes.AddRange([(byte)(txtLength >> 8), (byte)txtLength]);
        bytes.AddRange(Txt);
        bytes.AddRange(Trailer);
        return [.. bytes];
    }

    private static byte[] U32(uint value)
    {
        var b = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(b, value);
        return b;
    }
}
