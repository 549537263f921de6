using System.Globalization;
using System.Text.Json;
using Peerlink.Simulation.Scenarios;

namespace Peerlink.Cli;

/// <summary>
/// What <c>peerlink sim compare</c> prints: a row per run, as an aligned table with footnotes or as
/// one JSON object. Both are made from the one list of columns, so they cannot drift apart.
/// </summary>
internal static class CompareTable
{
    private const string HopsNote = "for kademlia with iterative or parallel routing, the messages of its node lookup (peers asked, then tries at the closest found), not overlay hops along a path";

    // The first columns name the run (left-aligned); the rest are figures (right-aligned).
    private const int TextColumns = 3;

    private static readonly (string Name, Func<CompareRun, object> Value)[] Columns =
    [
        ("topology", r => OverlayChoices.Name(r.Algorithm)),
        ("routing", r => r.Routing.ToString().ToLowerInvariant()),
        ("churn", r => r.Churn),
        ("success_rate", r => Math.Round(r.Report.SuccessRate, 5)),
        ("mean_hops", r => Math.Round(r.Report.MeanHops, 3)),
        ("hops_p99", r => r.Report.HopsP99),
        ("latency_ms_p50", r => Math.Round(r.Report.LatencyMsP50, 1)),
        ("latency_ms_p99", r => Math.Round(r.Report.LatencyMsP99, 1)),
        ("maintenance_bytes_per_node_per_s", r => Math.Round(r.Report.MaintenanceBytesPerNodePerSecond, 1)),
        ("routing_state_entries_per_node", r => Math.Round(r.Report.TableEntriesPerNode, 1)),
        ("objects_lost", r => r.Report.ObjectsLost),
        ("wall_s", r => Math.Round(r.WallSeconds, 2)),
    ];

    // What a reader of the JSON cannot guess from a field's name.
    private static readonly Dictionary<string, string> Fields = new(StringComparer.Ordinal)
    {
        ["mean_hops"] = $"mean hops of successful lookups; {HopsNote} (the row's hops_count says which)",
        ["hops_p99"] = $"99th percentile of the same hops; {HopsNote}",
        ["latency_ms_p50"] = "median latency of successful lookups, simulated milliseconds",
        ["maintenance_bytes_per_node_per_s"] = "bytes of everything but publish and lookup, per live node per second of the measurement window",
        ["routing_state_entries_per_node"] = "distinct peers in a live node's routing table at the end, mean over live nodes",
        ["objects_lost"] = "objects with no live copy at the end (copies held by black holes do not count)",
        ["wall_s"] = "wall-clock seconds the run took",
        ["black_hole_drops"] = "with --black-holes: requests the black holes dropped, by request type",
        ["black_hole_key_success_rate"] = "with --black-holes: success rate of the lookups for keys a black hole owned when the lookups began (found only at a replica)",
    };

    /// <summary>Writes <paramref name="runs"/> as a table, with a line of what they shared above and footnotes below.</summary>
    public static void WriteText(TextWriter output, LookupScenarioOptions shared, IReadOnlyList<CompareRun> runs, string? plot)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(shared);
        var blackHoles = shared.BlackHoles > 0 ? $", black holes {Text(shared.BlackHoles)} of the peers" : string.Empty;
        output.WriteLine($"{shared.Nodes:N0} peers, protocol joins, {shared.Lookups:N0} lookups of {shared.Objects:N0} objects over {shared.Duration}, loss {Text(shared.Loss)}{blackHoles}, latency {shared.Latency}, seed {shared.Seed}");
        output.WriteLine();
        var cells = runs.Select(run => Columns.Select(c => Text(c.Value(run)) + (c.Name == "routing" && run.HopsAreLookupMessages ? "*" : string.Empty)).ToArray()).ToList();
        var widths = Columns.Select((c, i) => cells.Select(row => row[i].Length).Append(c.Name.Length).Max()).ToArray();
        output.WriteLine(string.Join("  ", Columns.Select((c, i) => Pad(c.Name, widths[i], i))).TrimEnd());
        foreach (var row in cells)
        {
            output.WriteLine(string.Join("  ", row.Select((cell, i) => Pad(cell, widths[i], i))).TrimEnd());
        }

        output.WriteLine();
        if (runs.Any(r => r.HopsAreLookupMessages))
        {
            output.WriteLine($"* hops: {HopsNote}.");
        }

        foreach (var run in runs.Where(r => r.Report.BlackHoles > 0))
        {
            // The table has no room for these, and without them a row's success rate says nothing of why.
            var figures = SimWorkload.BlackHoleFigures(run.Report).Select(f => $"{f.Name} {Text(f.Value)}");
            var failures = run.Report.Failures.Count == 0 ? "none" : string.Join(",", run.Report.Failures.Select(f => $"{f.Key}={f.Value}"));
            output.WriteLine($"{OverlayChoices.Name(run.Algorithm)} ({run.Routing.ToString().ToLowerInvariant()}, churn {run.Churn}): {string.Join(", ", figures)}, failures {failures}");
        }

        output.WriteLine("routing_state_entries_per_node: distinct peers in a live node's table at the end; maintenance: bytes of all but publish and lookup per live node per second.");
        if (plot is not null)
        {
            output.WriteLine($"plot: {plot}");
        }
    }

    /// <summary>Writes <paramref name="runs"/> as one JSON object: what they shared, what the fields mean, a row per run.</summary>
    public static void WriteJson(TextWriter output, LookupScenarioOptions shared, IReadOnlyList<CompareRun> runs, string? plot)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(shared);
        var rows = runs.Select(run =>
        {
            var row = new OrderedDictionary<string, object?>(StringComparer.Ordinal);
            foreach (var (name, value) in Columns)
            {
                row[name] = value(run);
            }

            row["hops_count"] = run.HopsAreLookupMessages ? "node_lookup_messages" : "overlay_hops";
            row["session_median_s"] = run.SweepSession?.Median.TotalSeconds;
            row["joins_failed"] = run.Report.JoinsFailed;
            row["failures"] = run.Report.Failures;
            foreach (var (name, value) in run.Report.BlackHoles > 0 ? SimWorkload.BlackHoleFigures(run.Report) : [])
            {
                row[name] = value;
            }

            return row;
        }).ToList();
        var figures = new OrderedDictionary<string, object?>(StringComparer.Ordinal)
        {
            ["nodes"] = shared.Nodes,
            ["lookups"] = shared.Lookups,
            ["objects"] = shared.Objects,
            ["duration_s"] = shared.Duration.TotalSeconds,
            ["loss"] = shared.Loss,
            ["black_hole_fraction"] = shared.BlackHoles,
            ["latency"] = shared.Latency.ToString(),
            ["seed"] = shared.Seed,
            ["join"] = "protocol",
            ["fields"] = Fields,
            ["rows"] = rows,
        };
        if (plot is not null)
        {
            figures["plot"] = plot;
        }

        output.WriteLine(JsonSerializer.Serialize(figures));
    }

    private static string Text(object value) => Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty;

    private static string Pad(string cell, int width, int column) => column >= TextColumns ? cell.PadLeft(width) : cell.PadRight(width);
}
