using System.Globalization;
using System.Runtime.InteropServices;
using Peerlink.Interop.Tests;
using Peerlink.TestSupport;

namespace Peerlink.NatBench;

/// <summary>
/// ICE connection setup time (issue 7 item 5), Peerlink's agent against aioice under the same conditions:
/// the two sides behind two different port-restricted cone NATs (<see cref="TwoNatNamespaces"/>), host and
/// server reflexive candidates from the same `peerlink stun server` in pub, candidates swapped through
/// files, the controlling side timing from handing the peer's candidates in to a nominated pair. The
/// implementations take turns, trial by trial, so that both see the same machine.
/// </summary>
internal static class IceSetupBench
{
    public static int Run(int trials, TextWriter log)
    {
        var script = Path.GetFullPath("bench/aioice_setup.py");
        if (!File.Exists(script))
        {
            log.WriteLine($"ice-bench: {script} is missing (run from the repository root)");
            return 1;
        }

        var self = typeof(IceSetupBench).Assembly.Location;
        using var net = TwoNatNamespaces.Create();
        var stun = $"{net.PublicAddress}:3478";
        using var server = NamespaceProcess.Start(net.Public, TimeSpan.FromSeconds(600), null, PeerlinkDnssd.DotNet, [PeerlinkDnssd.Dll, "stun", "server", "--bind", net.PublicAddress, "--port", "3478"]);
        server.WaitForLine(l => l.Contains("stun server on udp", StringComparison.Ordinal), TimeSpan.FromSeconds(20));
        // Peerlink's agent as the overlay runs it (OverlayNodeOptions.DefaultIce: nominate the first pair that
        // succeeds and pace checks at 20 ms, as aioice does), and with the agent's own defaults (Ta 50 ms,
        // wait 1 s for better pairs).
        var implementations = new (string Name, Func<string, string, string, string, string, NamespaceProcess> Start)[]
        {
            ("Peerlink IceAgent, as the overlay runs it", (ns, role, mine, peer, bind) => NamespaceProcess.Start(ns, TimeSpan.FromSeconds(60), null, PeerlinkDnssd.DotNet, [self, "ice-peer", role, mine, peer, stun, bind, "overlay"])),
            ("aioice 0.8", (ns, role, mine, peer, _) => NamespaceProcess.Start(ns, TimeSpan.FromSeconds(60), null, "/usr/bin/python3", [script, role, mine, peer, stun])),
            ("Peerlink IceAgent, agent defaults (Ta 50 ms, NominationDelay 1 s)", (ns, role, mine, peer, bind) => NamespaceProcess.Start(ns, TimeSpan.FromSeconds(60), null, PeerlinkDnssd.DotNet, [self, "ice-peer", role, mine, peer, stun, bind])),
        };
        var times = implementations.ToDictionary(i => i.Name, _ => new List<double>());
        var pairs = implementations.ToDictionary(i => i.Name, _ => "");
        for (var trial = 0; trial < trials; trial++)
        {
            foreach (var (name, start) in implementations)
            {
                var dir = Directory.CreateTempSubdirectory("plk-icebench").FullName;
                try
                {
                    string a = Path.Combine(dir, "a.sdp"), b = Path.Combine(dir, "b.sdp");
                    using var controlled = start(net.B.Client, "controlled", b, a, net.B.ClientAddress);
                    using var controlling = start(net.A.Client, "controlling", a, b, net.A.ClientAddress);
                    var line = controlling.WaitForLine(l => l.StartsWith("setup_ms ", StringComparison.Ordinal), TimeSpan.FromSeconds(40)).Text;
                    controlled.WaitForLine(l => l.StartsWith("setup_ms ", StringComparison.Ordinal), TimeSpan.FromSeconds(10));
                    var parts = line.Split(' ', 3);
                    var ms = double.Parse(parts[1], CultureInfo.InvariantCulture);
                    times[name].Add(ms);
                    pairs[name] = parts.Length > 2 ? parts[2] : "";
                    log.WriteLine($"ice-bench: trial {trial + 1}/{trials} {name}: {ms:F1} ms ({pairs[name]})");
                }
                finally
                {
                    Directory.Delete(dir, recursive: true);
                }
            }
        }

        Console.WriteLine($"### ICE connection setup behind two port-restricted cone NATs ({DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} CPUs, {RuntimeInformation.OSDescription})");
        Console.WriteLine();
        Console.WriteLine("| agent | trials | median (ms) | min | max | last pair nominated |");
        Console.WriteLine("| --- | --- | --- | --- | --- | --- |");
        foreach (var (name, list) in times)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {list.Count} | {Median(list):F1} | {list.Min():F1} | {list.Max():F1} | {pairs[name]} |"));
        }

        var ours = Median(times[implementations[0].Name]);
        var theirs = Median(times[implementations[1].Name]);
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"- ratio of medians Peerlink / aioice: **{ours / theirs:F2}** (goal: at most 1)"));
        return 0;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
