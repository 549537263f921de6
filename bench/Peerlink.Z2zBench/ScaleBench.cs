using System.Diagnostics;
using System.Globalization;
using System.Net;
using Peerlink.Hosting;
using Peerlink.Interop.Tests;
using Peerlink.MdnsBench;
using Peerlink.TestSupport;
using Peerlink.Zeroconf.Dns;
using Peerlink.Zeroconf.Mdns;

namespace Peerlink.Z2zBench;

/// <summary>
/// Issue 6 item 5, scale: one Peerlink <see cref="MdnsHost"/> in link A's service namespace publishes
/// many instances of _http._tcp (avahi-publish processes by the thousand would measure Avahi, not z2z);
/// <c>peerlink z2z export</c> on gateway A puts them under a key, <c>peerlink z2z import</c> on gateway
/// B advertises them. Measured: when every instance was put and imported, the exporter's CPU time
/// (/proc), a 60 s quiet window, then the first refresh round (the exporter re-puts a record at half its
/// 300 s TTL, so the round comes about 150 s after the first puts), and <c>z2z status</c> before and
/// after: a record whose RefreshedAt is older than its TTL is one the exporter did not keep fresh.
/// </summary>
internal static class ScaleBench
{
    private const string Type = "_http._tcp";
    private static readonly TimeSpan s_start = TimeSpan.FromSeconds(20);
    /// <summary>How long the first round may take: by then the first refreshes are due.</summary>
    private static readonly TimeSpan s_firstRound = TimeSpan.FromSeconds(150);

    /// <summary>When a record's refresh is due after its put: half the exporter's default 300 s TTL.</summary>
    private static readonly TimeSpan s_halfTtl = TimeSpan.FromSeconds(150);
    private static readonly TimeSpan s_idle = TimeSpan.FromSeconds(60);

    /// <summary>The exporter refreshes a record at TTL/2 = 150 s after its put; the round is given 30 s past the last one's turn.</summary>
    private static readonly TimeSpan s_refreshMargin = TimeSpan.FromSeconds(30);

    public static async Task<ScaleResult> RunAsync(RoutedLinks links, DhtInRouter dht, int count, TextWriter log)
    {
        var lifetime = TimeSpan.FromSeconds(480);
        var key = $"z2zbench-scale-{Environment.ProcessId}";
        using var export = PeerlinkCli.Start(links.GatewayA, lifetime, ["z2z", "export", Type, "--key", key, "--interface", links.GatewayAInterface, .. dht.ExportVia]);
        export.WaitForLine(l => l.StartsWith("exporting", StringComparison.Ordinal), s_start);
        using var import = PeerlinkCli.Start(links.GatewayB, lifetime, ["z2z", "import", "--key", key, "--type", Type, "--interface", links.GatewayBInterface, .. dht.ImportVia]);
        import.WaitForLine(l => l.StartsWith("importing", StringComparison.Ordinal), s_start);
        var exporterPid = PeerlinkCli.ProgramPid(export);

        // The socket must be made inside the namespace; it stays there whichever thread uses it later.
        var host = NetworkNamespaces.RunIn(links.Service, () =>
            new MdnsHost(new MdnsTransportOptions { InterfaceName = links.ServiceInterface }, new Random(count)));
        await using (host.ConfigureAwait(false))
        {
            await host.StartAsync().ConfigureAwait(false);
            await Task.Delay(TimeSpan.FromSeconds(1.5)).ConfigureAwait(false); // past the responder's start-up second
            var result = await MeasureAsync(links, dht, count, key, host, export, import, exporterPid, log).ConfigureAwait(false);

            // Stop the importer, the exporter (each withdraws what it holds), then the publisher (goodbyes).
            import.Stop();
            export.Stop();
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await host.StopAsync(grace.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                await log.WriteLineAsync("  the publisher's goodbyes took over 10 s; disposed without them").ConfigureAwait(false);
            }

            return result;
        }
    }

    private static async Task<ScaleResult> MeasureAsync(
        RoutedLinks links, DhtInRouter dht, int count, string key, MdnsHost host, NamespaceProcess export, NamespaceProcess import, int? exporterPid, TextWriter log)
    {
        var notes = new List<string>();
        var address = IPAddress.Parse(links.ServiceAddress);
        var t0 = Stopwatch.GetTimestamp();
        for (var i = 1; i <= count; i++)
        {
            var name = string.Create(CultureInfo.InvariantCulture, $"Svc {i:D4}");
            var service = new ServiceInstance(name, DnsName.Parse(Type), DnsName.Parse("z2zbench-svc.local"), (ushort)(20000 + i)) { Addresses = [address] };
            _ = await host.PublishAsync(service).ConfigureAwait(false); // withdrawn by host.StopAsync
        }

        var publishCalls = Stopwatch.GetElapsedTime(t0);
        await log.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  {dht.Backend}: {count} PublishAsync calls in {publishCalls.TotalSeconds:F1} s")).ConfigureAwait(false);

        // The first round: every instance put once, and advertised on link B. Bounded at 150 s: the
        // refresh round is due then, and a first round that slow has failed anyway.
        var allExported = await WaitForAsync(() => NamedLines.Distinct(export, "exported") >= count, t0, s_firstRound, () => Progress(export, import), log).ConfigureAwait(false);
        var exportCpu = exporterPid is { } pid ? ProcStats.CpuTime(pid) : (TimeSpan?)null;
        var firstPuts = NamedLines.Of(export, "exported");
        var exported = firstPuts.Select(p => p.Name).Distinct(StringComparer.Ordinal).Count();
        if (allExported is null)
        {
            notes.Add($"only {exported} of {count} instances were put within {s_firstRound.TotalSeconds:F0} s");
        }

        var allImported = await WaitForAsync(() => NamedLines.Distinct(import, "imported") >= count, t0, TimeSpan.FromSeconds(Math.Max(30, Stopwatch.GetElapsedTime(t0).TotalSeconds + 30)), () => Progress(export, import), log).ConfigureAwait(false);
        var imported = NamedLines.Of(import, "imported");
        var importedCount = imported.Select(p => p.Name).Distinct(StringComparer.Ordinal).Count();
        if (allImported is null)
        {
            notes.Add($"the importer on link B advertised {importedCount} of {count}");
        }

        var firstStatus = StatusSnapshot.Take(links.GatewayA, dht.ExportVia, key);
        await log.WriteLineAsync($"  {dht.Backend}: status after the first round: {firstStatus}").ConfigureAwait(false);

        // A quiet minute: nothing is due, so this is what keeping them costs between refreshes.
        var idleStart = Stopwatch.GetTimestamp();
        var idleCpu0 = Cpu(exporterPid);
        await Task.Delay(s_idle).ConfigureAwait(false);
        var idleEnd = Stopwatch.GetTimestamp();
        var idleCpu1 = Cpu(exporterPid);
        var idlePuts = NamedLines.Of(export, "exported").Count(p => p.At >= idleStart && p.At < idleEnd);

        // The refresh round: every record put a second time, expected about 150 s after its first put.
        // Each record is due TTL/2 after its own first put, so the round spreads as the first round did.
        var firstPutAt = firstPuts.Count > 0 ? firstPuts.Min(p => p.At) : t0;
        var lastFirstPutAt = firstPuts.Count > 0 ? firstPuts.Max(p => p.At) : t0;
        var refreshDeadline = Stopwatch.GetElapsedTime(firstPutAt, lastFirstPutAt) + s_halfTtl + s_refreshMargin;
        await WaitForAsync(() => Refreshed(export) >= exported && exported > 0, firstPutAt, refreshDeadline, () => Progress(export, import), log).ConfigureAwait(false);
        var refreshCpu = Cpu(exporterPid);
        var all = NamedLines.Of(export, "exported");
        var seconds = all.GroupBy(p => p.Name, StringComparer.Ordinal).Where(g => g.Count() >= 2).Select(g => g.OrderBy(p => p.At).ElementAt(1).At).ToList();
        var lastStatus = StatusSnapshot.Take(links.GatewayA, dht.ExportVia, key);
        await log.WriteLineAsync($"  {dht.Backend}: status after the refresh round: {lastStatus}").ConfigureAwait(false);
        if (seconds.Count < exported)
        {
            notes.Add($"only {seconds.Count} of {exported} records were refreshed within {refreshDeadline.TotalSeconds:F0} s of the first put");
        }

        var withdrawnOnB = NamedLines.Of(import, "withdrawn").Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        var importedAtEnd = NamedLines.Of(import, "imported").Select(p => p.Name).Distinct(StringComparer.Ordinal).Count(n => !withdrawnOnB.Contains(n));
        if (export.Errors.Count > 0)
        {
            notes.Add($"the exporter wrote {export.Errors.Count} line(s) on stderr, the first: {export.Errors[0].Text}");
        }

        if (import.Errors.Count > 0)
        {
            notes.Add($"the importer wrote {import.Errors.Count} line(s) on stderr, the first: {import.Errors[0].Text}");
        }

        return new ScaleResult
        {
            Backend = dht.Backend,
            Services = count,
            PublishCalls = publishCalls,
            Exported = exported,
            AllExported = allExported,
            Imported = importedCount,
            AllImported = allImported,
            ExportCpu = exportCpu,
            FirstStatus = firstStatus,
            IdleWindow = Stopwatch.GetElapsedTime(idleStart, idleEnd),
            IdlePuts = idlePuts,
            IdleCpu = idleCpu1 - idleCpu0,
            Refreshed = seconds.Count,
            RefreshBegan = seconds.Count > 0 ? Stopwatch.GetElapsedTime(firstPutAt, seconds.Min()) : null,
            RefreshTook = seconds.Count > 0 ? Stopwatch.GetElapsedTime(seconds.Min(), seconds.Max()) : null,
            RefreshPuts = all.Count(p => p.At >= idleEnd),
            RefreshCpu = refreshCpu - idleCpu1,
            LastStatus = lastStatus,
            ImportedAtEnd = importedAtEnd,
            Notes = notes,
        };
    }

    /// <summary>Instances the exporter has put at least twice.</summary>
    private static int Refreshed(NamespaceProcess export) =>
        NamedLines.Of(export, "exported").GroupBy(p => p.Name, StringComparer.Ordinal).Count(g => g.Count() >= 2);

    private static string Progress(NamespaceProcess export, NamespaceProcess import) =>
        $"exported {NamedLines.Distinct(export, "exported")} ({NamedLines.Of(export, "exported").Count} puts, {Refreshed(export)} refreshed), imported {NamedLines.Distinct(import, "imported")}";

    private static TimeSpan? Cpu(int? pid) => pid is { } p ? ProcStats.CpuTime(p) : null;

    /// <summary>Polls <paramref name="done"/> every 250 ms until <paramref name="limit"/> after <paramref name="from"/>; the time it came true, or null.</summary>
    private static async Task<TimeSpan?> WaitForAsync(Func<bool> done, long from, TimeSpan limit, Func<string> progress, TextWriter log)
    {
        var lastLog = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(from) < limit)
        {
            if (done())
            {
                return Stopwatch.GetElapsedTime(from);
            }

            if (Stopwatch.GetElapsedTime(lastLog) > TimeSpan.FromSeconds(10))
            {
                lastLog = Stopwatch.GetTimestamp();
                await log.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"    {Stopwatch.GetElapsedTime(from).TotalSeconds:F0} s: {progress()}")).ConfigureAwait(false);
            }

            await Task.Delay(250).ConfigureAwait(false);
        }

        return done() ? Stopwatch.GetElapsedTime(from) : null;
    }
}
