using System.Net;
using Peerlink.Core;
using Peerlink.Hosting.Z2z;
using Peerlink.TestSupport;
using Peerlink.Zeroconf.Dns;
using Peerlink.Zeroconf.Mdns;
using Peerlink.Z2z.Engine;
using Peerlink.Z2z.Records;

namespace Peerlink.Hosting.Tests;

/// <summary>
/// z2z between two real links, each a veth pair in namespaces the test makes (link A: 10.201.a.0/24,
/// link B: 10.201.b.0/24), through a rendezvous in memory: a service published on link A is exported,
/// imported on link B and browsed there with link A's address; its goodbye takes it away; link B's own
/// exporter does not send it round again.
/// </summary>
public sealed class Z2zLinkTests
{
    private static readonly DnsName Http = DnsName.Parse("_http._tcp.local");
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(45);

    [NamespaceFact]
    public async Task ExportImport_ServiceOnLinkA_BrowsedOnLinkBWithLinkAAddress_GoneAfterGoodbye_NoLoop()
    {
        await using var setup = await TwoLinks.StartAsync();
        var (linkA, a, b, browserB, rendezvous, ct) = (setup.LinkA, setup.GatewayA, setup.GatewayB, setup.ClientB, setup.Rendezvous, setup.Token);

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        using var exportA = new Z2zExport(a, rendezvous, new Exporter(Options(Bytes.FromHex("0a0a0a0a0a0a0a0a"), a)), r => ServiceRecordCodec.Encode(r));
        using var exportB = new Z2zExport(b, rendezvous, new Exporter(Options(Bytes.FromHex("0b0b0b0b0b0b0b0b"), b)), r => ServiceRecordCodec.Encode(r));
        var import = new Z2zImport(b, rendezvous, new Importer(new ImporterOptions { LocalSubnets = b.Transport.Subnets, Epoch = b.Epoch }), Decode);
        var running = new[]
        {
            exportA.RunAsync([Http], TimeSpan.FromSeconds(2), stop.Token),
            exportB.RunAsync([Http], TimeSpan.FromSeconds(2), stop.Token),
            import.RunAsync(stop.Token),
        };

        // The service appears once export and import are running, as it would on a real link.
        await Task.Delay(TimeSpan.FromSeconds(1), ct);
        var web = await a.PublishAsync(
            new ServiceInstance("Web (A)", DnsName.Parse("_http._tcp"), DnsName.Parse("web-a.local"), 8080)
            {
                Txt = TxtData.FromAttributes(("path", "/index.html")),
                Addresses = [IPAddress.Parse(linkA.AddressA)],
            },
            ct);

        await using var browse = await browserB.BrowseAsync(Http, cancellationToken: ct);
        var seen = await NextAsync(browse, c => c.Kind == BrowseChangeKind.Updated && c.Service.IsResolved, ct);
        Assert.Equal("Web (A)", seen.Service.Name.Labels[0]);
        Assert.Equal([IPAddress.Parse(linkA.AddressA)], seen.Service.Addresses);
        Assert.Equal(8080, seen.Service.Port);
        Assert.Equal(TxtData.FromAttributes(("path", "/index.html")), seen.Service.Txt);
        Assert.StartsWith(ImportedHosts.Prefix, seen.Service.HostName!.Labels[0], StringComparison.Ordinal);

        // Link B's exporter sees the imported service too, and must not put it: one record only.
        await Task.Delay(TimeSpan.FromSeconds(2), ct);
        Assert.Equal(1, rendezvous.Count);
        Assert.True(exportB.Counters.SkippedNotLocal > 0);

        await web.DisposeAsync(); // goodbye on link A
        var gone = await NextAsync(browse, c => c.Kind == BrowseChangeKind.Removed, ct);
        Assert.Equal("Web (A)", gone.Service.Name.Labels[0]);

        await stop.CancelAsync();
        await Task.WhenAll(running);
        Assert.Equal(0, import.Undecodable);
    }

    [NamespaceFact]
    public async Task Import_NameAlreadyTakenOnLinkB_ImportedOneRenamed_LocalOneKeepsItsName()
    {
        await using var setup = await TwoLinks.StartAsync();
        var (linkA, linkB, a, b, localB, rendezvous, ct) = (setup.LinkA, setup.LinkB, setup.GatewayA, setup.GatewayB, setup.ClientB, setup.Rendezvous, setup.Token);

        await using var local = await localB.PublishAsync(new ServiceInstance("Printer", DnsName.Parse("_http._tcp"), DnsName.Parse("local-b.local"), 631) { Addresses = [IPAddress.Parse(linkB.AddressB)] }, ct);
        await using var remote = await a.PublishAsync(new ServiceInstance("Printer", DnsName.Parse("_http._tcp"), DnsName.Parse("remote-a.local"), 8631) { Addresses = [IPAddress.Parse(linkA.AddressA)] }, ct);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        using var export = new Z2zExport(a, rendezvous, new Exporter(Options(Bytes.FromHex("0a0a0a0a0a0a0a0a"), a)), r => ServiceRecordCodec.Encode(r));
        var import = new Z2zImport(b, rendezvous, new Importer(new ImporterOptions { LocalSubnets = b.Transport.Subnets, Epoch = b.Epoch }), Decode);
        var running = new[] { export.RunAsync([Http], TimeSpan.FromSeconds(2), stop.Token), import.RunAsync(stop.Token) };

        await using var browse = await localB.BrowseAsync(Http, cancellationToken: ct);
        var renamed = await NextAsync(browse, c => c.Kind == BrowseChangeKind.Updated && c.Service.IsResolved && c.Service.Port == 8631, ct);
        Assert.Equal("Printer (2)", renamed.Service.Name.Labels[0]);
        Assert.Equal([IPAddress.Parse(linkA.AddressA)], renamed.Service.Addresses);
        Assert.Equal("Printer", (await localB.InvokeAsync(_ => localB.Responder.GetInstanceName(local.Handle), ct)).Labels[0]);
        Assert.Equal(ServiceState.Announced, await localB.InvokeAsync(_ => localB.Responder.GetState(local.Handle), ct));

        await stop.CancelAsync();
        await Task.WhenAll(running);
    }

    private static ExporterOptions Options(Bytes id, MdnsHost host) =>
        new() { Id = id, LocalSubnets = host.Transport.Subnets, Epoch = host.Epoch };

    private static ServiceRecord? Decode(ReadOnlyMemory<byte> bytes) =>
        ServiceRecordCodec.TryDecode(bytes.Span, out var record, out _) ? record : null;

    private static async Task<BrowseChange> NextAsync(ServiceBrowsing browse, Func<BrowseChange, bool> match, CancellationToken ct)
    {
        await foreach (var change in browse.Changes.ReadAllAsync(ct))
        {
            if (match(change))
            {
                return change;
            }
        }

        throw new InvalidOperationException("the browse ended");
    }

    /// <summary>Link A (gateway host in its namespace A) and link B (gateway in A, a client in B), each host started, a memory rendezvous, a time bound.</summary>
    private sealed class TwoLinks : IAsyncDisposable
    {
        private readonly CancellationTokenSource _bound = new(Bound);

        private TwoLinks(NetworkNamespaces linkA, NetworkNamespaces linkB)
        {
            LinkA = linkA;
            LinkB = linkB;
            GatewayA = NetworkNamespaces.RunIn(linkA.NamespaceA, () => new MdnsHost(new MdnsTransportOptions { InterfaceName = linkA.VethA }, new Random(1)));
            GatewayB = NetworkNamespaces.RunIn(linkB.NamespaceA, () => new MdnsHost(new MdnsTransportOptions { InterfaceName = linkB.VethA }, new Random(2)));
            ClientB = NetworkNamespaces.RunIn(linkB.NamespaceB, () => new MdnsHost(new MdnsTransportOptions { InterfaceName = linkB.VethB }, new Random(3)));
        }

        public NetworkNamespaces LinkA { get; }

        public NetworkNamespaces LinkB { get; }

        public MdnsHost GatewayA { get; }

        public MdnsHost GatewayB { get; }

        public MdnsHost ClientB { get; }

        public MemoryRendezvous Rendezvous { get; } = new();

        public CancellationToken Token => _bound.Token;

        public static async Task<TwoLinks> StartAsync()
        {
            var links = new TwoLinks(NetworkNamespaces.Create(), NetworkNamespaces.Create());
            foreach (var h in new[] { links.GatewayA, links.GatewayB, links.ClientB })
            {
                await h.StartAsync(links.Token);
            }

            return links;
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var h in new[] { ClientB, GatewayB, GatewayA })
            {
                await h.DisposeAsync();
            }

            LinkA.Dispose();
            LinkB.Dispose();
            _bound.Dispose();
        }
    }
}
