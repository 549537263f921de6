using System.Net;
using Peerlink.Zeroconf.Dns;
using Peerlink.Zeroconf.Mdns;
using static Peerlink.Zeroconf.Tests.Mdns.QuerierHarness;

namespace Peerlink.Zeroconf.Tests.Mdns;

/// <summary>Browsing and resolving DNS-SD instances (RFC 6763 §4-§6, §12) and enumerating service types (§9).</summary>
public class ServiceBrowserTests
{
    private static readonly DnsQuestion SrvQuestion = new(InstanceName, DnsRecordType.Srv);
    private static readonly DnsQuestion TxtQuestion = new(InstanceName, DnsRecordType.Txt);
    private static readonly DnsQuestion AQuestion = new(HostName, DnsRecordType.A);

    private static (QuerierHarness H, ServiceBrowser Browser) Start()
    {
        var h = new QuerierHarness();
        var browser = new ServiceBrowser(h.Querier, TypeName);
        browser.Start(h.Now);
        return (h, browser);
    }

    [Fact]
    public void Start_AsksForThePtrs()
    {
        var (h, _) = Start();
        h.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(PtrQuestion, Assert.Single(Assert.Single(h.Sent).Message.Questions));
    }

    [Fact]
    public void PtrWithAdditionals_AddedThenResolved_NoFurtherQueries()
    {
        var (h, browser) = Start();
        h.Receive(Responder, DnsMessage.Response(Ptr()) with { Additionals = [Srv(), Txt(), A()] });
        h.Advance(TimeSpan.FromSeconds(30));

        var changes = browser.DrainChanges();
        Assert.Equal(BrowseChangeKind.Added, changes[0].Kind);
        Assert.Equal(BrowseChangeKind.Updated, changes[^1].Kind);
        var service = Assert.Single(browser.Services);
        Assert.True(service.IsResolved);
        Assert.Equal(HostName, service.HostName);
        Assert.Equal(631, service.Port);
        Assert.True(service.Txt!.TryGetValue("rp", out var rp));
        Assert.Equal("queue", System.Text.Encoding.UTF8.GetString(rp!.Value.Span));
        Assert.Equal([IPAddress.Parse("192.168.1.20")], service.Addresses);
        Assert.Empty(h.TimesAsked(SrvQuestion));
        Assert.Empty(h.TimesAsked(TxtQuestion));
        Assert.Empty(h.TimesAsked(AQuestion));
    }

    [Fact]
    public void PtrAlone_AsksSrvAndTxt_ThenAddresses_ThenResolved()
    {
        var (h, browser) = Start();
        h.ReceiveResponse(Ptr());
        h.Advance(TimeSpan.FromSeconds(0.2));
        Assert.NotEmpty(h.TimesAsked(SrvQuestion));
        Assert.NotEmpty(h.TimesAsked(TxtQuestion));
        Assert.Empty(h.TimesAsked(AQuestion));

        h.ReceiveResponse(Srv(), Txt());
        h.Advance(TimeSpan.FromSeconds(0.2));
        Assert.NotEmpty(h.TimesAsked(AQuestion));
        Assert.False(Assert.Single(browser.Services).IsResolved);

        h.ReceiveResponse(A());
        var sent = h.Sent.Count;
        h.Advance(TimeSpan.FromSeconds(2));
        Assert.True(Assert.Single(browser.Services).IsResolved);
        Assert.DoesNotContain(h.Sent.Skip(sent), s => s.Message.Questions.Any(q => q.Type != DnsRecordType.Ptr && q.Type != DnsRecordType.Aaaa));
    }

    [Fact]
    public void SrvChanges_UpdatedWithNewPort()
    {
        var (h, browser) = Start();
        h.Receive(Responder, DnsMessage.Response(Ptr()) with { Additionals = [Srv(), Txt(), A()] });
        h.Advance(TimeSpan.FromSeconds(5));
        browser.DrainChanges();
        h.ReceiveResponse(Srv(port: 8631));
        h.Advance(TimeSpan.FromSeconds(2));

        var last = browser.DrainChanges()[^1];
        Assert.Equal(BrowseChangeKind.Updated, last.Kind);
        Assert.Equal(8631, last.Service.Port);
        Assert.Equal(8631, Assert.Single(browser.Services).Port);
    }

    [Fact]
    public void PtrGoodbye_RemovedOneSecondLater_AndResolutionStops()
    {
        var (h, browser) = Start();
        h.ReceiveResponse(Ptr());
        h.Advance(TimeSpan.FromSeconds(5));
        browser.DrainChanges();
        h.ReceiveResponse(Ptr(ttl: 0));

        h.Advance(TimeSpan.FromSeconds(0.9));
        Assert.Empty(browser.DrainChanges());
        h.Advance(TimeSpan.FromSeconds(0.1));
        var removed = Assert.Single(browser.DrainChanges());
        Assert.Equal(BrowseChangeKind.Removed, removed.Kind);
        Assert.Equal(InstanceName, removed.Service.Name);
        Assert.Empty(browser.Services);
        Assert.False(h.Querier.IsAsking(SrvQuestion));
        Assert.True(h.Querier.IsAsking(PtrQuestion));
    }

    [Fact]
    public void Start_PtrAlreadyCached_ReportedAtOnce()
    {
        var h = new QuerierHarness();
        h.ReceiveResponse(Ptr());
        var browser = new ServiceBrowser(h.Querier, TypeName);
        browser.Start(h.Now);

        Assert.Equal(BrowseChangeKind.Added, browser.DrainChanges()[0].Kind);
    }

    [Fact]
    public void Stop_NoMoreQueriesNorChanges()
    {
        var (h, browser) = Start();
        h.ReceiveResponse(Ptr());
        browser.Stop();
        browser.DrainChanges();
        h.Advance(TimeSpan.FromSeconds(0.2));
        h.Sent.Clear();
        h.ReceiveResponse(Ptr(instance: TypeName.Prepend("Other")));
        h.Advance(TimeSpan.FromHours(1));

        Assert.Empty(h.Sent);
        Assert.Empty(browser.DrainChanges());
    }

    [Fact]
    public void ForServiceTypes_EnumeratesTypes_AndResolvesNothing()
    {
        var h = new QuerierHarness();
        var types = ServiceBrowser.ForServiceTypes(h.Querier, DnsName.Parse("local"));
        types.Start(h.Now);
        var enumeration = DnsName.Parse("_services._dns-sd._udp.local");
        h.ReceiveResponse(new DnsRecord(enumeration, 4500, new PtrData(TypeName)), new DnsRecord(enumeration, 4500, new PtrData(DnsName.Parse("_http._tcp.local"))));
        h.Advance(TimeSpan.FromSeconds(5));

        Assert.Equal(
            ["_http._tcp.local", "_ipp._tcp.local"],
            types.DrainChanges().Where(c => c.Kind == BrowseChangeKind.Added).Select(c => c.Service.Name.ToString()).Order());
        Assert.All(h.Sent, s => Assert.All(s.Message.Questions, q => Assert.Equal(new DnsQuestion(enumeration, DnsRecordType.Ptr), q)));
    }
}
