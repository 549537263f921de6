using System.Diagnostics;
using Peerlink.Interop.Tests;
using Peerlink.TestSupport;

namespace Peerlink.Z2zBench;

/// <summary>
/// Issue 6 item 5, latency: Avahi on link A's service host, <c>peerlink z2z export</c> on gateway A,
/// <c>peerlink z2z import</c> on gateway B, Avahi and a live <c>avahi-browse -rpk _http._tcp</c> on link
/// B's client. Each run publishes a new instance with avahi-publish and times its "Established" line to
/// the browser's '=' line, then, after another random pause, SIGTERMs avahi-publish (Avahi sends the
/// goodbye) and times that to the '-' line.
/// </summary>
internal static class LatencyBench
{
    private const string Type = "_http._tcp";
    private static readonly TimeSpan s_start = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(30);

    public static IReadOnlyList<LatencySample> Run(RoutedLinks links, DhtInRouter dht, int runs, TextWriter log)
    {
        // Every process started here ends by itself (`timeout`) after this, whatever happens to the bench.
        var lifetime = TimeSpan.FromSeconds(60 + (runs * 25));
        var key = $"z2zbench-latency-{Environment.ProcessId}";
        using var avahiA = AvahiDaemon.Start(links.Service, links.ServiceInterface, "z2zbench-a");
        using var export = PeerlinkCli.Start(links.GatewayA, lifetime, ["z2z", "export", Type, "--key", key, "--interface", links.GatewayAInterface, .. dht.ExportVia]);
        export.WaitForLine(l => l.StartsWith("exporting", StringComparison.Ordinal), s_start);
        using var import = PeerlinkCli.Start(links.GatewayB, lifetime, ["z2z", "import", "--key", key, "--interface", links.GatewayBInterface, .. dht.ImportVia]);
        import.WaitForLine(l => l.StartsWith("importing", StringComparison.Ordinal), s_start);
        using var avahiB = AvahiDaemon.Start(links.Client, links.ClientInterface, "z2zbench-b");
        using var browser = avahiB.StartBrowse(Type);
        Thread.Sleep(TimeSpan.FromSeconds(2));

        List<LatencySample> samples = [];
        var random = new Random(Environment.ProcessId);
        for (var run = 1; run <= runs; run++)
        {
            // A random pause first: the importer fetches every 4 s, so runs that followed each other in
            // lockstep would all meet its poll at the same phase instead of sampling the whole interval.
            Thread.Sleep(TimeSpan.FromMilliseconds(500 + random.Next(4000)));
            var instance = $"Bench {dht.Backend} {Environment.ProcessId % 10_000} {run}";
            var sample = RunOnce(avahiA, browser, (export, import), instance, 8080 + run, TimeSpan.FromMilliseconds(500 + random.Next(4000)));
            samples.Add(sample);
            log.WriteLine($"  {dht.Backend} run {run}: appear {Ms(sample.Appear)} (put {Ms(sample.Exported)}, imported {Ms(sample.Imported)}), gone {Ms(sample.Disappear)} (withdrawn {Ms(sample.ExportWithdrawn)}, unimported {Ms(sample.ImportWithdrawn)}){(sample.Failure is { } f ? "; " + f : string.Empty)}");
        }

        return samples;
    }

    private static LatencySample RunOnce(AvahiDaemon avahiA, AvahiBrowser browser, (NamespaceProcess Export, NamespaceProcess Import) z2z, string instance, int port, TimeSpan hold)
    {
        using var publication = avahiA.Publish(instance, Type, port, "path=/");
        TimeSpan appear;
        long established;
        try
        {
            established = publication.WaitForEstablished(s_start).Timestamp;
            var seen = browser.WaitFor(l => l.Kind == '=' && l.Name == instance, s_wait);
            appear = Stopwatch.GetElapsedTime(established, seen.Timestamp);
        }
        catch (TimeoutException e)
        {
            return new LatencySample(null, null, $"never listed on link B: {e.Message.Split('\n')[0]}");
        }

        var steps = new LatencySample(appear, null, null)
        {
            Exported = Step(z2z.Export, "exported", instance, established),
            Imported = Step(z2z.Import, "imported", instance, established),
        };

        // Held a random while, not stopped at once: the service is listed on B just after an importer
        // fetch (plus the ~750 ms probe), so a goodbye sent at once would always meet the next fetch
        // ~3.2 s later, and every goodbye → gone time would come out the same.
        Thread.Sleep(hold);
        var stopped = publication.Stop();
        try
        {
            var gone = browser.WaitFor(l => l.Kind == '-' && l.Name == instance, s_wait);
            return steps with
            {
                Disappear = Stopwatch.GetElapsedTime(stopped, gone.Timestamp),
                ExportWithdrawn = Step(z2z.Export, "withdrawn", instance, stopped),
                ImportWithdrawn = Step(z2z.Import, "withdrawn", instance, stopped),
            };
        }
        catch (TimeoutException e)
        {
            return steps with { Failure = $"never removed from link B: {e.Message.Split('\n')[0]}" };
        }
    }

    /// <summary>From <paramref name="from"/> to the first "VERB "NAME"" line of a z2z verb after it, or null.</summary>
    private static TimeSpan? Step(NamespaceProcess process, string verb, string instance, long from) =>
        NamedLines.Of(process, verb).Where(l => l.Name == instance && l.At >= from).Select(l => (TimeSpan?)Stopwatch.GetElapsedTime(from, l.At)).FirstOrDefault();

    private static string Ms(TimeSpan? t) =>
        t is { } v ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{v.TotalMilliseconds:F0} ms") : "—";
}
