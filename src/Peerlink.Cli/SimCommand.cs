using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Peerlink.Overlay.Engine;
using Peerlink.Simulation.Scenarios;
using Peerlink.Wire;

namespace Peerlink.Cli;

/// <summary><c>peerlink sim</c>: the real engine in the simulator, and what it measured.</summary>
internal static class SimCommand
{
    public static CommandWithExamples Create(CliIo io)
    {
        var topology = OverlayChoices.Topology("DHT geometry (pastry repairs a failed leaf at once; bamboo: the same geometry with Bamboo's periodic recovery).", "chord");
        var routing = new Option<RoutingMode>("--routing") { Description = "How lookups travel.", DefaultValueFactory = _ => RoutingMode.Recursive };
        // No default value: which one applies depends on --topology, and an explicit Oracle is refused for a geometry it cannot build.
        var join = new Option<JoinMode?>("--join")
        {
            Description = "How the overlay forms: Oracle (every table built from the complete ring, fast; chord only) or Protocol (every node joins through the draft's Join, one after another) [default: Oracle for chord, Protocol for the others].",
        };
        var workload = new SimWorkload("Also draw the hop-count distribution and the latency CDF into this PNG (two panels, one file).");
        var command = new CommandWithExamples(
            "sim",
            "Run N peers of the real P2PP engine in the discrete-event simulator, publish objects, look them up\n" +
            "from random peers, and print success rate, hops, latency, maintenance traffic, events/s and memory.",
            "peerlink sim --nodes 10000 --lookups 100000 --churn \"session=exp:60m\" --loss 0.01",
            "peerlink sim --nodes 1000 --routing iterative --plot lookups.png   # hop histogram and latency CDF in one PNG",
            "peerlink sim --nodes 100000 --lookups 100000 --join protocol --join-rate 500 --duration 00:02:00",
            "peerlink sim --topology pastry --nodes 2000 --lookups 20000   # joins through the protocol (the oracle builds Chord only)",
            "peerlink sim --topology kademlia --nodes 1000 --routing iterative --json",
            "peerlink sim --topology pastry --nodes 2000 --routing parallel --black-holes 0.1   # one peer in ten drops what it should route",
            "peerlink sim --nodes 1000 --json > figures.json",
            "peerlink sim compare --nodes 10000 --sessions 5m,15m,60m --plot compare.png   # every geometry side by side: see sim compare --help");
        workload.AddTo(command, topology.Option, routing, join);
        command.Subcommands.Add(CompareCommand.Create(io));
        command.Subcommands.Add(SimCallsCommand.Create(io));

        command.SetAction(parse =>
        {
            var algorithm = topology.Get(parse);
            if (JoinFor(algorithm, parse.GetValue(join)) is not { } joinMode)
            {
                var name = OverlayChoices.Name(algorithm);
                return io.Fail($"--join oracle builds Chord tables only: run --topology {name} with --join protocol, or without --join (protocol is its default)");
            }

            LookupScenarioOptions options;
            try
            {
                options = workload.Read(parse) with { Algorithm = algorithm, Join = joinMode, Routing = parse.GetValue(routing) };
            }
            catch (FormatException e)
            {
                return io.Fail(e.Message);
            }

            if (!workload.TryGetPlot(parse, io, out var png))
            {
                return 1;
            }

            var quiet = parse.GetValue(workload.Json);
            var clock = Stopwatch.StartNew();
            var gc = GcFigures.Start();
            var report = LookupScenario.Run(options, SimWorkload.Progress(io, clock, quiet));
            var wall = clock.Elapsed.TotalSeconds;
            var collected = gc.Stop();
            var peak = Process.GetCurrentProcess().PeakWorkingSet64;
            var figures = new SortedDictionary<string, object>(StringComparer.Ordinal)
            {
                ["nodes"] = report.Nodes,
                ["lookups"] = report.Lookups,
                ["lookups_abandoned"] = report.Abandoned,
                ["success_rate"] = Math.Round(report.SuccessRate, 5),
                ["mean_hops"] = Math.Round(report.MeanHops, 3),
                ["hops_p99"] = report.HopsP99,
                ["latency_ms_p50"] = Math.Round(report.LatencyMsP50, 1),
                ["latency_ms_p99"] = Math.Round(report.LatencyMsP99, 1),
                ["maintenance_bytes_per_node_per_s"] = Math.Round(report.MaintenanceBytesPerNodePerSecond, 1),
                ["objects_lost"] = report.ObjectsLost,
                ["wrong_successors"] = report.WrongSuccessors,
                ["routing_state_entries_per_node"] = Math.Round(report.TableEntriesPerNode, 1),
                ["events"] = report.Events,
                ["events_per_s"] = Math.Round(report.Events / wall),
                ["wall_s"] = Math.Round(wall, 2),
                ["peak_memory_bytes"] = peak,
                ["peak_memory_bytes_per_node"] = peak / report.Nodes,
                ["simulated_s"] = Math.Round(report.SimulatedTime.TotalSeconds),
                ["heap_bytes_per_node"] = report.HeapBytesPerNode,
                ["allocated_bytes_per_event"] = report.Events == 0 ? 0 : collected.AllocatedBytes / report.Events,
                ["gc_collections"] = collected.Collections,
                ["gc_pause_s"] = Math.Round(collected.Pause.TotalSeconds, 2),
                ["topology"] = OverlayChoices.Name(options.Algorithm),
                ["join"] = options.Join.ToString().ToLowerInvariant(),
                ["joins_failed"] = report.JoinsFailed,
                ["formed_s"] = Math.Round(report.JoinTime.TotalSeconds, 1),
                ["failures"] = report.Failures.Count == 0 ? "none" : string.Join(",", report.Failures.Select(f => $"{f.Key}={f.Value}")),
            };
            if (report.BlackHoles > 0)
            {
                foreach (var (name, value) in SimWorkload.BlackHoleFigures(report))
                {
                    figures[name] = value;
                }
            }

            if (png is not null)
            {
                if (!SimWorkload.TryDraw(io, png, path => SimPlot.Save(report, path)))
                {
                    return 1;
                }

                figures["plot"] = png.FullName;
            }

            if (quiet)
            {
                io.Out.WriteLine(JsonSerializer.Serialize(figures));
            }
            else
            {
                foreach (var (name, value) in figures)
                {
                    io.Out.WriteLine($"{name,-34} {Convert.ToString(value, CultureInfo.InvariantCulture)}");
                }
            }

            return 0;
        });
        return command;
    }

    // The oracle builds Chord tables only (LookupScenario): another geometry forms by the protocol, and
    // asking for the oracle with one is the user's mistake to hear about, not a run to change silently.
    private static JoinMode? JoinFor(OverlayAlgorithm algorithm, JoinMode? given) => (algorithm, given) switch
    {
        (OverlayAlgorithm.Chord, null) => JoinMode.Oracle,
        (_, null) => JoinMode.Protocol,
        (not OverlayAlgorithm.Chord, JoinMode.Oracle) => null,
        _ => given,
    };
}
