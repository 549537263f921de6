using Peerlink.Zeroconf.Dns;
using Peerlink.Zeroconf.Mdns;
using static Peerlink.Zeroconf.Tests.Mdns.ResponderHarness;

namespace Peerlink.Zeroconf.Tests.Mdns;

/// <summary>Announcing (RFC 6762 §8.3) the record set of RFC 6763 with RFC 6762 §10's TTLs and cache-flush bits.</summary>
public class AnnouncingTests
{
    [Fact]
    public void Announce_AfterProbing_TwoResponsesOneSecondApartThenSilence()
    {
        var h = new ResponderHarness();
        var handle = h.Responder.Publish(TimeSpan.Zero, Printer);
        h.Advance(TimeSpan.FromMinutes(5));

        var announcements = h.Responses.ToList();
        Assert.Equal(2, announcements.Count);
        Assert.Equal(TimeSpan.FromSeconds(1), announcements[1].At - announcements[0].At);
        Assert.All(announcements, a => Assert.Equal(Group, a.To));
        Assert.Equal(announcements[0].Message, announcements[1].Message);
        Assert.Equal(ServiceState.Announced, h.Responder.GetState(handle));
        Assert.Null(h.Responder.NextDeadline);
    }

    [Fact]
    public void Announce_Records_FullDnsSdSetWithTtlsAndCacheFlushOnUniqueOnly()
    {
        var h = new ResponderHarness();
        h.Responder.Publish(TimeSpan.Zero, Printer);
        h.Advance(TimeSpan.FromSeconds(3));
        var announcement = h.Responses.First().Message;

        Assert.True(announcement.Authoritative);
        Assert.Equal(0, announcement.Id);
        Assert.Empty(announcement.Questions);
        var answers = announcement.Answers;
        Assert.Equal(6, answers.Count);

        var ptr = answers.Single(r => r.Name == TypeName);
        Assert.Equal(new PtrData(InstanceName), ptr.Data);
        var services = answers.Single(r => r.Name == DnsName.Parse("_services._dns-sd._udp.local"));
        Assert.Equal(new PtrData(TypeName), services.Data);
        Assert.Equal(new SrvData(0, 0, 631, HostName), answers.Single(r => r.Type == DnsRecordType.Srv).Data);
        Assert.Equal(Printer.Txt, answers.Single(r => r.Type == DnsRecordType.Txt).Data);
        Assert.Single(answers, r => r.Type == DnsRecordType.A && r.Name == HostName);
        Assert.Single(answers, r => r.Type == DnsRecordType.Aaaa && r.Name == HostName);

        foreach (var r in answers)
        {
            Assert.Equal(r.Type != DnsRecordType.Ptr, r.CacheFlush);
            var ttl = r.Type is DnsRecordType.Srv or DnsRecordType.A or DnsRecordType.Aaaa ? 120u : 4500u;
            Assert.Equal(ttl, r.Ttl);
        }
    }
}
