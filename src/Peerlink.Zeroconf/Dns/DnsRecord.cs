namespace Peerlink.Zeroconf.Dns;

//  A resource record (RFC 1035 §4.1.3), with mDNS's reading of the class field (RFC 6762 §10.2, §18.13):
//
//    +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
//    /                      NAME                     /
//    +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
//    |                      TYPE                     |
//    +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
//    |CF|               CLASS (15 bits)              |
//    +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
//    |                      TTL                      |
//    |                   (32 bits)                   |
//    +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
//    |                   RDLENGTH                    |
//    +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
//    /                     RDATA                     /
//    +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
//
//  CF is the cache-flush bit. It is read the same way in every record, OPT included (whose "class" is
//  a UDP payload size, RFC 6891 §6.1.2): split on read and joined on write, the 16 bits come back as sent.

/// <summary>A resource record: owner name, class, cache-flush bit, TTL and typed data.</summary>
/// <param name="Name">The owner name.</param>
/// <param name="Ttl">Seconds the record may be cached; 0 is a goodbye (RFC 6762 §10.1).</param>
/// <param name="Data">The typed RDATA; it also gives the record's type.</param>
public sealed record DnsRecord(DnsName Name, uint Ttl, DnsRecordData Data)
{
    /// <summary>The owner name.</summary>
    public DnsName Name { get; init; } = Name ?? throw new ArgumentNullException(nameof(Name));

    /// <summary>The typed RDATA; it also gives the record's type.</summary>
    public DnsRecordData Data { get; init; } = Data ?? throw new ArgumentNullException(nameof(Data));

    /// <summary>The record's type, from its data.</summary>
    public DnsRecordType Type => Data.Type;

    /// <summary>The class (15 bits); IN unless set.</summary>
    public DnsClass Class { get; init; } = DnsClass.Internet;

    /// <summary>
    /// The cache-flush bit, the top bit of CLASS: this record is the whole unique RRset, so receivers
    /// drop older records of the same name, type and class (RFC 6762 §10.2). Never set on shared
    /// records such as DNS-SD's PTRs, nor in legacy unicast replies (§6.7).
    /// </summary>
    public bool CacheFlush { get; init; }

    internal void Write(ref DnsWriter writer)
    {
        CheckClass(Class);
        writer.WriteName(Name);
        writer.WriteUInt16((ushort)Type);
        writer.WriteUInt16((ushort)((ushort)Class | (CacheFlush ? 0x8000 : 0)));
        writer.WriteUInt32(Ttl);
        var lengthAt = writer.Position;
        writer.WriteUInt16(0);
        Data.Write(ref writer);
        var length = writer.Position - lengthAt - 2;
        if (length > ushort.MaxValue)
        {
            throw new ArgumentException($"{DnsReader.Describe(Type)} RDATA of {length} bytes does not fit RDLENGTH");
        }

        writer.PatchUInt16(lengthAt, (ushort)length);
    }

    internal static DnsRecord Read(ref DnsReader reader)
    {
        var name = reader.ReadName();
        var type = (DnsRecordType)reader.ReadUInt16();
        var rrclass = reader.ReadUInt16();
        var ttl = reader.ReadUInt32();
        var length = reader.ReadUInt16();
        var outer = reader.BeginRecordData(length);
        var data = DnsRecordData.Read(type, ref reader);
        reader.EndRecordData(outer, type);
        return new DnsRecord(name, ttl, data) { Class = (DnsClass)(rrclass & 0x7FFF), CacheFlush = (rrclass & 0x8000) != 0 };
    }

    /// <summary>The top bit of the class field is not the class's in mDNS; a class that needs it is our bug.</summary>
    internal static void CheckClass(DnsClass value)
    {
        if ((ushort)value > 0x7FFF)
        {
            throw new ArgumentException($"class {(ushort)value} does not fit 15 bits; the top bit is the QU or cache-flush bit (RFC 6762 §18.12, §18.13)");
        }
    }
}
