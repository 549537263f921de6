using System.Net;
using Peerlink.Zeroconf.Dns;
using Peerlink.Z2z.Engine;
using Peerlink.Z2z.Records;
using static Peerlink.Z2z.Tests.Engine.Z2zFixtures;

namespace Peerlink.Z2z.Tests.Engine;

public class ImporterTests
{
    private static ServiceRecord Exported(string instance = "Web", string address = "10.1.0.7", uint refreshedAfter = 0, ushort port = 80) =>
        new(ExporterA, "_http._tcp", instance, port)
        {
            HostName = "web.local",
            Addresses = [IPAddress.Parse(address)],
            Txt = TxtData.FromAttributes(("path", "/")),
            RefreshedAt = (uint)Epoch.ToUnixTimeSeconds() + refreshedAfter,
            Ttl = 300,
        };

    [Fact]
    public void Fetch_RemoteRecord_AdvertisedWithItsNamePortTxtOnAHostRecordOfTheRemoteAddress()
    {
        var importer = NewImporter();
        importer.Start(TimeSpan.Zero);
        var record = Exported();
        var advertised = Assert.Single(Fetch(importer, TimeSpan.Zero, [record]));

        Assert.Equal(ImportActionKind.Advertise, advertised.Kind);
        var service = advertised.Service!.Service;
        Assert.Equal("Web", service.InstanceName);
        Assert.Equal(DnsName.Parse("_http._tcp"), service.ServiceType);
        Assert.Equal(80, service.Port);
        Assert.Equal(record.Txt, service.Txt);
        Assert.Equal([IPAddress.Parse("10.1.0.7")], service.Addresses);
        Assert.Equal(ImportedHosts.For(record), service.HostName);
        Assert.StartsWith(ImportedHosts.Prefix, service.HostName.Labels[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Fetch_EveryPollInterval_OnlyAfterTheLastAnswered()
    {
        var importer = NewImporter();
        importer.Start(TimeSpan.Zero);
        importer.Poll(TimeSpan.Zero);
        Assert.Single(importer.TakeActions(), a => a.Kind == ImportActionKind.Fetch);
        importer.Poll(TimeSpan.FromSeconds(30));
        Assert.Empty(importer.TakeActions()); // the fetch is still out

        importer.OnFetched(TimeSpan.FromSeconds(31), []);
        Assert.Equal(TimeSpan.FromSeconds(35), importer.NextDeadline);
    }

    [Fact]
    public void Fetch_SameRecordAgainOrARefresh_NothingNew_ChangedPort_WithdrawnThenAdvertised()
    {
        var importer = NewImporter();
        importer.Start(TimeSpan.Zero);
        Fetch(importer, TimeSpan.Zero, [Exported()]);
        Assert.Empty(Fetch(importer, TimeSpan.FromSeconds(4), [Exported()]));
        Assert.Empty(Fetch(importer, TimeSpan.FromSeconds(8), [Exported(refreshedAfter: 150)]));

        var changed = Fetch(importer, TimeSpan.FromSeconds(12), [Exported(refreshedAfter: 160, port: 8080)]);
        Assert.Equal([ImportActionKind.Withdraw, ImportActionKind.Advertise], changed.Select(a => a.Kind));
        Assert.Equal(8080, changed[1].Service!.Service.Port);
    }

    [Fact]
    public void Fetch_Withdrawal_ServiceWithdrawn_AnOlderLiveRecordBesideItIgnored()
    {
        var importer = NewImporter();
        importer.Start(TimeSpan.Zero);
        Fetch(importer, TimeSpan.Zero, [Exported()]);

        var withdrawal = Exported(refreshedAfter: 20) with { Withdrawn = true, Ttl = 60 };
        var gone = Fetch(importer, TimeSpan.FromSeconds(20), [Exported(), withdrawal]);
        Assert.Equal(ImportActionKind.Withdraw, Assert.Single(gone).Kind);
        Assert.Empty(importer.Imported);
    }

    [Fact]
    public void Fetch_LiveRecordOlderThanAWithdrawalSeen_NotAdvertisedAgain_ANewerOneIs()
    {
        // A replayed or stale copy of the live record, after the withdrawal has come and gone from the rendezvous.
        var importer = NewImporter();
        importer.Start(TimeSpan.Zero);
        Fetch(importer, TimeSpan.Zero, [Exported()]);
        Fetch(importer, TimeSpan.FromSeconds(20), [Exported(refreshedAfter: 20) with { Withdrawn = true, Ttl = 60 }]);

        Assert.Empty(Fetch(importer, TimeSpan.FromSeconds(90), [Exported()]));
        Assert.Equal(1, importer.Counters.Stale);
        Assert.Equal(ImportActionKind.Advertise, Assert.Single(Fetch(importer, TimeSpan.FromSeconds(94), [Exported(refreshedAfter: 94)])).Kind);
    }

    [Fact]
    public void RendezvousUnreachable_KeptUntilTtlThenWithdrawn_BackWhenItAnswersAgain()
    {
        var importer = NewImporter();
        importer.Start(TimeSpan.Zero);
        Fetch(importer, TimeSpan.Zero, [Exported()]);
        for (var t = 4; t < 300; t += 4)
        {
            importer.Poll(TimeSpan.FromSeconds(t));
            Assert.DoesNotContain(importer.TakeActions(), a => a.Kind == ImportActionKind.Withdraw);
            importer.OnFetchFailed(TimeSpan.FromSeconds(t));
        }

        importer.Poll(TimeSpan.FromSeconds(300));
        Assert.Equal([ImportActionKind.Withdraw, ImportActionKind.Fetch], importer.TakeActions().Select(a => a.Kind));
        Assert.Empty(importer.Imported);

        importer.OnFetched(TimeSpan.FromSeconds(301), [Exported(refreshedAfter: 300)]);
        Assert.Equal(ImportActionKind.Advertise, Assert.Single(importer.TakeActions()).Kind);
    }

    [Fact]
    public void Fetch_TwoExportersOneInstanceName_BothAdvertised()
    {
        var importer = NewImporter();
        importer.Start(TimeSpan.Zero);
        var other = Exported(address: "10.3.0.5") with { Exporter = ExporterA2 };
        var both = Fetch(importer, TimeSpan.Zero, [Exported(), other]);

        Assert.Equal(2, both.Count(a => a.Kind == ImportActionKind.Advertise));
        Assert.NotEqual(both[0].Service!.Service.HostName, both[1].Service!.Service.HostName);
    }

    [Theory]
    [InlineData("10.2.0.7", nameof(ImporterCounters.AlreadyLocal))] // on the importer's own link: already visible here
    [InlineData("127.0.0.1", nameof(ImporterCounters.OffEveryLink))]
    [InlineData("169.254.1.1", nameof(ImporterCounters.OffEveryLink))]
    [InlineData("224.0.0.251", nameof(ImporterCounters.OffEveryLink))]
    [InlineData("0.0.0.0", nameof(ImporterCounters.OffEveryLink))]
    [InlineData("fe80::1", nameof(ImporterCounters.OffEveryLink))]
    public void Fetch_RecordWithNoUsableAddress_IgnoredAndCounted(string address, string counter)
    {
        var importer = NewImporter();
        importer.Start(TimeSpan.Zero);
        Assert.Empty(Fetch(importer, TimeSpan.Zero, [Exported(address: address)]));
        Assert.Equal(1L, typeof(ImporterCounters).GetProperty(counter)!.GetValue(importer.Counters));
    }

    [Fact]
    public void Fetch_TypeNotAskedImporterMadeHostExpiredOrMalformed_IgnoredAndCounted()
    {
        var importer = NewImporter(types: ["_ipp._tcp", "_http._tcp"]);
        importer.Start(TimeSpan.Zero);
        var records = new[]
        {
            Exported() with { ServiceType = "_daap._tcp" },
            Exported() with { HostName = "z2z-00112233aabb.local" },
            Exported() with { RefreshedAt = (uint)(Epoch - TimeSpan.FromHours(2)).ToUnixTimeSeconds() },
            Exported() with { ServiceType = "not a type" },
            Exported() with { InstanceName = new string('x', 64) },
        };
        Assert.Empty(Fetch(importer, TimeSpan.Zero, records));
        Assert.Equal(1, importer.Counters.TypeNotAsked);
        Assert.Equal(1, importer.Counters.Loops);
        Assert.Equal(1, importer.Counters.Expired);
        Assert.Equal(2, importer.Counters.Malformed);
    }

    [Fact]
    public void ExporterAndImporterOnOneLink_ImporterSkipsItsLinksOwnServices_ExporterSkipsWhatWasImported()
    {
        // Link A runs both for one key: the exporter's record comes back to A's importer, and a service
        // imported onto A from link C is seen by A's exporter. Neither goes round again.
        var exporter = NewExporter(link: LinkA);
        var importer = NewImporter(link: LinkA);
        importer.Start(TimeSpan.Zero);
        exporter.OnBrowse(TimeSpan.Zero, Seen("Local Web"));
        var own = Puts(exporter);
        var fromC = Exported("Remote Web", address: "10.3.0.5") with { Exporter = ExporterA2 };

        var advertised = Fetch(importer, TimeSpan.Zero, [.. own, fromC]);
        var imported = Assert.Single(advertised).Service!.Service;
        Assert.Equal("Remote Web", imported.InstanceName);
        Assert.Equal(1, importer.Counters.AlreadyLocal);

        exporter.OnBrowse(TimeSpan.FromSeconds(1), Seen("Remote Web", address: "10.3.0.5", host: imported.HostName.ToString()));
        Assert.Empty(exporter.TakeActions());
    }
}
