using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Peerlink.Overlay.Engine;
using Peerlink.Simulation;
using Peerlink.Simulation.Scenarios;

namespace Peerlink.Cli;

/// <summary>
/// <c>peerlink sim calls</c>: P2P-SIP call set-up in the simulator (issue 8, item 6): hosts that are
/// overlay peers and SIP user agents, callees registered in the overlay, calls looked up in each
/// routing mode and then sent straight to the callee, beside direct calls to a known address.
/// </summary>
internal static class SimCallsCommand
{
    public static CommandWithExamples Create(CliIo io)
    {
        var nodes = new Option<int>("--nodes") { Description = "Hosts: each an overlay peer (Chord, tables from the oracle) and a SIP user agent.", DefaultValueFactory = _ => 1000 };
        var users = new Option<int>("--users") { Description = "Hosts that register a SIP address-of-record; every call goes to one of them.", DefaultValueFactory = _ => 200 };
        var calls = new Option<int>("--calls") { Description = "Calls per routing mode, and as many direct ones.", DefaultValueFactory = _ => 500 };
        var routings = new Option<string>("--routing") { Description = "The routing modes of the lookups, comma-separated.", HelpName = "list", DefaultValueFactory = _ => "recursive,iterative,parallel" };
        var latency = new Option<string>("--latency") { Description = "One-way delay: internet, constant:50ms or uniform:20-200ms.", DefaultValueFactory = _ => "internet" };
        var seed = new Option<int>("--seed") { Description = "Seed of everything random: the same seed gives the same run.", DefaultValueFactory = _ => 7 };
        var json = new Option<bool>("--json") { Description = "One JSON object with a row per mode instead of the table." };
        var command = new CommandWithExamples(
            "calls",
            "Time P2P-SIP call set-up in the simulator: the callee's registration looked up in the overlay, then\n" +
            "INVITE to 200 OK straight to the contact found, per routing mode, beside direct calls to a known address.",
            "peerlink sim calls --nodes 10000 --calls 1000     # issue 8's figures: Internet-like latency, every routing mode",
            "peerlink sim calls --nodes 1000 --routing recursive --latency constant:50ms --json");
        foreach (var o in new Option[] { nodes, users, calls, routings, latency, seed, json })
        {
            command.Options.Add(o);
        }

        command.SetAction(parse =>
        {
            SipCallScenarioOptions options;
            try
            {
                var modes = parse.GetValue(routings)!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                    .Select(m => Enum.TryParse<RoutingMode>(m, ignoreCase: true, out var r) && Enum.IsDefined(r) ? r : throw new FormatException($"--routing: '{m}' is not recursive, iterative or parallel"))
                    .ToList();
                options = new SipCallScenarioOptions
                {
                    Nodes = parse.GetValue(nodes),
                    Users = parse.GetValue(users),
                    Calls = parse.GetValue(calls),
                    Routings = modes.Count > 0 ? modes : throw new FormatException("--routing: name at least one mode"),
                    Latency = LatencyModel.Parse(parse.GetValue(latency)!),
                    Seed = parse.GetValue(seed),
                };
                if (options.Nodes < 2 || options.Users < 1 || options.Users > options.Nodes || options.Calls < 1)
                {
                    throw new FormatException($"--nodes must be at least 2, --users 1 to --nodes ({options.Nodes}), --calls at least 1");
                }
            }
            catch (FormatException e)
            {
                return io.Fail(e.Message);
            }

            var quiet = parse.GetValue(json);
            var clock = Stopwatch.StartNew();
            var report = SipCallScenario.Run(options, SimWorkload.Progress(io, clock, quiet));
            var rows = report.Modes.Append(report.Direct).Select(m => Row(m, report.Direct)).ToList();
            if (quiet)
            {
                io.Out.WriteLine(JsonSerializer.Serialize(new { nodes = report.Nodes, events = report.Events, wall_s = Math.Round(clock.Elapsed.TotalSeconds, 1), rows }));
                return 0;
            }

            io.Out.WriteLine($"{"routing",-10} {"answered",9} {"lookup_p50",11} {"lookup_p99",11} {"sip_p50",8} {"sip_p99",8} {"total_p50",10} {"total_p99",10} {"x_direct",9}  failures");
            foreach (var r in rows)
            {
                io.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{r["routing"],-10} {r["answered"],9} {r["lookup_ms_p50"],11} {r["lookup_ms_p99"],11} {r["sip_ms_p50"],8} {r["sip_ms_p99"],8} {r["total_ms_p50"],10} {r["total_ms_p99"],10} {r["total_p50_over_direct"],9}  {r["failures"]}"));
            }

            io.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{report.Nodes} hosts, {report.Events} events, {clock.Elapsed.TotalSeconds:F1} s wall; times in ms of virtual time"));
            return 0;
        });
        return command;
    }

    private static Dictionary<string, object> Row(SipCallModeReport m, SipCallModeReport direct)
    {
        var total = SipCallModeReport.Quantile(m.TotalMs, 0.5);
        var baseline = SipCallModeReport.Quantile(direct.TotalMs, 0.5);
        return new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["routing"] = m.Routing?.ToString().ToLowerInvariant() ?? "direct",
            ["calls"] = m.Calls,
            ["answered"] = m.Answered,
            ["lookup_ms_p50"] = Math.Round(SipCallModeReport.Quantile(m.LookupMs, 0.5)),
            ["lookup_ms_p99"] = Math.Round(SipCallModeReport.Quantile(m.LookupMs, 0.99)),
            ["sip_ms_p50"] = Math.Round(SipCallModeReport.Quantile(m.SipMs, 0.5)),
            ["sip_ms_p99"] = Math.Round(SipCallModeReport.Quantile(m.SipMs, 0.99)),
            ["total_ms_p50"] = Math.Round(total),
            ["total_ms_p99"] = Math.Round(SipCallModeReport.Quantile(m.TotalMs, 0.99)),
            ["total_p50_over_direct"] = baseline == 0 ? 0 : Math.Round(total / baseline, 2),
            ["failures"] = m.Failures.Count == 0 ? "none" : string.Join(",", m.Failures.Select(f => $"{f.Key}={f.Value}")),
        };
    }
}
