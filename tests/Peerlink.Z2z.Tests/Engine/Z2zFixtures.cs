using System.Net;
using Peerlink.Core;
using Peerlink.Zeroconf.Dns;
using Peerlink.Zeroconf.Mdns;
using Peerlink.Z2z.Engine;
using Peerlink.Z2z.Records;

namespace Peerlink.Z2z.Tests.Engine;

/// <summary>Two links (A 10.1.0.0/24, B 10.2.0.0/24), services browsed on them, and records as exporters put them.</summary>
internal static class Z2zFixtures
{
    public static readonly DateTimeOffset Epoch = new(2026, 11, 25, 0, 0, 0, TimeSpan.Zero);

    public static readonly ValueList<IPNetwork> LinkA = [IPNetwork.Parse("10.1.0.0/24")];

    public static readonly ValueList<IPNetwork> LinkB = [IPNetwork.Parse("10.2.0.0/24")];

    public static readonly Bytes ExporterA = Bytes.FromHex("0102030405060708");

    public static readonly Bytes ExporterA2 = Bytes.FromHex("0909090909090909");

    public static Exporter NewExporter(Bytes? id = null, ValueList<IPNetwork>? link = null) =>
        new(new ExporterOptions { Id = id ?? ExporterA, LocalSubnets = link ?? LinkA, Epoch = Epoch });

    public static Importer NewImporter(ValueList<string> types = default, ValueList<IPNetwork>? link = null) =>
        new(new ImporterOptions { LocalSubnets = link ?? LinkB, Epoch = Epoch, Types = types });

    /// <summary>A resolved instance as a browser on a link reports it.</summary>
    public static BrowseChange Seen(string instance, string address = "10.1.0.7", ushort port = 80, string host = "web.local", string type = "_http._tcp", BrowseChangeKind kind = BrowseChangeKind.Updated, params (string, string?)[] txt) =>
        new(kind, new BrowsedService(DnsName.FromLabels([instance, .. type.Split('.'), "local"]))
        {
            HostName = DnsName.Parse(host),
            Port = port,
            Txt = txt.Length == 0 ? TxtData.Empty : TxtData.FromAttributes(txt),
            Addresses = [IPAddress.Parse(address)],
        });

    public static BrowseChange Gone(string instance, string type = "_http._tcp") =>
        new(BrowseChangeKind.Removed, new BrowsedService(DnsName.FromLabels([instance, .. type.Split('.'), "local"])));

    /// <summary>The records an exporter put, in order.</summary>
    public static List<ServiceRecord> Puts(Exporter exporter) => [.. exporter.TakeActions().Select(a => a.Record)];

    /// <summary>Runs one fetch cycle: the importer polls, asks to fetch, and gets <paramref name="records"/>; returns the advertise/withdraw actions.</summary>
    public static List<ImportAction> Fetch(Importer importer, TimeSpan now, IEnumerable<ServiceRecord> records)
    {
        importer.Poll(now);
        var asked = importer.TakeActions();
        Assert.Contains(asked, a => a.Kind == ImportActionKind.Fetch);
        importer.OnFetched(now, records);
        return [.. asked.Where(a => a.Kind != ImportActionKind.Fetch), .. importer.TakeActions()];
    }
}
