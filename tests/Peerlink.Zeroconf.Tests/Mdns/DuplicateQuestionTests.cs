using Peerlink.Zeroconf.Dns;
using static Peerlink.Zeroconf.Tests.Mdns.QuerierHarness;

namespace Peerlink.Zeroconf.Tests.Mdns;

/// <summary>Duplicate question suppression (RFC 6762 §7.3).</summary>
public class DuplicateQuestionTests
{
    [Fact]
    public void OtherHostAsksSameWithNoKnownAnswers_OurQuerySkippedThisRound()
    {
        var h = new QuerierHarness();
        h.Querier.Ask(h.Now, PtrQuestion);
        h.Advance(TimeSpan.FromMilliseconds(10));
        h.Receive(OtherQuerier, DnsMessage.Query(PtrQuestion));
        h.Advance(TimeSpan.FromMilliseconds(500));

        Assert.Empty(h.Sent);
        Assert.Equal(1, h.Querier.Counters.DuplicateQuestionsSuppressed);
        h.Advance(TimeSpan.FromSeconds(1));
        Assert.Single(h.Sent);
    }

    [Fact]
    public void OtherHostAsksSameWithOurKnownAnswers_OurQuerySkipped()
    {
        var h = new QuerierHarness();
        h.ReceiveResponse(Ptr());
        h.Querier.Ask(h.Now, PtrQuestion);
        h.Receive(OtherQuerier, DnsMessage.Query(PtrQuestion) with { Answers = [Ptr(ttl: 4000)] });
        h.Advance(TimeSpan.FromMilliseconds(500));

        Assert.Empty(h.Sent);
    }

    [Fact]
    public void OtherHostLacksOurKnownAnswer_OurQueryStillSent()
    {
        var h = new QuerierHarness();
        h.ReceiveResponse(Ptr());
        h.Querier.Ask(h.Now, PtrQuestion);
        h.Receive(OtherQuerier, DnsMessage.Query(PtrQuestion));
        h.Advance(TimeSpan.FromMilliseconds(500));

        Assert.Single(h.Sent);
        Assert.Equal(0, h.Querier.Counters.DuplicateQuestionsSuppressed);
    }

    [Fact]
    public void OtherHostAsksUnicast_OurQueryStillSent()
    {
        var h = new QuerierHarness();
        h.Querier.Ask(h.Now, PtrQuestion);
        h.Receive(OtherQuerier, DnsMessage.Query(PtrQuestion with { UnicastResponse = true }));
        h.Advance(TimeSpan.FromMilliseconds(500));

        Assert.Single(h.Sent);
    }

    [Fact]
    public void OtherHostAsksLongBeforeOursIsDue_OurQueryStillSent()
    {
        var h = new QuerierHarness();
        h.Querier.Ask(h.Now, PtrQuestion);
        h.Advance(TimeSpan.FromSeconds(40));
        h.Sent.Clear();

        // Ours is next due near 63 s; a question at 40 s is not a duplicate of it.
        h.Receive(OtherQuerier, DnsMessage.Query(PtrQuestion));
        h.Advance(TimeSpan.FromSeconds(30));

        Assert.Single(h.Sent);
    }

    [Fact]
    public void OwnQueryHeardBackThroughLoopback_NotTakenForAnotherHosts_NextQueryOneSecondLater()
    {
        // With IP_MULTICAST_LOOP on, our own query comes back to us, from our own address and port 5353.
        var h = new QuerierHarness();
        h.Querier.Ask(h.Now, PtrQuestion);
        h.Advance(TimeSpan.FromMilliseconds(200));
        var (first, _, sent) = Assert.Single(h.Sent);
        h.Receive(OtherQuerier, sent);
        h.Advance(TimeSpan.FromSeconds(1.5));

        Assert.Equal(1, h.Querier.Counters.OwnQueriesHeard);
        Assert.Equal(0, h.Querier.Counters.DuplicateQuestionsSuppressed);
        Assert.Equal([first, first + TimeSpan.FromSeconds(1)], h.TimesAsked(PtrQuestion));
    }
}
