using System.Net;
using Peerlink.Core;
using Peerlink.Zeroconf.Dns;

namespace Peerlink.Zeroconf.Tests;

/// <summary>A message built by hand from the RFCs' layouts, and the value it must decode to.</summary>
/// <param name="Name">What it shows.</param>
/// <param name="Hex">The bytes, as hex with spaces between fields.</param>
/// <param name="Expected">The decoded message.</param>
public sealed record MessageVector(string Name, string Hex, DnsMessage Expected)
{
    public byte[] Wire => Core.Hex.Parse(Hex);

    public override string ToString() => Name;
}

/// <summary>
/// Byte vectors written field by field from RFC 1035 §4.1 (header, question, record, compression
/// pointers), RFC 6762 §5.4 (QU bit), §10.2 (cache-flush bit), §6.1 (mDNS NSEC) and §8.1 (probe), RFC
/// 6763 §4-§6 (DNS-SD records), RFC 2782 (SRV) and RFC 3596 (AAAA). Offsets in the comments are from
/// the first header byte; "c0 0c" is a pointer to offset 12, the first name after the header.
/// </summary>
internal static class MessageVectors
{
    // Names as the vectors spell them.
    public static readonly DnsName ServiceType = DnsName.Parse("_http._tcp.local");
    public static readonly DnsName Instance = ServiceType.Prepend("My Web");
    public static readonly DnsName Host = DnsName.Parse("host.local");

    private const string HttpTcpLocal = "05 5f68747470 04 5f746370 05 6c6f63616c 00"; // _http._tcp.local
    private const string HostLocal = "04 686f7374 05 6c6f63616c 00";                 // host.local

    private static DnsRecord Unique(DnsName name, uint ttl, DnsRecordData data) => new(name, ttl, data) { CacheFlush = true };

    /// <summary>
    /// A DNS-SD answer for one instance (RFC 6763 §12.1): PTR in the answers, then SRV, TXT and A as
    /// additional records. SRV, TXT and A are unique records, so they carry the cache-flush bit
    /// (RFC 6762 §10.2); the PTR is shared and does not. TTLs are 4500 s and 120 s for host records.
    /// </summary>
    public static readonly MessageVector DnsSdInstance = new(
        "DNS-SD instance: PTR answer, SRV TXT A additionals, compressed",
        "0000 8400 0000 0001 0000 0003"
        + " " + HttpTcpLocal + " 000c 0001 00001194 0009"                // 12: PTR _http._tcp.local, IN, 4500 s, 9 bytes
        + " 06 4d7920576562 c00c"                                       // 40: "My Web" + pointer to _http._tcp.local
        + " c028 0021 8001 00000078 000d 0000 0000 1f90"                // 49: SRV at 40 (My Web...), CF|IN, 120 s, 13 bytes, prio 0 weight 0 port 8080
        + " 04 686f7374 c017"                                           // 67: "host" + pointer to "local" (23)
        + " c028 0010 8001 00001194 0007 06 706174683d2f"               // 74: TXT "path=/"
        + " c043 0001 8001 00000078 0004 c0a8010a",                     // 93: A host.local (67) 192.168.1.10
        DnsMessage.Response(new DnsRecord(ServiceType, 4500, new PtrData(Instance))) with
        {
            Additionals =
            [
                Unique(Instance, 120, new SrvData(0, 0, 8080, Host)),
                Unique(Instance, 4500, TxtData.FromAttributes(("path", "/"))),
                Unique(Host, 120, new AddressData(IPAddress.Parse("192.168.1.10"))),
            ],
        });

    /// <summary>A browse question with the unicast-response bit (RFC 6762 §5.4): QCLASS 0x8001.</summary>
    public static readonly MessageVector QuestionWithQu = new(
        "PTR question with the QU bit",
        "0000 0000 0001 0000 0000 0000 " + HttpTcpLocal + " 000c 8001",
        DnsMessage.Query(new DnsQuestion(ServiceType, DnsRecordType.Ptr) { UnicastResponse = true }));

    /// <summary>
    /// A probe (RFC 6762 §8.1): a QU question of type ANY for the name wanted, and the proposed record in
    /// the authority section (§8.2) with its name compressed to the question's.
    /// </summary>
    public static readonly MessageVector Probe = new(
        "probe: ANY QU question, proposed A record in authority",
        "0000 0000 0001 0000 0001 0000 " + HostLocal + " 00ff 8001"
        + " c00c 0001 0001 00000078 0004 c0a8010a",
        DnsMessage.Query(new DnsQuestion(Host, DnsRecordType.Any) { UnicastResponse = true }) with
        {
            Authorities = [new DnsRecord(Host, 120, new AddressData(IPAddress.Parse("192.168.1.10")))],
        });

    /// <summary>
    /// An A answer with the cache-flush bit and an NSEC saying host.local has no other type (no AAAA),
    /// the way mDNS sends a negative answer (RFC 6762 §6.1): next name = own name (a pointer), window 0,
    /// bitmap length 1, bit 1 (A) = 0x40.
    /// </summary>
    public static readonly MessageVector AddressWithNsec = new(
        "A answer with cache-flush, NSEC in additionals",
        "0000 8400 0000 0001 0000 0001 " + HostLocal + " 0001 8001 00000078 0004 c0a8010a"
        + " c00c 002f 8001 00000078 0005 c00c 00 01 40",
        DnsMessage.Response(Unique(Host, 120, new AddressData(IPAddress.Parse("192.168.1.10")))) with
        {
            Additionals = [Unique(Host, 120, new NsecData(Host, DnsRecordType.A))],
        });

    /// <summary>An NSEC for an instance listing TXT (16) and SRV (33): bitmap length 5, 0x80 in byte 2, 0x40 in byte 4.</summary>
    public static readonly MessageVector InstanceNsec = new(
        "NSEC for an instance: TXT and SRV",
        "0000 8400 0000 0001 0000 0000 06 4d7920576562 " + HttpTcpLocal + " 002f 8001 00001194 0009 c00c 00 05 0000800040",
        DnsMessage.Response(Unique(Instance, 4500, new NsecData(Instance, DnsRecordType.Txt, DnsRecordType.Srv))));

    /// <summary>An AAAA answer (RFC 3596 §2.2): 16 bytes of address.</summary>
    public static readonly MessageVector Aaaa = new(
        "AAAA answer",
        "0000 8400 0000 0001 0000 0000 " + HostLocal + " 001c 8001 00000078 0010 fe800000000000000000000000000001",
        DnsMessage.Response(Unique(Host, 120, new AddressData(IPAddress.Parse("fe80::1")))));

    /// <summary>A goodbye (RFC 6762 §10.1): the PTR again with TTL 0.</summary>
    public static readonly MessageVector Goodbye = new(
        "goodbye: PTR with TTL 0",
        "0000 8400 0000 0001 0000 0000 " + HttpTcpLocal + " 000c 0001 00000000 0009 06 4d7920576562 c00c",
        DnsMessage.Response(new DnsRecord(ServiceType, 0, new PtrData(Instance))));

    /// <summary>
    /// An instance label with a dot, spaces, parentheses and UTF-8 (RFC 6763 §4.3): one label of 24
    /// bytes, "Büro.Drucker (2) 日本" — the dot is inside the label, not a separator.
    /// </summary>
    public static readonly MessageVector Utf8Instance = new(
        "PTR to an instance with a dot, spaces, parentheses and UTF-8",
        "0000 8400 0000 0001 0000 0000 " + HttpTcpLocal + " 000c 0001 00001194 001b"
        + " 18 42c3bc726f2e447275636b65722028322920e697a5e69cac c00c",
        DnsMessage.Response(new DnsRecord(ServiceType, 4500, new PtrData(ServiceType.Prepend("Büro.Drucker (2) 日本")))));

    /// <summary>
    /// A legacy unicast query as dig sends it (RFC 6762 §6.7): an ID to echo, RD set, QM question. And an
    /// empty TXT record as one zero byte (RFC 6763 §6.1) in the answer section (a known answer).
    /// </summary>
    public static readonly MessageVector LegacyQuery = new(
        "legacy unicast query with ID and RD, empty TXT known answer",
        "1234 0100 0001 0001 0000 0000 " + HostLocal + " 0001 0001"
        + " c00c 0010 0001 00001194 0001 00",
        DnsMessage.Query(new DnsQuestion(Host, DnsRecordType.A)) with
        {
            Id = 0x1234,
            RecursionDesired = true,
            Answers = [new DnsRecord(Host, 4500, TxtData.Empty)],
        });

    /// <summary>An unknown type (HINFO, 13) and an EDNS0 OPT (41) in the additionals are kept raw, class bits and all.</summary>
    public static readonly MessageVector UnknownTypes = new(
        "HINFO kept raw, OPT with payload size 0x8000 (read as cache-flush + class 0)",
        "0000 8400 0000 0001 0000 0001 " + HostLocal + " 000d 8001 00001194 0009 03 415242 04 4c696e78"
        + " 00 0029 8000 00000000 0000",
        DnsMessage.Response(Unique(Host, 4500, new UnknownData(DnsRecordType.Hinfo, Bytes.FromHex("03 415242 04 4c696e78")))) with
        {
            Additionals = [new DnsRecord(DnsName.Root, 0, new UnknownData(DnsRecordType.Opt, Bytes.Empty)) { Class = 0, CacheFlush = true }],
        });

    public static readonly IReadOnlyList<MessageVector> All =
        [DnsSdInstance, QuestionWithQu, Probe, AddressWithNsec, InstanceNsec, Aaaa, Goodbye, Utf8Instance, LegacyQuery, UnknownTypes];

    public static MessageVector Named(string name) => All.First(v => v.Name == name);
}
