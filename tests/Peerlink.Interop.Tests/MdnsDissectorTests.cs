using System.Net;
using Peerlink.Zeroconf.Dns;

namespace Peerlink.Interop.Tests;

/// <summary>
/// Wireshark's own mDNS dissector (built into tshark, written by other people) against our DNS encoder:
/// messages made by <see cref="DnsCodec"/> are written to a pcap as UDP to 224.0.0.251:5353, and tshark
/// must find nothing malformed and read back the fields we encoded, including the QU and cache-flush
/// bits, compressed names in PTR, SRV and NSEC data, TXT strings and an instance name with a dot,
/// spaces, parentheses and UTF-8 in one label.
/// </summary>
public sealed class MdnsDissectorTests : IDisposable
{
    /// <summary>Expert infos of severity Error or worse (PI_ERROR), and anything malformed.</summary>
    private const string ErrorFilter = "_ws.malformed || _ws.expert.severity >= 0x00800000";

    private static readonly IPEndPoint Querier = new(IPAddress.Parse("192.0.2.10"), 5353);
    private static readonly IPEndPoint Responder = new(IPAddress.Parse("192.0.2.20"), 5353);
    private static readonly IPEndPoint LegacyQuerier = new(IPAddress.Parse("192.0.2.30"), 40000);
    private static readonly IPEndPoint Group = new(IPAddress.Parse("224.0.0.251"), 5353);

    private static readonly DnsName ServiceType = DnsName.Parse("_ipp._tcp.local");
    private static readonly DnsName Instance = ServiceType.Prepend("Büro.Drucker (2) 日本");
    private static readonly DnsName Host = DnsName.Parse("printer.local");

    private readonly TsharkSession _tshark = new();

    public void Dispose() => _tshark.Dispose();

    private static DnsRecord Unique(DnsName name, uint ttl, DnsRecordData data) => new(name, ttl, data) { CacheFlush = true };

    /// <summary>Frame 1: a QU browse question; 2: the answer with SRV, TXT, A, AAAA and NSEC additionals; 3: a probe; 4: a goodbye; 5: a legacy query.</summary>
    private static List<(IPEndPoint From, DnsMessage Message)> Conversation() =>
    [
        (Querier, DnsMessage.Query(
            new DnsQuestion(ServiceType, DnsRecordType.Ptr) { UnicastResponse = true },
            new DnsQuestion(DnsName.Parse("_services._dns-sd._udp.local"), DnsRecordType.Ptr))),
        (Responder, DnsMessage.Response(new DnsRecord(ServiceType, 4500, new PtrData(Instance))) with
        {
            Additionals =
            [
                Unique(Instance, 120, new SrvData(0, 0, 631, Host)),
                Unique(Instance, 4500, TxtData.FromAttributes(("txtvers", "1"), ("rp", "printers/x"), ("color", null))),
                Unique(Host, 120, new AddressData(IPAddress.Parse("192.0.2.20"))),
                Unique(Host, 120, new AddressData(IPAddress.Parse("fe80::20"))),
                Unique(Instance, 4500, new NsecData(Instance, DnsRecordType.Txt, DnsRecordType.Srv)),
            ],
        }),
        (Responder, DnsMessage.Query(new DnsQuestion(Host, DnsRecordType.Any) { UnicastResponse = true }) with
        {
            Authorities = [new DnsRecord(Host, 120, new AddressData(IPAddress.Parse("192.0.2.20")))],
        }),
        (Responder, DnsMessage.Response(new DnsRecord(ServiceType, 0, new PtrData(Instance)))),
        (LegacyQuerier, DnsMessage.Query(new DnsQuestion(Host, DnsRecordType.A)) with { Id = 0x1234, RecursionDesired = true }),
    ];

    private string CaptureConversation() => _tshark.Capture(w =>
    {
        foreach (var (from, message) in Conversation())
        {
            w.WriteUdp(from, Group, DnsCodec.Encode(message));
        }
    });

    [RequiresToolFact(TsharkSession.Tool)]
    public void MdnsDissector_MessagesFromOurEncoder_NothingMalformed()
    {
        var pcap = CaptureConversation();

        Assert.Empty(_tshark.Frames(pcap, ErrorFilter));
        Assert.Equal([1, 2, 3, 4, 5], _tshark.Frames(pcap, "mdns"));
    }

    [RequiresToolFact(TsharkSession.Tool)]
    public void MdnsDissector_Questions_NamesTypesAndQuBit()
    {
        var rows = _tshark.Fields(CaptureConversation(), null, "dns.flags.response", "dns.count.queries", "dns.qry.name", "dns.qry.type", "dns.qry.qu", "dns.id", "dns.flags.recdesired");

        Assert.False(TsharkSession.IsTrue(rows[1]["dns.flags.response"]));
        Assert.Equal("_ipp._tcp.local,_services._dns-sd._udp.local", rows[1]["dns.qry.name"]);
        Assert.Equal("12,12", rows[1]["dns.qry.type"]);
        Assert.Equal([true, false], rows[1]["dns.qry.qu"].Split(',').Select(TsharkSession.IsTrue));

        Assert.Equal("printer.local", rows[3]["dns.qry.name"]);
        Assert.Equal("255", rows[3]["dns.qry.type"]);
        Assert.True(TsharkSession.IsTrue(rows[3]["dns.qry.qu"]));

        Assert.Equal("0x1234", rows[5]["dns.id"]);
        Assert.True(TsharkSession.IsTrue(rows[5]["dns.flags.recdesired"]));
        Assert.False(TsharkSession.IsTrue(rows[5]["dns.qry.qu"]));
    }

    [RequiresToolFact(TsharkSession.Tool)]
    public void MdnsDissector_DnsSdAnswer_EveryRecordAsEncoded()
    {
        var answer = _tshark.Fields(CaptureConversation(), null,
            "dns.flags.response", "dns.flags.authoritative", "dns.count.answers", "dns.count.add_rr",
            "dns.resp.name", "dns.resp.type", "dns.resp.cache_flush", "dns.resp.ttl",
            "dns.ptr.domain_name", "dns.srv.port", "dns.srv.target", "dns.txt", "dns.a", "dns.aaaa", "dns.nsec.next_domain_name")[2];

        var instance = Instance.Labels[0] + "._ipp._tcp.local";
        Assert.True(TsharkSession.IsTrue(answer["dns.flags.response"]));
        Assert.True(TsharkSession.IsTrue(answer["dns.flags.authoritative"]));
        Assert.Equal("1", answer["dns.count.answers"]);
        Assert.Equal("5", answer["dns.count.add_rr"]);
        // Wireshark 4.0 prints no dns.resp.name for the TXT record, so compare the names seen, not the list.
        Assert.Equal(["_ipp._tcp.local", instance, "printer.local"], answer["dns.resp.name"].Split(',').Distinct());
        // The record types, then the types in the NSEC bitmap (Wireshark reports those as dns.resp.type too).
        Assert.Equal("12,33,16,1,28,47,16,33", answer["dns.resp.type"]);
        Assert.Equal([false, true, true, true, true, true], answer["dns.resp.cache_flush"].Split(',').Select(TsharkSession.IsTrue));
        Assert.Equal("4500,120,4500,120,120,4500", answer["dns.resp.ttl"]);
        Assert.Equal(instance, answer["dns.ptr.domain_name"]);
        Assert.Equal("631", answer["dns.srv.port"]);
        Assert.Equal("printer.local", answer["dns.srv.target"]);
        Assert.Equal("txtvers=1,rp=printers/x,color", answer["dns.txt"]);
        Assert.Equal("192.0.2.20", answer["dns.a"]);
        Assert.Equal("fe80::20", answer["dns.aaaa"]);
        Assert.Equal(instance, answer["dns.nsec.next_domain_name"]);
    }

    [RequiresToolFact(TsharkSession.Tool)]
    public void MdnsDissector_ProbeAndGoodbye_AuthorityRecordAndZeroTtl()
    {
        var rows = _tshark.Fields(CaptureConversation(), null, "dns.count.auth_rr", "dns.resp.name", "dns.resp.ttl", "dns.resp.cache_flush");

        Assert.Equal("1", rows[3]["dns.count.auth_rr"]);
        Assert.Equal("printer.local", rows[3]["dns.resp.name"]);
        Assert.False(TsharkSession.IsTrue(rows[3]["dns.resp.cache_flush"]));
        Assert.Equal("0", rows[4]["dns.resp.ttl"]);
    }

    [RequiresToolFact(TsharkSession.Tool)]
    public void MdnsDissector_TruncatedAndLoopingPackets_FlaggedAndRefusedByOurDecoder()
    {
        var good = DnsCodec.Encode(Conversation()[1].Message);
        var truncated = good[..^5];
        var loop = Core.Hex.Parse("0000 0000 0001 0000 0000 0000 01 61 c00c 0001 0001"); // "a" + pointer back to itself
        foreach (var bad in new[] { truncated, loop })
        {
            Assert.False(DnsCodec.TryDecode(bad, null, out _, out _), "our decoder must refuse it too");
        }

        var pcap = _tshark.Capture(w =>
        {
            w.WriteUdp(Responder, Group, good);
            w.WriteUdp(Responder, Group, truncated);
            w.WriteUdp(Querier, Group, loop);
        });

        // Wireshark flags the truncated packet malformed; the loop it names in place of the question.
        Assert.Equal([2], _tshark.Frames(pcap, ErrorFilter));
        Assert.Equal("<Name contains a pointer that loops>", _tshark.Fields(pcap, null, "dns.qry.name")[3]["dns.qry.name"]);
    }
}
