using System.Diagnostics;
using Peerlink.TestSupport;

namespace Peerlink.MdnsBench;

/// <summary>
/// Runs each <see cref="LatencyScenario"/> in its own fresh namespace pair: the publishing side and a
/// live browser are started, left 2 s to settle (the Peerlink host is then past its first second, as a
/// daemon would be), then each run publishes a new instance name (so no cache from an earlier run
/// helps), waits for the browser to show it resolved and for the publisher to call the name its own,
/// stops it and waits for the removal.
/// </summary>
internal static class LatencyBench
{
    private static readonly TimeSpan s_settle = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(15);

    public static async Task<IReadOnlyList<LatencySample>> RunAsync(LatencyScenario scenario, int runs, TextWriter log)
    {
        // Every process started here ends by itself (`timeout`) after this, whatever happens to the bench.
        var lifetime = TimeSpan.FromSeconds(60 + (runs * 20));
        var nonce = Environment.ProcessId % 10_000;
        List<LatencySample> samples = [];
        using var ns = NetworkNamespaces.Create();
        var publisher = await scenario.StartPublisher(ns, lifetime).ConfigureAwait(false);
        await using (publisher.ConfigureAwait(false))
        {
            using var browser = scenario.StartBrowser(ns, lifetime);
            await Task.Delay(s_settle).ConfigureAwait(false);
            for (var run = 1; run <= runs; run++)
            {
                var instance = $"plkbench-{scenario.Tag}-{nonce}-{run}";
                var sample = await RunOnceAsync(publisher, browser, instance, run).ConfigureAwait(false);
                samples.Add(sample);
                await log.WriteLineAsync($"  {scenario.Name} run {run}: {Describe(sample)}").ConfigureAwait(false);
            }
        }

        return samples;
    }

    private static async Task<LatencySample> RunOnceAsync(IPublisherSide publisher, IBrowserSide browser, string instance, int run)
    {
        var published = await publisher.PublishAsync(instance, run).ConfigureAwait(false);
        TimeSpan? firstSight = null, appear = null, fromProtocol = null, disappear = null;
        try
        {
            var resolved = browser.Resolved(instance, s_wait);
            appear = Stopwatch.GetElapsedTime(published.Started, resolved);
            if (browser.FirstSight(instance, TimeSpan.Zero) is { } first)
            {
                firstSight = Stopwatch.GetElapsedTime(published.Started, first);
            }

            if (published.ProtocolStarted(TimeSpan.FromSeconds(1)) is { } protocol)
            {
                fromProtocol = Stopwatch.GetElapsedTime(protocol, resolved);
            }

            await published.WaitEstablishedAsync(s_wait).ConfigureAwait(false);
        }
        catch (TimeoutException e)
        {
            await published.StopAsync().ConfigureAwait(false);
            return new LatencySample(firstSight, appear, fromProtocol, null, $"{(appear is null ? "never resolved" : "publisher never established")}: {FirstLine(e)}");
        }

        var stopped = await published.StopAsync().ConfigureAwait(false);
        try
        {
            disappear = Stopwatch.GetElapsedTime(stopped, browser.Removed(instance, s_wait));
        }
        catch (TimeoutException e)
        {
            return new LatencySample(firstSight, appear, fromProtocol, null, $"never removed: {FirstLine(e)}");
        }

        return new LatencySample(firstSight, appear, fromProtocol, disappear, null);
    }

    private static string FirstLine(Exception e) => e.Message.Split('\n')[0];

    private static string Describe(LatencySample s) =>
        $"first sight {Ms(s.FirstSight)}, resolved {Ms(s.Appear)}" +
        (s.AppearFromProtocol is { } p ? $" ({Ms(p)} from \"registering\")" : string.Empty) +
        $", removed {Ms(s.Disappear)}" + (s.Failure is { } f ? $"; {f}" : string.Empty);

    private static string Ms(TimeSpan? t) =>
        t is { } v ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{v.TotalMilliseconds:F0} ms") : "—";
}
