namespace Peerlink.Zeroconf.Dns;

//  NSEC RDATA (RFC 4034 §4.1). In mDNS it says "this name has records of these types and no others":
//  a negative answer (RFC 6762 §6.1). There the next name is the record's own name (compressed to a
//  pointer, §18.14) and only window block 0 is used, as mDNS asserts nothing about types over 255.
//
//   0                   1                   2                   3
//   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  /                      Next Domain Name                         /
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  | Window Block  | Bitmap Length |  Bitmap (1 to 32 bytes) ...   /
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  ... more blocks, in increasing window order (RFC 4034 §4.1.2)
//
//  Bit n of a block's bitmap (most significant bit of byte 0 first) is type window * 256 + n.

/// <summary>An NSEC record: a next name and the set of types that exist at the owner name.</summary>
public sealed record NsecData : DnsRecordData
{
    /// <summary>Holds the next name and the types (kept sorted, each once).</summary>
    public NsecData(DnsName nextName, params IEnumerable<DnsRecordType> types)
    {
        ArgumentNullException.ThrowIfNull(nextName);
        ArgumentNullException.ThrowIfNull(types);
        NextName = nextName;
        Types = [.. types.Distinct().Order()];
    }

    /// <summary>The next name; in mDNS, the record's own name (RFC 6762 §6.1).</summary>
    public DnsName NextName { get; }

    /// <summary>The types present, ascending, without repeats.</summary>
    public Core.ValueList<DnsRecordType> Types { get; }

    /// <summary>True when every type is under 256, as in the form mDNS sends (RFC 6762 §6.1).</summary>
    public bool IsMulticastForm => Types.Count == 0 || (ushort)Types[^1] < 256;

    /// <inheritdoc/>
    public override DnsRecordType Type => DnsRecordType.Nsec;

    /// <summary>True when the bitmap lists <paramref name="type"/>.</summary>
    public bool Covers(DnsRecordType type) => Types.AsSpan().Contains(type);

    internal override void Write(ref DnsWriter writer)
    {
        writer.WriteName(NextName);
        Span<byte> bitmap = stackalloc byte[32];
        var types = Types.AsSpan();
        var i = 0;
        while (i < types.Length)
        {
            var window = (ushort)types[i] >> 8;
            bitmap.Clear();
            var length = 0;
            for (; i < types.Length && (ushort)types[i] >> 8 == window; i++)
            {
                var low = (ushort)types[i] & 0xFF;
                bitmap[low >> 3] |= (byte)(0x80 >> (low & 7));
                length = (low >> 3) + 1;
            }

            writer.WriteByte((byte)window);
            writer.WriteByte((byte)length);
            writer.WriteBytes(bitmap[..length]);
        }
    }

    internal static NsecData ReadData(ref DnsReader reader)
    {
        var next = reader.ReadName();
        var types = new List<DnsRecordType>();
        var lastWindow = -1;
        while (reader.Remaining > 0)
        {
            var at = reader.Position;
            var window = reader.ReadByte();
            var length = reader.ReadByte();
            if (window <= lastWindow)
            {
                DnsReader.Fail(DnsDecodeError.BadRecordData, at, $"NSEC window {window} follows window {lastWindow}; windows go in increasing order (RFC 4034 §4.1.2)");
            }

            if (length is 0 or > 32)
            {
                DnsReader.Fail(DnsDecodeError.BadRecordData, at + 1, $"NSEC bitmap length {length} is not 1 to 32 (RFC 4034 §4.1.2)");
            }

            // Trailing zero bytes and empty blocks break RFC 4034's "MUST be omitted" but say nothing
            // wrong about the types, so they are read, not refused; we never write them.
            var bitmap = reader.ReadSpan(length);
            for (var b = 0; b < bitmap.Length; b++)
            {
                for (var bit = 0; bit < 8; bit++)
                {
                    if ((bitmap[b] & (0x80 >> bit)) != 0)
                    {
                        types.Add((DnsRecordType)((window << 8) | (b << 3) | bit));
                    }
                }
            }

            lastWindow = window;
        }

        return new NsecData(next, types);
    }
}
