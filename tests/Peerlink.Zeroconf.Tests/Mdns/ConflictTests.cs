using Peerlink.Zeroconf.Dns;
using Peerlink.Zeroconf.Mdns;
using static Peerlink.Zeroconf.Tests.Mdns.ResponderHarness;

namespace Peerlink.Zeroconf.Tests.Mdns;

/// <summary>Conflicts after announcing (RFC 6762 §9) and what is not one.</summary>
public class ConflictTests
{
    private static readonly TimeSpan Settle = TimeSpan.FromMinutes(1);

    [Fact]
    public void Receive_ConflictingSrvAfterAnnounce_ProbesAgainThenRenamesOnDefence()
    {
        var h = new ResponderHarness();
        var handle = h.PublishAndAnnounce(Settle);
        h.Receive(Peer, DnsMessage.Response(ForeignSrv()));

        Assert.Equal(ServiceState.Probing, h.Responder.GetState(handle));
        Assert.Equal(1, h.Responder.Counters.Conflicts);
        h.RunUntil(h.Responder.NextDeadline!.Value);
        var probe = Assert.Single(h.Sent).Message;
        Assert.Equal(InstanceName, probe.Questions[0].Name);

        // The other host defends its name: ours becomes "My Printer (2)".
        h.Receive(Peer, DnsMessage.Response(ForeignSrv()));
        Assert.Equal(TypeName.Prepend("My Printer (2)"), h.Responder.GetInstanceName(handle));
        h.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(ServiceState.Announced, h.Responder.GetState(handle));
    }

    [Fact]
    public void Receive_ProbeForOurNameJustAfterMulticast_DefendedAtOnceByMulticast()
    {
        var h = new ResponderHarness();
        h.PublishAndAnnounce(TimeSpan.FromMinutes(1));

        // The SRV and TXT go out now; the probe comes within the second in which they may not be repeated (§6).
        h.Receive(Peer, DnsMessage.Query(new DnsQuestion(InstanceName, DnsRecordType.Any)));
        h.Sent.Clear();
        var probe = new DnsMessage
        {
            Questions = [new DnsQuestion(InstanceName, DnsRecordType.Any) { UnicastResponse = true }],
            Authorities = [ForeignSrv() with { CacheFlush = false }],
        };
        h.Receive(Peer, probe);

        var (at, to, defence) = Assert.Single(h.Sent);
        Assert.Equal(h.Now, at);
        Assert.Equal(Group, to);
        Assert.Equal([DnsRecordType.Txt, DnsRecordType.Srv], defence.Answers.Select(r => r.Type).Order());
    }

    [Fact]
    public void Receive_OwnAnnouncementLoopedBack_NoConflict()
    {
        var h = new ResponderHarness();
        var handle = h.Responder.Publish(TimeSpan.Zero, Printer);
        h.Advance(TimeSpan.FromSeconds(3));
        h.Receive(Group, h.Responses.First().Message);

        Assert.Equal(ServiceState.Announced, h.Responder.GetState(handle));
        Assert.Equal(0, h.Responder.Counters.Conflicts);
    }

    [Fact]
    public void Receive_SharedPtrFromAnotherHostAfterAnnounce_NoConflict()
    {
        var h = new ResponderHarness();
        var handle = h.PublishAndAnnounce(Settle);
        h.Receive(Peer, DnsMessage.Response(new DnsRecord(TypeName, 4500, new PtrData(TypeName.Prepend("Other")))));

        Assert.Equal(ServiceState.Announced, h.Responder.GetState(handle));
    }

    [Fact]
    public void Receive_ConflictFromPortOtherThan5353_IgnoredAndCounted()
    {
        var h = new ResponderHarness();
        var handle = h.PublishAndAnnounce(Settle);
        h.Receive(LegacyPeer, DnsMessage.Response(ForeignSrv()));

        Assert.Equal(ServiceState.Announced, h.Responder.GetState(handle));
        Assert.Equal(1, h.Responder.Counters.Ignored);
    }
}
