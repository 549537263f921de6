using System.Globalization;

namespace Peerlink.MdnsBench;

/// <summary>Writes the results as markdown: a header line, the latency table, the load table, the goal lines.</summary>
internal sealed class Report(TextWriter output, BenchOptions options)
{
    /// <summary>Issue 5 item 5: at least this many queries a second, none dropped.</summary>
    private const int GoalRate = 5_000;

    private static readonly CultureInfo s_invariant = CultureInfo.InvariantCulture;

    public void Header()
    {
        var cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "?";
        var command = Environment.GetEnvironmentVariable("MDNS_BENCH_COMMAND") ?? $"Peerlink.MdnsBench {string.Join(' ', Environment.GetCommandLineArgs().Skip(1))}";
        output.WriteLine(string.Create(s_invariant,
            $"{DateTime.UtcNow:ddd MMM d HH:mm:ss} UTC {DateTime.UtcNow:yyyy}; {Environment.ProcessorCount} cores (nproc), {cpu}; command `{command.Trim()}`; {options.Runs} runs per scenario"));
        output.WriteLine();
    }

    public void Latency(IReadOnlyList<(LatencyScenario Scenario, IReadOnlyList<LatencySample> Samples)> results)
    {
        output.WriteLine("### Appear and disappear latency (ms: min / **median** / max)");
        output.WriteLine();
        output.WriteLine("| publisher → browser | publish is | publish → first sight | publish → resolved | stop → removed |");
        output.WriteLine("| --- | --- | ---: | ---: | ---: |");
        foreach (var (scenario, samples) in results)
        {
            Row(scenario.Name, scenario.Origin, samples.Select(s => s.FirstSight), samples.Select(s => s.Appear), samples.Select(s => s.Disappear));
            if (samples.Any(s => s.AppearFromProtocol is not null))
            {
                Row(scenario.Name, "its \"registering\" line (before register_service)", samples.Select(_ => (TimeSpan?)null), samples.Select(s => s.AppearFromProtocol), samples.Select(_ => (TimeSpan?)null));
            }
        }

        output.WriteLine();
        foreach (var (scenario, samples) in results)
        {
            foreach (var (failure, run) in samples.Select((s, i) => (s.Failure, i + 1)).Where(p => p.Failure is not null))
            {
                output.WriteLine($"- {scenario.Name} run {run}: {failure}");
            }
        }

        var peerlink = Median(results, "p2p");
        var avahi = Median(results, "a2a");
        var met = peerlink is { } p && avahi is { } a && p < a;
        output.WriteLine(string.Create(s_invariant,
            $"**Goal: Peerlink→Peerlink appears faster than Avahi→Avahi: {(met ? "met" : "not met")}** (medians, publish → resolved, in-process publisher: {peerlink:F0} vs {avahi:F0} ms)"));
        output.WriteLine();
    }

    public void Throughput(IReadOnlyList<LoadStep> steps, string pinning)
    {
        output.WriteLine("### Responder throughput: legacy unicast PTR queries (RFC 6762 §6.7), 2 s per step");
        output.WriteLine();
        output.WriteLine($"{pinning}.");
        output.WriteLine();
        output.WriteLine("| asked rate (/s) | sent | answered | dropped | achieved send rate (/s) | responder CPU, % of one core over the step and the 1 s wait | UDP RcvbufErrors responder / bench |");
        output.WriteLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var s in steps)
        {
            var cpu = s.ResponderCpu is { } c ? (c.TotalSeconds / s.StepSeconds * 100).ToString("F0", s_invariant) : "?";
            output.WriteLine(string.Create(s_invariant,
                $"| {s.Rate:N0}{(s.WarmUp ? " (warm-up, 1 s)" : string.Empty)} | {s.Sent:N0} | {s.Answered:N0} | {s.Dropped:N0} | {s.AchievedRate:N0} | {cpu} | {s.ResponderRcvbufErrors:N0} / {s.BenchRcvbufErrors:N0} |"));
        }

        output.WriteLine();
        var goalSteps = steps.Where(s => !s.WarmUp).ToList();
        var clean = goalSteps.Where(s => s.Dropped == 0 && s.SendErrors == 0).Select(s => s.Rate).DefaultIfEmpty(0).Max();
        // Met when every step up to the goal rate lost nothing and the goal step really was sent that fast.
        var met = goalSteps.Where(s => s.Rate <= GoalRate).All(s => s.Dropped == 0 && s.SendErrors == 0)
            && goalSteps.Any(s => s.Rate == GoalRate && s.AchievedRate >= GoalRate * 0.99);
        output.WriteLine(string.Create(s_invariant,
            $"**Goal: responder answers ≥ 5,000 queries/s on one core without dropping one: {(met ? "met" : "not met")}** (highest step with 0 drops: {clean:N0}/s)"));
        output.WriteLine();
    }

    private static double? Median(IReadOnlyList<(LatencyScenario Scenario, IReadOnlyList<LatencySample> Samples)> results, string tag) =>
        results.Where(r => r.Scenario.Tag == tag).Select(r => Spread.Of(r.Samples.Select(s => s.Appear))?.Median).FirstOrDefault();

    private void Row(string name, string origin, IEnumerable<TimeSpan?> first, IEnumerable<TimeSpan?> appear, IEnumerable<TimeSpan?> gone) =>
        output.WriteLine($"| {name} | {origin} | {Spread.Format(Spread.Of(first), options.Runs)} | {Spread.Format(Spread.Of(appear), options.Runs)} | {Spread.Format(Spread.Of(gone), options.Runs)} |");
}
