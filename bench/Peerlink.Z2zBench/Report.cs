using System.Globalization;
using Peerlink.MdnsBench;

namespace Peerlink.Z2zBench;

/// <summary>Writes the results as markdown: a header line, the latency table, the scale table, the failures.</summary>
internal sealed class Report(TextWriter output, BenchOptions options)
{
    private static readonly CultureInfo s_invariant = CultureInfo.InvariantCulture;

    public void Header()
    {
        var cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "?";
        var command = Environment.GetEnvironmentVariable("Z2Z_BENCH_COMMAND") ?? $"Peerlink.Z2zBench {string.Join(' ', Environment.GetCommandLineArgs().Skip(1))}";
        output.WriteLine(string.Create(s_invariant,
            $"{DateTime.UtcNow:ddd MMM d HH:mm:ss} UTC {DateTime.UtcNow:yyyy}; {Environment.ProcessorCount} cores (nproc), {cpu}; command `{command.Trim()}`; {options.Runs} latency runs per backend, {options.Services:N0} services for the scale part"));
        output.WriteLine();
    }

    public void Latency(IReadOnlyList<(Backend Backend, IReadOnlyList<LatencySample> Samples)> results)
    {
        output.WriteLine("### Link A → link B (ms: min / **median** / max)");
        output.WriteLine();
        output.WriteLine("| rendezvous | avahi-publish \"Established\" on A → '=' in avahi-browse on B | SIGTERM to avahi-publish on A → '-' on B |");
        output.WriteLine("| --- | ---: | ---: |");
        foreach (var (backend, samples) in results)
        {
            output.WriteLine($"| {Name(backend)} | {Spread.Format(Spread.Of(samples.Select(s => s.Appear)), options.Runs)} | {Spread.Format(Spread.Of(samples.Select(s => s.Disappear)), options.Runs)} |");
        }

        output.WriteLine();
        output.WriteLine("Where the time goes (ms: min / **median** / max; when the bench read each process's line):");
        output.WriteLine();
        output.WriteLine("| rendezvous | Established → exporter's put printed | Established → importer's advertisement printed | SIGTERM → exporter's withdrawal printed | SIGTERM → importer's withdrawal printed |");
        output.WriteLine("| --- | ---: | ---: | ---: | ---: |");
        foreach (var (backend, samples) in results)
        {
            output.WriteLine($"| {Name(backend)} | {F(samples.Select(s => s.Exported))} | {F(samples.Select(s => s.Imported))} | {F(samples.Select(s => s.ExportWithdrawn))} | {F(samples.Select(s => s.ImportWithdrawn))} |");
        }

        output.WriteLine();
        foreach (var (backend, samples) in results)
        {
            foreach (var (failure, run) in samples.Select((s, i) => (s.Failure, i + 1)).Where(p => p.Failure is not null))
            {
                output.WriteLine($"- {Name(backend)} run {run}: {failure}");
            }
        }

        output.WriteLine();
    }

    public void Scale(IReadOnlyList<ScaleResult> results)
    {
        output.WriteLine(string.Create(s_invariant, $"### One exporter, {options.Services:N0} services (times from the first PublishAsync on link A)"));
        output.WriteLine();
        output.WriteLine("| rendezvous | all put (distinct) | all advertised on B | exporter CPU to then | status after | quiet 60 s: puts, CPU | refresh round: began after first put, took, puts (/s), CPU | status after refresh: live, stalest, stale | advertised on B at end |");
        output.WriteLine("| --- | ---: | ---: | ---: | --- | ---: | ---: | --- | ---: |");
        foreach (var r in results)
        {
            var rate = r.RefreshTook is { } took && took.TotalSeconds > 0 ? (r.RefreshPuts / Math.Max(took.TotalSeconds, 1)).ToString("F0", s_invariant) : "—";
            output.WriteLine(string.Create(s_invariant,
                $"| {Name(r.Backend)} | {Time(r.AllExported)} ({r.Exported:N0}) | {Time(r.AllImported)} ({r.Imported:N0}) | {Cpu(r.ExportCpu)} | {Status(r.FirstStatus)} | {r.IdlePuts}, {Cpu(r.IdleCpu)} | {Time(r.RefreshBegan)}, {Time(r.RefreshTook)}, {r.RefreshPuts:N0} ({rate}), {Cpu(r.RefreshCpu)} | {Status(r.LastStatus)} | {r.ImportedAtEnd:N0} |"));
        }

        output.WriteLine();
        foreach (var r in results)
        {
            output.WriteLine(string.Create(s_invariant, $"- {Name(r.Backend)}: {r.Services:N0} PublishAsync calls took {r.PublishCalls.TotalSeconds:F1} s; {r.Refreshed:N0} records refreshed."));
            foreach (var note in r.Notes)
            {
                output.WriteLine($"- {Name(r.Backend)}: {note}");
            }
        }

        output.WriteLine();
    }

    private string F(IEnumerable<TimeSpan?> values) => Spread.Format(Spread.Of(values), options.Runs);

    private static string Name(Backend backend) => backend == Backend.Overlay ? "Peerlink overlay (bootstrap + 2 peers)" : "OpenDHT (3 dhtnodes, REST proxy)";

    private static string Time(TimeSpan? t) => t is { } v ? string.Create(s_invariant, $"{v.TotalSeconds:F1} s") : "—";

    private static string Cpu(TimeSpan? t) => t is { } v ? string.Create(s_invariant, $"{v.TotalSeconds:F2} s") : "?";

    private static string Status(StatusSnapshot? s) => s switch
    {
        null => "—",
        { Failure: { } f } => $"failed: {f}",
        _ => string.Create(s_invariant, $"{s.Live:N0} live, {s.MaxAgeSeconds} s, {s.Stale} stale ({s.Took.TotalSeconds:F1} s)"),
    };
}
