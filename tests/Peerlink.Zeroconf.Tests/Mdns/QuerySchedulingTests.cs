using Peerlink.Zeroconf.Dns;
using Peerlink.Zeroconf.Mdns;
using static Peerlink.Zeroconf.Tests.Mdns.QuerierHarness;

namespace Peerlink.Zeroconf.Tests.Mdns;

/// <summary>Continuous querying (RFC 6762 §5.2) and known answers (§7.1).</summary>
public class QuerySchedulingTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Ask_FirstQuery_GoesAfter20To120Milliseconds(int seed)
    {
        var h = new QuerierHarness(seed);
        h.Querier.Ask(h.Now, PtrQuestion);
        h.Advance(TimeSpan.FromMilliseconds(500));

        var (at, to, query) = Assert.Single(h.Sent);
        Assert.InRange(at, TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(120));
        Assert.Equal(MdnsAddresses.IPv4Group, to);
        Assert.False(query.IsResponse);
        Assert.Equal(PtrQuestion, Assert.Single(query.Questions));
    }

    [Fact]
    public void Ask_Continuously_IntervalsDoubleFromOneSecondToAnHour()
    {
        var h = new QuerierHarness();
        h.Querier.Ask(h.Now, PtrQuestion);
        h.Advance(TimeSpan.FromHours(10));

        var times = h.TimesAsked(PtrQuestion);
        var intervals = times.Zip(times.Skip(1), (a, b) => (b - a).TotalSeconds).ToList();
        var expected = Enumerable.Range(0, intervals.Count).Select(i => Math.Min(Math.Pow(2, i), 3600)).ToList();
        Assert.Equal(expected, intervals);
        Assert.Equal(3600, intervals[^1]);
    }

    [Fact]
    public void Cancel_Asked_NoMoreQueries()
    {
        var h = new QuerierHarness();
        h.Querier.Ask(h.Now, PtrQuestion);
        h.Advance(TimeSpan.FromSeconds(2));
        h.Sent.Clear();
        h.Querier.Cancel(PtrQuestion);
        h.Advance(TimeSpan.FromHours(2));

        Assert.Empty(h.Sent);
        Assert.False(h.Querier.IsAsking(PtrQuestion));
    }

    [Fact]
    public void Query_CachedAnswerOverHalfTtl_IsKnownAnswerWithRemainingTtl()
    {
        var h = new QuerierHarness();
        h.Querier.Ask(h.Now, PtrQuestion);
        h.ReceiveResponse(Ptr(ttl: 100));
        h.Advance(TimeSpan.FromSeconds(40));

        // Queries went at about 0.1, 1.1, 3.1, 7.1, 15.1 and 31.1 s; the last had 68 s of 100 left.
        var last = h.Sent[^1];
        Assert.InRange(last.At.TotalSeconds, 31, 32);
        var known = Assert.Single(last.Message.Answers);
        Assert.Equal(new PtrData(InstanceName), known.Data);
        Assert.Equal((uint)(100 - last.At.TotalSeconds), known.Ttl);
    }

    [Fact]
    public void Query_CachedAnswerUnderHalfTtl_IsLeftOut()
    {
        var h = new QuerierHarness();
        h.Querier.Ask(h.Now, PtrQuestion);
        h.ReceiveResponse(Ptr(ttl: 100));
        h.Advance(TimeSpan.FromSeconds(70));

        // The query at about 63.1 s: 36.9 s of 100 left, under half (§7.1).
        var last = h.Sent[^1];
        Assert.InRange(last.At.TotalSeconds, 63, 64);
        Assert.Empty(last.Message.Answers);
    }

    [Fact]
    public void Refresh_RecordAsked_QueriedAt80To95PercentOfTtl()
    {
        var h = new QuerierHarness();
        h.Querier.Ask(h.Now, PtrQuestion);
        h.ReceiveResponse(Ptr(ttl: 1000));
        h.Advance(TimeSpan.FromSeconds(999));

        // Continuous queries fall at about 511 s and 1023 s; the four in between are the refreshes.
        var refreshes = h.TimesAsked(PtrQuestion).Where(t => t.TotalSeconds is > 600 and < 1000).ToList();
        Assert.Equal(4, refreshes.Count);
        for (var i = 0; i < 4; i++)
        {
            Assert.InRange(refreshes[i].TotalSeconds, 800 + (50 * i), 820 + (50 * i));
        }
    }

    [Fact]
    public void Refresh_AnsweredAt80Percent_NoMoreRefreshesUntilTheNewTtlRunsDown()
    {
        var h = new QuerierHarness();
        h.Querier.Ask(h.Now, PtrQuestion);
        h.ReceiveResponse(Ptr(ttl: 1000));
        h.Advance(TimeSpan.FromSeconds(830));
        h.ReceiveResponse(Ptr(ttl: 1000));
        h.Advance(TimeSpan.FromSeconds(900));

        // The continuous queries fall at about 1023 s; the refreshes of the new copy start at 1630 s.
        var refreshes = h.TimesAsked(PtrQuestion).Where(t => t.TotalSeconds > 600).ToList();
        Assert.Single(refreshes, t => t.TotalSeconds is >= 800 and <= 820);
        Assert.DoesNotContain(refreshes, t => t.TotalSeconds is > 830 and < 1000);
        Assert.Single(refreshes, t => t.TotalSeconds is >= 1630 and <= 1650);
    }

    [Fact]
    public void Refresh_RecordNobodyAsks_NoQuery()
    {
        var h = new QuerierHarness();
        h.ReceiveResponse(Ptr(ttl: 100));
        h.Advance(TimeSpan.FromSeconds(200));

        Assert.Empty(h.Sent);
        Assert.Equal(0, h.Querier.Cache.Count);
    }

    [Fact]
    public void Ask_OnlyWhenMissingAndCached_SendsNothing()
    {
        var srv = new DnsQuestion(InstanceName, DnsRecordType.Srv);
        var h = new QuerierHarness();
        h.ReceiveResponse(Srv(ttl: 4500));
        h.Querier.Ask(h.Now, srv, onlyWhenMissing: true);
        h.Advance(TimeSpan.FromSeconds(60));

        Assert.Empty(h.Sent);
    }
}
