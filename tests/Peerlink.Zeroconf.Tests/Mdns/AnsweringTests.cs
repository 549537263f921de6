using Peerlink.Zeroconf.Dns;
using static Peerlink.Zeroconf.Tests.Mdns.ResponderHarness;

namespace Peerlink.Zeroconf.Tests.Mdns;

/// <summary>Answering queries: RFC 6762 §5.4, §6, §6.7, §7.1 and RFC 6763 §12's additional records.</summary>
public class AnsweringTests
{
    private static readonly TimeSpan Settle = TimeSpan.FromMinutes(1);

    [Fact]
    public void Query_PtrQuestion_AnsweredAfter20To120msWithSrvTxtAndAddressesAsAdditionals()
    {
        var delays = new HashSet<TimeSpan>();
        for (var seed = 0; seed < 30; seed++)
        {
            var h = new ResponderHarness(seed);
            h.PublishAndAnnounce(Settle);
            var asked = h.Now;
            h.Receive(Peer, DnsMessage.Query(new DnsQuestion(TypeName, DnsRecordType.Ptr)));
            Assert.Empty(h.Sent);

            h.Advance(TimeSpan.FromSeconds(1));
            var (at, to, response) = Assert.Single(h.Sent);
            Assert.InRange(at - asked, TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(120));
            delays.Add(at - asked);
            Assert.Equal(Group, to);
            var answer = Assert.Single(response.Answers);
            Assert.Equal(new PtrData(InstanceName), answer.Data);
            Assert.False(answer.CacheFlush);
            Assert.Equal(
                [DnsRecordType.A, DnsRecordType.Txt, DnsRecordType.Aaaa, DnsRecordType.Srv],
                response.Additionals.Select(r => r.Type).Order());
            Assert.All(response.Additionals, r => Assert.True(r.CacheFlush));
        }

        Assert.True(delays.Count > 5);
    }

    [Fact]
    public void Query_SrvQuestion_AnsweredAtOnceWithAddresses()
    {
        var h = new ResponderHarness();
        h.PublishAndAnnounce(Settle);
        h.Receive(Peer, DnsMessage.Query(new DnsQuestion(InstanceName, DnsRecordType.Srv)));

        var (at, to, response) = Assert.Single(h.Sent);
        Assert.Equal(h.Now, at);
        Assert.Equal(Group, to);
        Assert.Equal(DnsRecordType.Srv, Assert.Single(response.Answers).Type);
        Assert.Equal([DnsRecordType.A, DnsRecordType.Aaaa], response.Additionals.Select(r => r.Type).Order());
    }

    [Fact]
    public void Query_ServiceTypeEnumeration_AnswersTypePtr()
    {
        var h = new ResponderHarness();
        h.PublishAndAnnounce(Settle);
        h.Receive(Peer, DnsMessage.Query(new DnsQuestion(DnsName.Parse("_services._dns-sd._udp.local"), DnsRecordType.Ptr)));
        h.Advance(TimeSpan.FromSeconds(1));

        var response = Assert.Single(h.Sent).Message;
        Assert.Equal(new PtrData(TypeName), Assert.Single(response.Answers).Data);
        Assert.Empty(response.Additionals);
    }

    [Fact]
    public void Query_Subtype_AnswersInstancePtrUnderTheSubtypeName()
    {
        // RFC 6763 §7.1: "_color._sub._ipp._tcp.local PTR My Printer._ipp._tcp.local", shared.
        var h = new ResponderHarness();
        h.Responder.Publish(h.Now, Printer with { Subtypes = ["_color", "_duplex"] });
        h.Advance(TimeSpan.FromSeconds(3));
        Assert.Contains(h.Responses.SelectMany(r => r.Message.Answers), r => r.Name == DnsName.Parse("_duplex._sub._ipp._tcp.local"));
        h.Advance(Settle);
        h.Sent.Clear();

        var subtype = DnsName.Parse("_color._sub._ipp._tcp.local");
        h.Receive(Peer, DnsMessage.Query(new DnsQuestion(subtype, DnsRecordType.Ptr)));
        h.Advance(TimeSpan.FromSeconds(1));

        var answer = Assert.Single(Assert.Single(h.Sent).Message.Answers);
        Assert.Equal(subtype, answer.Name);
        Assert.Equal(new PtrData(InstanceName), answer.Data);
        Assert.False(answer.CacheFlush);

        h.Sent.Clear();
        h.Receive(Peer, DnsMessage.Query(new DnsQuestion(DnsName.Parse("_mono._sub._ipp._tcp.local"), DnsRecordType.Ptr)));
        h.Advance(TimeSpan.FromSeconds(1));
        Assert.Empty(h.Sent);
    }

    [Theory]
    [InlineData(2250u, true)]
    [InlineData(4500u, true)]
    [InlineData(2249u, false)]
    public void Query_KnownAnswer_SuppressedWhenAtLeastHalfOurTtl(uint knownTtl, bool suppressed)
    {
        // Our PTR's TTL is 4500 s: a known answer with 2250 s or more left is not repeated (§7.1).
        var h = new ResponderHarness();
        h.PublishAndAnnounce(Settle);
        var known = new DnsRecord(TypeName, knownTtl, new PtrData(InstanceName));
        h.Receive(Peer, DnsMessage.Query(new DnsQuestion(TypeName, DnsRecordType.Ptr)) with { Answers = [known] });
        h.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(suppressed ? 0 : 1, h.Sent.Count);
        Assert.Equal(suppressed ? 1 : 0, h.Responder.Counters.KnownAnswersSuppressed);
    }

    [Fact]
    public void Query_KnownAdditional_LeftOutOfAdditionals()
    {
        var h = new ResponderHarness();
        h.PublishAndAnnounce(Settle);
        var knownTxt = new DnsRecord(InstanceName, 4500, Printer.Txt);
        h.Receive(Peer, DnsMessage.Query(new DnsQuestion(TypeName, DnsRecordType.Ptr)) with { Answers = [knownTxt] });
        h.Advance(TimeSpan.FromSeconds(1));

        Assert.DoesNotContain(Assert.Single(h.Sent).Message.Additionals, r => r.Type == DnsRecordType.Txt);
    }

    [Fact]
    public void Query_QuQuestionForRecentlyMulticastRecord_UnicastToQuerier()
    {
        var h = new ResponderHarness();
        h.PublishAndAnnounce(TimeSpan.FromSeconds(2));
        h.Receive(Peer, DnsMessage.Query(new DnsQuestion(InstanceName, DnsRecordType.Srv) { UnicastResponse = true }));

        var (_, to, response) = Assert.Single(h.Sent);
        Assert.Equal(Peer, to);
        Assert.Equal(DnsRecordType.Srv, Assert.Single(response.Answers).Type);
    }

    [Fact]
    public void Query_QuQuestionForRecordNotMulticastInQuarterTtl_Multicast()
    {
        var h = new ResponderHarness();

        // SRV's TTL is 120 s: a quarter is 30 s.
        h.PublishAndAnnounce(TimeSpan.FromSeconds(31));
        h.Receive(Peer, DnsMessage.Query(new DnsQuestion(InstanceName, DnsRecordType.Srv) { UnicastResponse = true }));

        Assert.Equal(Group, Assert.Single(h.Sent).To);
    }

    [Fact]
    public void Query_LegacyUnicast_ReplyToSourceEchoesIdAndQuestionNoCacheFlushTtlAtMost10()
    {
        var h = new ResponderHarness();
        h.PublishAndAnnounce(Settle);
        var question = new DnsQuestion(TypeName, DnsRecordType.Ptr);
        h.Receive(LegacyPeer, DnsMessage.Query(question) with { Id = 0x1234 });

        var (at, to, response) = Assert.Single(h.Sent);
        Assert.Equal(h.Now, at);
        Assert.Equal(LegacyPeer, to);
        Assert.Equal(0x1234, response.Id);
        Assert.Equal(question, Assert.Single(response.Questions));
        Assert.Equal(DnsRecordType.Ptr, Assert.Single(response.Answers).Type);
        Assert.NotEmpty(response.Additionals);
        Assert.All(response.Answers.Concat(response.Additionals), r =>
        {
            Assert.False(r.CacheFlush);
            Assert.InRange(r.Ttl, 1u, 10u);
        });
    }

    [Fact]
    public void Query_RecordMulticastLessThanOneSecondAgo_DroppedWithinHalfASecondElseDeferredToTheSecond()
    {
        // §6: at most one multicast of a record a second. An asker within half a second of it heard it;
        // one at 900 ms may have started listening since, so it is answered when the second is up.
        var h = new ResponderHarness();
        h.PublishAndAnnounce(Settle);
        var query = DnsMessage.Query(new DnsQuestion(InstanceName, DnsRecordType.Srv));
        var first = h.Now;
        h.Receive(Peer, query);
        h.Advance(TimeSpan.FromMilliseconds(300));
        h.Receive(Peer, query);
        h.Advance(TimeSpan.FromMilliseconds(600));
        h.Receive(Peer, query);
        h.Advance(TimeSpan.FromMilliseconds(100));
        h.Receive(Peer, query);
        h.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal([first, first + TimeSpan.FromSeconds(1)], h.Sent.Select(s => s.At));
    }

    [Theory]
    [InlineData(4500u, true)]
    [InlineData(4000u, false)]
    public void Query_AnotherHostMulticastsOurPendingAnswerFirst_OursNotSent(uint theirTtl, bool suppressed)
    {
        // §7.4: a shared PTR answer waits 20-120 ms; if another responder sends it with at least our TTL meanwhile, ours is redundant.
        var h = new ResponderHarness();
        h.PublishAndAnnounce(Settle);
        h.Receive(Peer, DnsMessage.Query(new DnsQuestion(TypeName, DnsRecordType.Ptr)));
        Assert.Empty(h.Sent);
        h.Receive(Peer, DnsMessage.Response(new DnsRecord(TypeName, theirTtl, new PtrData(InstanceName))));
        h.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(suppressed ? 0 : 1, h.Sent.Count);
        Assert.Equal(suppressed ? 1 : 0, h.Responder.Counters.DuplicateAnswersSuppressed);
    }

    [Fact]
    public void Query_TruncatedWithMoreKnownAnswersToCome_AnsweredAfter400To500ms()
    {
        var h = new ResponderHarness();
        h.PublishAndAnnounce(Settle);
        var asked = h.Now;
        h.Receive(Peer, DnsMessage.Query(new DnsQuestion(InstanceName, DnsRecordType.Srv)) with { Truncated = true });
        Assert.Empty(h.Sent);
        h.Advance(TimeSpan.FromSeconds(1));

        Assert.InRange(Assert.Single(h.Sent).At - asked, TimeSpan.FromMilliseconds(400), TimeSpan.FromMilliseconds(500));
    }

    [Fact]
    public void Query_WhileProbing_NotAnswered()
    {
        var h = new ResponderHarness();
        h.PublishToFirstProbe();
        h.Sent.Clear();
        h.Receive(Peer, DnsMessage.Query(new DnsQuestion(InstanceName, DnsRecordType.Srv)));

        Assert.Empty(h.Sent);
    }

    [Fact]
    public void Query_AnyTypeForHostName_AnswersBothAddresses()
    {
        var h = new ResponderHarness();
        h.PublishAndAnnounce(Settle);
        h.Receive(Peer, DnsMessage.Query(new DnsQuestion(HostName, DnsRecordType.Any)));

        Assert.Equal([DnsRecordType.A, DnsRecordType.Aaaa], Assert.Single(h.Sent).Message.Answers.Select(r => r.Type).Order());
    }
}
