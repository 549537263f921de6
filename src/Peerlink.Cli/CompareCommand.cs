using System.CommandLine;
using System.Diagnostics;
using Peerlink.Overlay.Engine;
using Peerlink.Simulation;
using Peerlink.Simulation.Scenarios;
using Peerlink.Wire;

namespace Peerlink.Cli;

/// <summary>
/// <c>peerlink sim compare</c>: the same workload on each geometry, and optionally under a sweep of
/// churn rates, one row per run. Every overlay forms by protocol joins, since the oracle builds Chord
/// tables only and a Chord formed by an oracle would start from a better table than the others.
/// </summary>
internal static class CompareCommand
{
    public static CommandWithExamples Create(CliIo io)
    {
        var topologies = new Option<string>("--topologies") { Description = "The geometries to compare, comma-separated.", HelpName = "list", DefaultValueFactory = _ => OverlayChoices.AllTopologies };
        var sessions = new Option<string?>("--sessions")
        {
            Description = "Also a churn sweep: for each median session time (exponential sessions, as --churn \"session=exp:15m\"), one run per geometry, beside the runs with --churn (or none).",
            HelpName = "5m,15m,60m",
        };
        var routing = new Option<RoutingMode?>("--routing")
        {
            Description = "How lookups travel, for every geometry [default: Parallel for kademlia (its node lookup, alpha peers at a time; its recursive greedy routing is weak by design), Recursive for the others].",
        };
        var workload = new SimWorkload("Also draw the latency CDF per geometry (and, with --sessions, success rate and maintenance traffic against the median session time) into this PNG.");
        var command = new CommandWithExamples(
            "compare",
            "Run the same workload on each DHT geometry (protocol joins for all) and print a row per geometry:\n" +
            "success rate, hops, latency, maintenance traffic, routing state, objects lost; optionally under a churn sweep.",
            "peerlink sim compare --nodes 10000 --lookups 20000",
            "peerlink sim compare --nodes 2000 --sessions 5m,15m,60m --plot compare.png   # latency CDFs and the churn sweep in one PNG",
            "peerlink sim compare --nodes 1000 --topologies chord,kademlia --routing iterative --json",
            "peerlink sim compare --nodes 1000 --churn \"session=exp:60m\" --loss 0.01 --json > compare.json",
            "peerlink sim compare --nodes 2000 --routing parallel --black-holes 0.1   # one peer in ten drops what it should route");
        workload.AddTo(command, topologies, sessions, routing);

        command.SetAction(parse =>
        {
            LookupScenarioOptions shared;
            IReadOnlyList<OverlayAlgorithm> algorithms;
            IReadOnlyList<MedianSession> sweep;
            try
            {
                shared = workload.Read(parse) with { Join = JoinMode.Protocol };
                algorithms = OverlayChoices.ParseTopologies(parse.GetValue(topologies)!, "--topologies");
                sweep = parse.GetValue(sessions) is { } s ? ParseSessions(s) : [];
            }
            catch (FormatException e)
            {
                return io.Fail(e.Message);
            }

            if (!workload.TryGetPlot(parse, io, out var png))
            {
                return 1;
            }

            // The runs without the sweep take --churn (or none); each sweep run takes its own session time.
            var plan = algorithms.Select(a => (Algorithm: a, Churn: shared.Churn, Label: parse.GetValue(workload.Churn) ?? "none", Session: (MedianSession?)null))
                .Concat(sweep.SelectMany(s => algorithms.Select(a => (Algorithm: a, Churn: (ChurnModel?)SessionChurn(s.Median), Label: $"session=exp:{s.Text}", Session: (MedianSession?)s))))
                .ToList();
            var quiet = parse.GetValue(workload.Json);
            var clock = Stopwatch.StartNew();
            var runs = new List<CompareRun>(plan.Count);
            foreach (var (i, run) in plan.Index())
            {
                var mode = parse.GetValue(routing) ?? DefaultRouting(run.Algorithm);
                var name = OverlayChoices.Name(run.Algorithm);
                if (!quiet)
                {
                    io.Error.WriteLine($"[{clock.Elapsed:mm\\:ss}] run {i + 1} of {plan.Count}: {name}, {mode.ToString().ToLowerInvariant()} routing, churn {run.Label}");
                }

                var watch = Stopwatch.StartNew();
                var report = LookupScenario.Run(shared with { Algorithm = run.Algorithm, Routing = mode, Churn = run.Churn }, SimWorkload.Progress(io, clock, quiet, $"  {name}: "));
                runs.Add(new CompareRun(run.Algorithm, mode, run.Label, run.Session, report, watch.Elapsed.TotalSeconds));
            }

            if (png is not null && !SimWorkload.TryDraw(io, png, path => ComparePlot.Save(runs, path)))
            {
                return 1;
            }

            if (quiet)
            {
                CompareTable.WriteJson(io.Out, shared, runs, png?.FullName);
            }
            else
            {
                CompareTable.WriteText(io.Out, shared, runs, png?.FullName);
            }

            return 0;
        });
        return command;
    }

    // Kademlia's lookup is its node lookup, alpha peers at a time (Maymounkov and Mazières §2.3); routed
    // recursively, greedy by XOR through one peer a hop, it is weak by design and would not be Kademlia
    // as deployed. The others route recursively, as they were designed to.
    private static RoutingMode DefaultRouting(OverlayAlgorithm algorithm) =>
        algorithm == OverlayAlgorithm.Kademlia ? RoutingMode.Parallel : RoutingMode.Recursive;

    // What --churn "session=exp:MEDIAN" gives: exponential sessions, down times alike, every departure a crash.
    private static ChurnModel SessionChurn(TimeSpan median) => new(DurationDistribution.Exponential(median));

    // "5m,15m,60m": each a positive duration, read as --churn reads a median; shortest first, each once.
    private static List<MedianSession> ParseSessions(string list)
    {
        var sessions = new List<MedianSession>();
        foreach (var text in list.Split(',', StringSplitOptions.TrimEntries))
        {
            TimeSpan median;
            try
            {
                median = DurationDistribution.Parse($"exp:{text}").Median;
            }
            catch (FormatException)
            {
                throw new FormatException($"--sessions {list}: \"{text}\" is not a median session time; expected durations with a unit (ms, s, m, h), e.g. 5m,15m,60m");
            }

            sessions.Add(median > TimeSpan.Zero ? new MedianSession(median, text) : throw new FormatException($"--sessions {list}: a median session time must be positive, not \"{text}\""));
        }

        return [.. sessions.DistinctBy(s => s.Median).OrderBy(s => s.Median)];
    }
}
