namespace Peerlink.Zeroconf.Dns;

//  A question (RFC 1035 §4.1.2), with mDNS's reading of the class field (RFC 6762 §5.4, §18.12):
//
//    +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
//    /                     QNAME                     /
//    +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
//    |                     QTYPE                     |
//    +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
//    |QU|               QCLASS (15 bits)             |
//    +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
//
//  QU set asks for a unicast response ("QU question"); clear, a multicast one ("QM question").

/// <summary>A question: which name and type are wanted, and whether a unicast reply is preferred.</summary>
/// <param name="Name">The name asked about.</param>
/// <param name="Type">The type wanted (<see cref="DnsRecordType.Any"/> for all).</param>
public sealed record DnsQuestion(DnsName Name, DnsRecordType Type)
{
    /// <summary>The name asked about.</summary>
    public DnsName Name { get; init; } = Name ?? throw new ArgumentNullException(nameof(Name));

    /// <summary>The class (15 bits); IN unless set.</summary>
    public DnsClass Class { get; init; } = DnsClass.Internet;

    /// <summary>
    /// The unicast-response (QU) bit, the top bit of QCLASS: the querier would like the answer sent to
    /// it directly, as it does on start-up and in probes (RFC 6762 §5.4, §8.1).
    /// </summary>
    public bool UnicastResponse { get; init; }

    internal void Write(ref DnsWriter writer)
    {
        DnsRecord.CheckClass(Class);
        writer.WriteName(Name);
        writer.WriteUInt16((ushort)Type);
        writer.WriteUInt16((ushort)((ushort)Class | (UnicastResponse ? 0x8000 : 0)));
    }

    internal static DnsQuestion Read(ref DnsReader reader)
    {
        var name = reader.ReadName();
        var type = (DnsRecordType)reader.ReadUInt16();
        var qclass = reader.ReadUInt16();
        return new DnsQuestion(name, type) { Class = (DnsClass)(qclass & 0x7FFF), UnicastResponse = (qclass & 0x8000) != 0 };
    }
}
