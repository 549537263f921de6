using System.Net;
using Peerlink.Core;
using Peerlink.Zeroconf.Dns;

namespace Peerlink.Fuzz;

/// <summary>
/// The DNS seed corpus: small mDNS messages that between them use every typed record, both class bits,
/// compression in owner names and in PTR, SRV and NSEC data, raw types and a UTF-8 instance name.
/// Deterministic: the same files every time.
/// </summary>
public static class DnsSeeds
{
    public static IEnumerable<(string Name, byte[] Bytes)> Encoded() => All().Select(s => (s.Name, DnsCodec.Encode(s.Message)));

    private static IEnumerable<(string Name, DnsMessage Message)> All()
    {
        var type = DnsName.Parse("_ipp._tcp.local");
        var instance = type.Prepend("Büro.Drucker (2)");
        var host = DnsName.Parse("printer.local");
        var address = new DnsRecord(host, 120, new AddressData(IPAddress.Parse("192.168.1.20"))) { CacheFlush = true };

        yield return ("dns-browse-qu", DnsMessage.Query(
            new DnsQuestion(type, DnsRecordType.Ptr) { UnicastResponse = true },
            new DnsQuestion(DnsName.Parse("_services._dns-sd._udp.local"), DnsRecordType.Ptr)));

        yield return ("dns-instance-answer", DnsMessage.Response(new DnsRecord(type, 4500, new PtrData(instance))) with
        {
            Additionals =
            [
                new DnsRecord(instance, 120, new SrvData(0, 0, 631, host)) { CacheFlush = true },
                new DnsRecord(instance, 4500, TxtData.FromAttributes(("txtvers", "1"), ("rp", "printers/x"), ("color", null))) { CacheFlush = true },
                address,
                new DnsRecord(host, 120, new AddressData(IPAddress.Parse("fe80::20"))) { CacheFlush = true },
                new DnsRecord(instance, 4500, new NsecData(instance, DnsRecordType.Txt, DnsRecordType.Srv)) { CacheFlush = true },
            ],
        });

        yield return ("dns-probe", DnsMessage.Query(new DnsQuestion(host, DnsRecordType.Any) { UnicastResponse = true }) with
        {
            Authorities = [address with { CacheFlush = false }],
        });

        yield return ("dns-known-answers-tc", DnsMessage.Query(new DnsQuestion(type, DnsRecordType.Ptr)) with
        {
            Truncated = true,
            Answers = [.. Enumerable.Range(1, 8).Select(i => new DnsRecord(type, 4500, new PtrData(type.Prepend($"Printer {i}"))))],
        });

        yield return ("dns-legacy-unicast", DnsMessage.Query(new DnsQuestion(host, DnsRecordType.A)) with { Id = 0x1234, RecursionDesired = true });

        yield return ("dns-goodbye-raw-types", DnsMessage.Response(new DnsRecord(type, 0, new PtrData(instance))) with
        {
            Additionals =
            [
                new DnsRecord(host, 120, new UnknownData(DnsRecordType.Hinfo, Bytes.FromHex("03415242044c696e78"))) { CacheFlush = true },
                new DnsRecord(DnsName.Root, 0, new UnknownData(DnsRecordType.Opt, Bytes.Empty)) { Class = (DnsClass)1440 },
            ],
        });
    }
}
