using System.Net;
using Peerlink.Zeroconf.Dns;
using Peerlink.Zeroconf.Mdns;
using static Peerlink.Zeroconf.Tests.Mdns.ResponderHarness;

namespace Peerlink.Zeroconf.Tests.Mdns;

/// <summary>Goodbyes on withdraw and stop (RFC 6762 §10.1).</summary>
public class GoodbyeTests
{
    [Fact]
    public void Withdraw_Announced_MulticastsEveryRecordWithTtlZero()
    {
        var h = new ResponderHarness();
        var handle = h.PublishAndAnnounce(TimeSpan.FromSeconds(5));
        h.Responder.Withdraw(h.Now, handle);

        var (_, to, goodbye) = Assert.Single(h.Sent);
        Assert.Equal(Group, to);
        Assert.Equal(6, goodbye.Answers.Count);
        Assert.All(goodbye.Answers, r => Assert.Equal(0u, r.Ttl));
        Assert.Equal(ServiceState.Withdrawn, h.Responder.GetState(handle));
    }

    [Fact]
    public void Withdraw_WhileProbing_SendsNothingAndStopsProbing()
    {
        var h = new ResponderHarness();
        var handle = h.PublishToFirstProbe();
        h.Sent.Clear();
        h.Responder.Withdraw(h.Now, handle);
        h.Advance(TimeSpan.FromSeconds(5));

        Assert.Empty(h.Sent);
        Assert.Null(h.Responder.NextDeadline);
    }

    [Fact]
    public void Withdraw_Afterward_QueriesGoUnanswered()
    {
        var h = new ResponderHarness();
        var handle = h.PublishAndAnnounce(TimeSpan.FromSeconds(5));
        h.Responder.Withdraw(h.Now, handle);
        h.Sent.Clear();
        h.Advance(TimeSpan.FromSeconds(2));
        h.Receive(Peer, DnsMessage.Query(new DnsQuestion(TypeName, DnsRecordType.Ptr)));
        h.Advance(TimeSpan.FromSeconds(1));

        Assert.Empty(h.Sent);
    }

    [Fact]
    public void Withdraw_OneOfTwoOnSameHost_KeepsRecordsTheOtherStillOwns()
    {
        var h = new ResponderHarness();
        var first = h.Responder.Publish(TimeSpan.Zero, Printer);
        h.Responder.Publish(TimeSpan.Zero, Printer with { InstanceName = "Second Printer", Port = 632 });
        h.Advance(TimeSpan.FromSeconds(5));
        h.Sent.Clear();
        h.Responder.Withdraw(h.Now, first);

        var goodbye = Assert.Single(h.Sent).Message;
        Assert.Equal([DnsRecordType.Ptr, DnsRecordType.Txt, DnsRecordType.Srv], goodbye.Answers.Select(r => r.Type).Order());
        Assert.DoesNotContain(goodbye.Answers, r => r.Name == DnsName.Parse("_services._dns-sd._udp.local"));
    }

    [Fact]
    public void Stop_TwoServices_OneGoodbyeWithSharedRecordsOnce()
    {
        var h = new ResponderHarness();
        h.Responder.Publish(TimeSpan.Zero, Printer);
        h.Responder.Publish(TimeSpan.Zero, Printer with { InstanceName = "Second Printer", Addresses = [IPAddress.Parse("192.168.1.20")] });
        h.Advance(TimeSpan.FromSeconds(5));
        h.Sent.Clear();
        h.Responder.Stop(h.Now);

        var goodbye = Assert.Single(h.Sent).Message;
        Assert.All(goodbye.Answers, r => Assert.Equal(0u, r.Ttl));
        Assert.Equal(goodbye.Answers.Count, goodbye.Answers.Select(r => r with { Ttl = 1 }).Distinct().Count());

        // The first's 6 records, and the second's PTR, SRV and TXT: the type PTR and the A record are shared.
        Assert.Equal(9, goodbye.Answers.Count);
    }
}
