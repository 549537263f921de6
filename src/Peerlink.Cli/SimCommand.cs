using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Peerlink.Overlay.Engine;
using Peerlink.Simulation;
using Peerlink.Simulation.Scenarios;
using Peerlink.Wire;

namespace Peerlink.Cli;

/// <summary><c>peerlink sim</c>: the real engine in the simulator, and what it measured.</summary>
internal static class SimCommand
{
    public static CommandWithExamples Create(CliIo io)
    {
        var topology = OverlayChoices.Topology("DHT geometry (bamboo: Pastry's geometry with Bamboo's maintenance).", "chord");
        var nodes = new Option<int>("--nodes") { Description = "Peers in the overlay (up to 131,070).", DefaultValueFactory = _ => 1000 };
        var lookups = new Option<int>("--lookups") { Description = "Lookups issued over the measurement window.", DefaultValueFactory = _ => 10_000 };
        var objects = new Option<int>("--objects") { Description = "Objects published first; lookups ask for them.", DefaultValueFactory = _ => 1000 };
        var churn = new Option<string?>("--churn") { Description = "Churn, e.g. \"session=exp:60m\" or \"session=pareto:60m,shape=2;down=exp:10m;graceful=0.5\". None by default." };
        var loss = new Option<double>("--loss") { Description = "Datagram loss probability, e.g. 0.01.", DefaultValueFactory = _ => 0 };
        var latency = new Option<string>("--latency") { Description = "One-way delay: internet, constant:50ms or uniform:20-200ms.", DefaultValueFactory = _ => "internet" };
        var routing = new Option<RoutingMode>("--routing") { Description = "How lookups travel.", DefaultValueFactory = _ => RoutingMode.Recursive };
        var duration = new Option<TimeSpan>("--duration") { Description = "Measurement window in simulated time (hh:mm:ss).", DefaultValueFactory = _ => TimeSpan.FromMinutes(10) };
        // No default value: which one applies depends on --topology, and an explicit Oracle is refused for a geometry it cannot build.
        var join = new Option<JoinMode?>("--join")
        {
            Description = "How the overlay forms: Oracle (every table built from the complete ring, fast; chord only) or Protocol (every node joins through the draft's Join, one after another) [default: Oracle for chord, Protocol for the others].",
        };
        var joinRate = new Option<double>("--join-rate") { Description = "With --join protocol: joins per simulated second at most (the rate also ramps up with the overlay's size).", DefaultValueFactory = _ => 100 };
        var warmup = new Option<TimeSpan>("--warmup") { Description = "Simulated time between publishing and the first lookup (hh:mm:ss).", DefaultValueFactory = _ => TimeSpan.FromMinutes(1) };
        var seed = new Option<int>("--seed") { Description = "Seed: the same seed gives the same run.", DefaultValueFactory = _ => 7 };
        var json = new Option<bool>("--json") { Description = "Print the figures as JSON." };
        var plot = new Option<FileInfo?>("--plot") { Description = "Also draw the hop-count distribution and the latency CDF into this PNG (two panels, one file)." };
        var command = new CommandWithExamples(
            "sim",
            "Run N peers of the real P2PP engine in the discrete-event simulator, publish objects, look them up\n" +
            "from random peers, and print success rate, hops, latency, maintenance traffic, events/s and memory.",
            "peerlink sim --nodes 10000 --lookups 100000 --churn \"session=exp:60m\" --loss 0.01",
            "peerlink sim --nodes 1000 --routing iterative --plot lookups.png   # hop histogram and latency CDF in one PNG",
            "peerlink sim --nodes 100000 --lookups 100000 --join protocol --join-rate 500 --duration 00:02:00",
            "peerlink sim --topology pastry --nodes 2000 --lookups 20000   # joins through the protocol (the oracle builds Chord only)",
            "peerlink sim --topology kademlia --nodes 1000 --routing iterative --json",
            "peerlink sim --nodes 1000 --json > figures.json");
        foreach (var o in new Option[] { topology.Option, nodes, lookups, objects, churn, loss, latency, routing, duration, join, joinRate, warmup, seed, json, plot })
        {
            command.Options.Add(o);
        }

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
                options = new LookupScenarioOptions
                {
                    Nodes = Positive(parse.GetValue(nodes), "--nodes"),
                    Lookups = Positive(parse.GetValue(lookups), "--lookups"),
                    Objects = Positive(parse.GetValue(objects), "--objects"),
                    Churn = parse.GetValue(churn) is { } c ? ChurnModel.Parse(c) : null,
                    Loss = parse.GetValue(loss) is var l and >= 0 and < 1 ? l : throw new FormatException("--loss is a probability from 0 to below 1"),
                    Latency = LatencyModel.Parse(parse.GetValue(latency)!),
                    Routing = parse.GetValue(routing),
                    Duration = parse.GetValue(duration) > TimeSpan.Zero ? parse.GetValue(duration) : throw new FormatException("--duration must be positive"),
                    Seed = parse.GetValue(seed),
                    Algorithm = algorithm,
                    Join = joinMode,
                    JoinRate = parse.GetValue(joinRate) > 0 ? parse.GetValue(joinRate) : throw new FormatException("--join-rate must be positive"),
                    Warmup = parse.GetValue(warmup) >= TimeSpan.Zero ? parse.GetValue(warmup) : throw new FormatException("--warmup must not be negative"),
                };
            }
            catch (FormatException e)
            {
                return io.Fail(e.Message);
            }

            // A run can take minutes: refuse a picture it could not save before, not after.
            if (parse.GetValue(plot) is { Directory: { Exists: false } missing } target)
            {
                return io.Fail($"--plot {target}: no directory {missing}");
            }

            var quiet = parse.GetValue(json);
            var clock = Stopwatch.StartNew();
            var report = LookupScenario.Run(options, quiet ? null : phase => io.Error.WriteLine($"[{clock.Elapsed:mm\\:ss}] {phase}"));
            var wall = clock.Elapsed.TotalSeconds;
            var peak = Process.GetCurrentProcess().PeakWorkingSet64;
            var figures = new SortedDictionary<string, object>(StringComparer.Ordinal)
            {
                ["nodes"] = report.Nodes,
                ["lookups"] = report.Lookups,
                ["success_rate"] = Math.Round(report.SuccessRate, 5),
                ["mean_hops"] = Math.Round(report.MeanHops, 3),
                ["hops_p99"] = report.HopsP99,
                ["latency_ms_p50"] = Math.Round(report.LatencyMsP50, 1),
                ["latency_ms_p99"] = Math.Round(report.LatencyMsP99, 1),
                ["maintenance_bytes_per_node_per_s"] = Math.Round(report.MaintenanceBytesPerNodePerSecond, 1),
                ["objects_lost"] = report.ObjectsLost,
                ["wrong_successors"] = report.WrongSuccessors,
                ["events"] = report.Events,
                ["events_per_s"] = Math.Round(report.Events / wall),
                ["wall_s"] = Math.Round(wall, 2),
                ["peak_memory_bytes"] = peak,
                ["peak_memory_bytes_per_node"] = peak / report.Nodes,
                ["simulated_s"] = Math.Round(report.SimulatedTime.TotalSeconds),
                ["heap_bytes_per_node"] = report.HeapBytesPerNode,
                ["topology"] = OverlayChoices.Name(options.Algorithm),
                ["join"] = options.Join.ToString().ToLowerInvariant(),
                ["joins_failed"] = report.JoinsFailed,
                ["formed_s"] = Math.Round(report.JoinTime.TotalSeconds, 1),
                ["failures"] = report.Failures.Count == 0 ? "none" : string.Join(",", report.Failures.Select(f => $"{f.Key}={f.Value}")),
            };
            if (parse.GetValue(plot) is { } png)
            {
                try
                {
                    SimPlot.Save(report, png.FullName);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or DllNotFoundException or TypeInitializationException)
                {
                    return io.Fail($"--plot {png}: {e.Message}");
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

    private static int Positive(int value, string name) =>
        value > 0 ? value : throw new FormatException($"{name} must be positive, not {value}");
}
