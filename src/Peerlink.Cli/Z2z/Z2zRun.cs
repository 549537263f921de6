using System.CommandLine;
using System.Security.Cryptography;
using System.Text.Json;
using Peerlink.Cli.Dnssd;
using Peerlink.Core;
using Peerlink.Hosting;
using Peerlink.Hosting.Z2z;
using Peerlink.Zeroconf.Dns;
using Peerlink.Zeroconf.Mdns;
using Peerlink.Z2z.Engine;
using Peerlink.Z2z.Records;

namespace Peerlink.Cli.Z2z;

/// <summary>What the z2z verbs do once their arguments are read.</summary>
internal static class Z2zRun
{
    public static async Task<int> ExportAsync(CliIo io, Z2zOptions o, ParseResult parse, string[] typeTexts, CancellationToken ct)
    {
        var types = new List<DnsName>();
        foreach (var t in typeTexts)
        {
            if (!DnssdOptions.TryServiceType(t, io, out var name))
            {
                return 2;
            }

            types.Add(name);
        }

        return await RunAsync(io, o, parse, async (mdns, rendezvous, seal, print, token) =>
        {
            var exporter = new Exporter(new ExporterOptions
            {
                Id = Bytes.Copy(RandomNumberGenerator.GetBytes(8)),
                LocalSubnets = mdns.Transport.Subnets,
                Epoch = mdns.Epoch,
            });
            using var export = new Z2zExport(mdns, rendezvous, exporter, r => ServiceRecordCodec.Encode(r, seal));
            export.Sent += r => print(r.Withdrawn ? "withdrawn" : "exported", r);
            io.Out.WriteLineIfHuman(parse.GetValue(o.Json), $"exporting {string.Join(", ", types)} from {mdns.Transport.InterfaceName} under key \"{parse.GetValue(o.Key)}\"; Ctrl-C withdraws");
            await export.RunAsync(types, TimeSpan.FromSeconds(3), token).ConfigureAwait(false);
        }, ct).ConfigureAwait(false);
    }

    public static async Task<int> ImportAsync(CliIo io, Z2zOptions o, ParseResult parse, CancellationToken ct)
    {
        var types = new List<string>();
        foreach (var t in parse.GetValue(o.Types) ?? [])
        {
            if (!DnssdOptions.TryServiceType(t, io, out var name))
            {
                return 2;
            }

            types.Add(string.Join('.', name.Labels.Take(2)));
        }

        return await RunAsync(io, o, parse, async (mdns, rendezvous, seal, print, token) =>
        {
            var importer = new Importer(new ImporterOptions { LocalSubnets = mdns.Transport.Subnets, Epoch = mdns.Epoch, Types = [.. types] });
            var import = new Z2zImport(mdns, rendezvous, importer, v => Decode(v, seal));
            import.Changed += a => print(a.Kind == ImportActionKind.Advertise ? "imported" : "withdrawn", a.Service!.Record);
            io.Out.WriteLineIfHuman(parse.GetValue(o.Json), $"importing key \"{parse.GetValue(o.Key)}\" onto {mdns.Transport.InterfaceName}; Ctrl-C withdraws");
            await import.RunAsync(token).ConfigureAwait(false);
        }, ct).ConfigureAwait(false);
    }

    public static async Task<int> StatusAsync(CliIo io, Z2zOptions o, ParseResult parse, CancellationToken ct)
    {
        if (!TryKey(io, o, parse, out var key))
        {
            return 2;
        }

        var seal = Seal(parse.GetValue(o.Secret), key);
        return await WithRendezvousAsync(io, o, parse, key, async rendezvous =>
        {
            IReadOnlyList<ReadOnlyMemory<byte>> values;
            try
            {
                values = await rendezvous.GetAllAsync(ct).ConfigureAwait(false);
            }
            catch (RendezvousException e)
            {
                return io.Fail(e.Message);
            }

            var records = values.Select(v => Decode(v, seal)).ToList();
            var print = Printer(io, parse.GetValue(o.Json));
            foreach (var r in records.OfType<ServiceRecord>().OrderBy(r => r.ServiceType).ThenBy(r => r.InstanceName))
            {
                print(r.Withdrawn ? "withdrawn" : "exported", r);
            }

            io.Out.WriteLineIfHuman(parse.GetValue(o.Json), $"{records.Count(r => r is not null)} record(s) under \"{key}\", {records.Count(r => r is null)} unreadable" +
                (seal is null ? " (sealed ones need --secret)" : string.Empty));
            if (parse.GetValue(o.Interface) is { } iface)
            {
                var types = records.OfType<ServiceRecord>().Select(r => r.ServiceType).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
                return await ImportedHereAsync(io, iface, types, parse.GetValue(o.Json), ct).ConfigureAwait(false);
            }

            return 0;
        }, ct).ConfigureAwait(false);
    }

    /// <summary>Browses <paramref name="types"/> on the link for 3 s and lists the instances an importer advertises there (z2z- hosts).</summary>
    private static async Task<int> ImportedHereAsync(CliIo io, string iface, List<string> types, bool json, CancellationToken ct)
    {
        if (!DnssdOptions.TryInterface(iface, io, out var transport))
        {
            return 2;
        }

        var found = new List<BrowsedService>();
        var code = await DnssdBrowse.RunAsync(io, transport, TimeSpan.FromSeconds(3), async (mdns, token) =>
        {
            var browsings = new List<ServiceBrowsing>();
            try
            {
                foreach (var t in types)
                {
                    browsings.Add(await mdns.BrowseAsync(DnsName.FromLabels([.. t.Split('.'), "local"]), cancellationToken: token).ConfigureAwait(false));
                }

                await Task.Delay(Timeout.Infinite, token).ConfigureAwait(false);
            }
            finally
            {
                foreach (var b in browsings)
                {
                    while (b.Changes.TryRead(out var change))
                    {
                        if (change.Kind != BrowseChangeKind.Removed && change.Service.HostName is { } host && ImportedHosts.IsImported(host) && change.Service.IsResolved)
                        {
                            found.RemoveAll(s => s.Name == change.Service.Name);
                            found.Add(change.Service);
                        }
                    }

                    await b.DisposeAsync().ConfigureAwait(false);
                }
            }
        }, ct).ConfigureAwait(false);
        var printer = new DnssdPrinter(io.Out, json);
        foreach (var s in found.OrderBy(s => s.Name.ToString(), StringComparer.Ordinal))
        {
            printer.Browsed("imported-here", s);
        }

        io.Out.WriteLineIfHuman(json, $"{found.Count} service(s) imported on {iface} now");
        return code;
    }

    private delegate Task Work(MdnsHost mdns, IRendezvous rendezvous, RecordSeal? seal, Action<string, ServiceRecord> print, CancellationToken ct);

    private static async Task<int> RunAsync(CliIo io, Z2zOptions o, ParseResult parse, Work work, CancellationToken ct)
    {
        if (!TryKey(io, o, parse, out var key) || !DnssdOptions.TryInterface(parse.GetValue(o.Interface), io, out var transport))
        {
            return 2;
        }

        var seal = Seal(parse.GetValue(o.Secret), key);
        if (!DnssdOptions.TryOpen(transport, io, out var mdns))
        {
            return 1;
        }

        await using (mdns.ConfigureAwait(false))
        {
            return await WithRendezvousAsync(io, o, parse, key, async rendezvous =>
            {
                await mdns.StartAsync(ct).ConfigureAwait(false);
                await work(mdns, rendezvous, seal, Printer(io, parse.GetValue(o.Json)), ct).ConfigureAwait(false);
                using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(3));
                await mdns.StopAsync(grace.Token).ConfigureAwait(false);
                return 0;
            }, ct).ConfigureAwait(false);
        }
    }

    /// <summary>Opens the rendezvous --rendezvous names (the overlay at --via by default), runs <paramref name="use"/>, closes it.</summary>
    private static async Task<int> WithRendezvousAsync(CliIo io, Z2zOptions o, ParseResult parse, string key, Func<IRendezvous, Task<int>> use, CancellationToken ct)
    {
        var choice = parse.GetValue(o.Rendezvous);
        if (choice is not null && choice != "overlay")
        {
            const string Prefix = "opendht=";
            if (!choice.StartsWith(Prefix, StringComparison.Ordinal)
                || !Uri.TryCreate(choice[Prefix.Length..], UriKind.Absolute, out var proxy) || proxy.Scheme != Uri.UriSchemeHttp)
            {
                return io.Fail($"--rendezvous {choice}: say overlay, or opendht=http://HOST:PORT (an OpenDHT node's REST proxy)");
            }

            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            return await use(new OpenDhtRendezvous(http, proxy, key)).ConfigureAwait(false);
        }

        if (!EndPoints.TryParse(parse.GetValue(o.Via), io, "--via", out var via) || via is null)
        {
            return 2;
        }

        LiveClient client;
        try
        {
            client = await LiveNodes.StartAttachedClientAsync(null, null, via, new PeerSetup(), ct).ConfigureAwait(false);
        }
        catch (InvalidOperationException e)
        {
            return io.Fail(e.Message);
        }

        await using (client.Host.ConfigureAwait(false))
        {
            return await use(new OverlayRendezvous(client, key)).ConfigureAwait(false);
        }
    }

    private static bool TryKey(CliIo io, Z2zOptions o, ParseResult parse, out string key)
    {
        key = parse.GetValue(o.Key) ?? string.Empty;
        if (key.Length == 0)
        {
            io.Fail("--key is required: the rendezvous key both sides agree on, e.g. --key columbia");
            return false;
        }

        return true;
    }

    private static RecordSeal? Seal(string? secret, string key) => string.IsNullOrEmpty(secret) ? null : new RecordSeal(secret, key);

    private static ServiceRecord? Decode(ReadOnlyMemory<byte> value, RecordSeal? seal) =>
        ServiceRecordCodec.TryDecode(value.Span, seal, out var record, out _) ? record : null;

    private static Action<string, ServiceRecord> Printer(CliIo io, bool json)
    {
        var gate = new Lock();
        return (what, r) =>
        {
            var line = json
                ? JsonSerializer.Serialize(new Dictionary<string, object?>
                {
                    ["event"] = what,
                    ["exporter"] = r.Exporter.ToString(),
                    ["type"] = r.ServiceType,
                    ["name"] = r.InstanceName,
                    ["host"] = r.HostName,
                    ["addresses"] = r.Addresses.Select(a => a.ToString()).ToArray(),
                    ["port"] = r.Port,
                    ["refreshedAt"] = r.RefreshedAt,
                    ["ttl"] = r.Ttl,
                })
                : $"{what} \"{r.InstanceName}\" ({r.ServiceType}) at {string.Join(", ", r.Addresses)} port {r.Port}, exporter {r.Exporter}, refreshed {DateTimeOffset.FromUnixTimeSeconds(r.RefreshedAt):u}, ttl {r.Ttl} s";
            lock (gate)
            {
                io.Out.WriteLine(line);
                io.Out.Flush();
            }
        };
    }

    private static void WriteLineIfHuman(this TextWriter output, bool json, string line)
    {
        if (!json)
        {
            output.WriteLine(line);
            output.Flush();
        }
    }
}
