using System.Net;
using Peerlink.Zeroconf.Dns;
using Peerlink.Zeroconf.Mdns;
using static Peerlink.Z2z.Tests.Engine.Z2zFixtures;

namespace Peerlink.Z2z.Tests.Engine;

public class ExporterTests
{
    [Fact]
    public void OnBrowse_ResolvedLocalService_PutAtOnceWithEverythingAnImporterNeeds()
    {
        var exporter = NewExporter();
        exporter.OnBrowse(TimeSpan.FromSeconds(3), Seen("Web Server (A)", txt: ("path", "/x")));

        var record = Assert.Single(Puts(exporter));
        Assert.Equal(ExporterA, record.Exporter);
        Assert.Equal("_http._tcp", record.ServiceType);
        Assert.Equal("Web Server (A)", record.InstanceName);
        Assert.Equal("web.local", record.HostName);
        Assert.Equal([IPAddress.Parse("10.1.0.7")], record.Addresses);
        Assert.Equal(80, record.Port);
        Assert.Equal(TxtData.FromAttributes(("path", "/x")), record.Txt);
        Assert.Equal((uint)(Epoch + TimeSpan.FromSeconds(3)).ToUnixTimeSeconds(), record.RefreshedAt);
        Assert.Equal(300u, record.Ttl);
        Assert.False(record.Withdrawn);
    }

    [Fact]
    public void OnBrowse_AddedButUnresolved_NothingPut()
    {
        var exporter = NewExporter();
        exporter.OnBrowse(TimeSpan.Zero, new BrowseChange(BrowseChangeKind.Added, new BrowsedService(DnsName.Parse("Web._http._tcp.local"))));
        Assert.Empty(exporter.TakeActions());
    }

    [Fact]
    public void Poll_HalfTheTtlLater_RefreshedWithANewStamp_OnlyThen()
    {
        var exporter = NewExporter();
        exporter.OnBrowse(TimeSpan.Zero, Seen("Web"));
        var first = Assert.Single(Puts(exporter));
        Assert.Equal(TimeSpan.FromSeconds(150), exporter.NextDeadline);

        exporter.Poll(TimeSpan.FromSeconds(149));
        Assert.Empty(exporter.TakeActions());
        exporter.Poll(TimeSpan.FromSeconds(150));
        var refresh = Assert.Single(Puts(exporter));
        Assert.Equal(first.RefreshedAt + 150, refresh.RefreshedAt);
        Assert.Equal(first with { RefreshedAt = refresh.RefreshedAt }, refresh);
    }

    [Fact]
    public void OnBrowse_SameServiceAgain_NotPutAgain_ChangedTxt_PutAtOnce()
    {
        var exporter = NewExporter();
        exporter.OnBrowse(TimeSpan.Zero, Seen("Web", txt: ("v", "1")));
        exporter.OnBrowse(TimeSpan.FromSeconds(1), Seen("Web", txt: ("v", "1")));
        Assert.Single(Puts(exporter));

        exporter.OnBrowse(TimeSpan.FromSeconds(2), Seen("Web", txt: ("v", "2")));
        Assert.Equal(TxtData.FromAttributes(("v", "2")), Assert.Single(Puts(exporter)).Txt);
    }

    [Fact]
    public void OnBrowse_Goodbye_WithdrawalPutWithShortTtl_AndNoMoreRefreshes()
    {
        var exporter = NewExporter();
        exporter.OnBrowse(TimeSpan.Zero, Seen("Web"));
        exporter.TakeActions();
        exporter.OnBrowse(TimeSpan.FromSeconds(10), Gone("Web"));

        var withdrawal = Assert.Single(Puts(exporter));
        Assert.True(withdrawal.Withdrawn);
        Assert.Equal("Web", withdrawal.InstanceName);
        Assert.Equal(60u, withdrawal.Ttl);
        Assert.Null(exporter.NextDeadline);
        Assert.Empty(exporter.Exported);
    }

    [Theory]
    [InlineData("10.2.0.9", "web.local")] // an address off this link: imported from elsewhere
    [InlineData("10.1.0.7", "z2z-0123456789ab.local")] // an importer's host record
    public void OnBrowse_ServiceNotOfThisLink_NeverExported(string address, string host)
    {
        var exporter = NewExporter();
        exporter.OnBrowse(TimeSpan.Zero, Seen("Remote", address: address, host: host));

        Assert.Empty(exporter.TakeActions());
        Assert.Equal(1, exporter.Counters.SkippedNotLocal);
    }

    [Fact]
    public void Stop_EveryExportedServiceWithdrawn()
    {
        var exporter = NewExporter();
        exporter.OnBrowse(TimeSpan.Zero, Seen("One"));
        exporter.OnBrowse(TimeSpan.Zero, Seen("Two", port: 81));
        exporter.TakeActions();
        exporter.Stop(TimeSpan.FromSeconds(5));

        Assert.Equal(["One", "Two"], Puts(exporter).Where(r => r.Withdrawn).Select(r => r.InstanceName).Order());
    }
}
