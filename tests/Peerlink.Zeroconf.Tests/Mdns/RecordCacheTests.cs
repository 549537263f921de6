using Peerlink.Zeroconf.Dns;
using Peerlink.Zeroconf.Mdns;
using static Peerlink.Zeroconf.Tests.Mdns.QuerierHarness;

namespace Peerlink.Zeroconf.Tests.Mdns;

/// <summary>The querier's cache: expiry, cache flush (RFC 6762 §10.2), goodbyes (§10.1), passive observation.</summary>
public class RecordCacheTests
{
    private static IEnumerable<string> Addresses(QuerierHarness h) =>
        h.Querier.Cache.Find(h.Now, HostName, DnsRecordType.A).Select(r => ((AddressData)r.Record.Data).Address.ToString()).Order();

    [Fact]
    public void Receive_ResponseNobodyAskedFor_IsCachedUntilTtl()
    {
        var h = new QuerierHarness();
        var changes = new List<RecordChange>();
        h.Querier.RecordChanged += (_, c) => changes.Add(c);
        h.ReceiveResponse(A(ttl: 120));

        h.Advance(TimeSpan.FromSeconds(119.9));
        Assert.Single(Addresses(h));
        h.Advance(TimeSpan.FromSeconds(0.1));
        Assert.Empty(Addresses(h));
        Assert.Equal([new RecordChange(A(ttl: 120) with { CacheFlush = false }, true), new RecordChange(A(ttl: 120) with { CacheFlush = false }, false)], changes);
    }

    [Fact]
    public void CacheFlush_OlderThanOneSecond_OthersExpireOneSecondLater()
    {
        var h = new QuerierHarness();
        h.ReceiveResponse(A("192.168.1.20") with { CacheFlush = false });
        h.Advance(TimeSpan.FromSeconds(5));
        h.ReceiveResponse(A("192.168.1.21"));

        h.Advance(TimeSpan.FromSeconds(0.9));
        Assert.Equal(["192.168.1.20", "192.168.1.21"], Addresses(h));
        h.Advance(TimeSpan.FromSeconds(0.1));
        Assert.Equal(["192.168.1.21"], Addresses(h));
    }

    [Fact]
    public void CacheFlush_OtherTypeOfSameName_Untouched()
    {
        var h = new QuerierHarness();
        var aaaa = new DnsRecord(HostName, 120, new AddressData(System.Net.IPAddress.Parse("fe80::20")));
        h.ReceiveResponse(aaaa);
        h.Advance(TimeSpan.FromSeconds(5));
        h.ReceiveResponse(A());
        h.Advance(TimeSpan.FromSeconds(5));

        Assert.Single(h.Querier.Cache.Find(h.Now, HostName, DnsRecordType.Aaaa));
        Assert.Single(Addresses(h));
    }

    [Fact]
    public void CacheFlush_WithinOneSecond_SiblingsStay()
    {
        var h = new QuerierHarness();
        h.ReceiveResponse(A("192.168.1.20"), A("192.168.1.21"));
        h.Advance(TimeSpan.FromSeconds(0.5));
        h.ReceiveResponse(A("192.168.1.22"));
        h.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(["192.168.1.20", "192.168.1.21", "192.168.1.22"], Addresses(h));
    }

    [Fact]
    public void CacheFlush_SameRecordAgain_RefreshesIt()
    {
        var h = new QuerierHarness();
        h.ReceiveResponse(A(ttl: 120));
        h.Advance(TimeSpan.FromSeconds(100));
        h.ReceiveResponse(A(ttl: 120));
        h.Advance(TimeSpan.FromSeconds(100));

        Assert.Single(Addresses(h));
    }

    [Fact]
    public void Goodbye_CachedRecord_RemovedOneSecondLater()
    {
        var h = new QuerierHarness();
        var removedAt = new List<TimeSpan>();
        h.Querier.RecordChanged += (now, c) =>
        {
            if (!c.Added)
            {
                removedAt.Add(now);
            }
        };
        h.ReceiveResponse(Ptr());
        h.Advance(TimeSpan.FromSeconds(10));
        h.ReceiveResponse(Ptr(ttl: 0));

        h.Advance(TimeSpan.FromSeconds(0.9));
        Assert.Single(h.Querier.Cache.Find(h.Now, TypeName, DnsRecordType.Ptr));
        h.Advance(TimeSpan.FromSeconds(0.1));
        Assert.Empty(h.Querier.Cache.Find(h.Now, TypeName, DnsRecordType.Ptr));
        Assert.Equal([TimeSpan.FromSeconds(11)], removedAt);
    }

    [Fact]
    public void Goodbye_UnknownRecord_CachesNothing()
    {
        var h = new QuerierHarness();
        h.ReceiveResponse(Ptr(ttl: 0));

        Assert.Equal(0, h.Querier.Cache.Count);
        Assert.Null(h.Querier.NextDeadline);
    }
}
