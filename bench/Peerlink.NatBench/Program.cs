using System.Globalization;
using System.Runtime.InteropServices;
using Peerlink.NatBench;

// bench/nat-bench.sh drives this: STUN Binding throughput of Peerlink and coturn on one core each, one
// load generator, one run; markdown on stdout, progress on stderr.
// bench/ice-bench.sh: ICE setup time, Peerlink's agent against aioice; `ice-peer` is one side of one trial.
if (args is ["ice-peer", ..])
{
    return await IcePeer.RunAsync(args);
}

if (args is ["--ice", ..])
{
    try
    {
        return IceSetupBench.Run(args is [_, "--trials", var n] ? int.Parse(n, CultureInfo.InvariantCulture) : 10, Console.Error);
    }
    catch (Exception e) when (e is InvalidOperationException or TimeoutException or IOException)
    {
        Console.Error.WriteLine($"ice-bench: {e.Message}");
        return 1;
    }
}

var rates = new List<int> { 20_000, 40_000, 80_000, 160_000, 240_000, 320_000 };
var stepSeconds = 3.0;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--rates" when i + 1 < args.Length:
            rates = [.. args[++i].Split(',').Select(r => int.Parse(r, CultureInfo.InvariantCulture))];
            break;
        case "--step-seconds" when i + 1 < args.Length:
            stepSeconds = double.Parse(args[++i], CultureInfo.InvariantCulture);
            break;
        default:
            Console.Error.WriteLine($"nat-bench: unknown argument {args[i]}; see bench/nat-bench.sh --help");
            return 2;
    }
}

PinSelfToCpu0();
var log = Console.Error;
Dictionary<string, IReadOnlyList<StunStep>> results = [];
try
{
    foreach (var server in new[] { StunServerUnderTest.Peerlink, StunServerUnderTest.Coturn })
    {
        log.WriteLine($"nat-bench: {server.Name}");
        results[server.Name] = StunLoad.Run(server, rates, TimeSpan.FromSeconds(stepSeconds), log);
    }
}
catch (Exception e) when (e is InvalidOperationException or TimeoutException or IOException)
{
    // Caught, so that the namespaces and servers are disposed on the way out (an unhandled exception skips that).
    log.WriteLine($"nat-bench: {e.Message}");
    return 1;
}

Console.WriteLine($"### STUN Binding requests answered on one core ({DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} CPUs, {RuntimeInformation.OSDescription})");
Console.WriteLine();
Console.WriteLine("| rate asked (/s) | " + string.Join(" | ", results.Keys.Select(k => $"{k}: answered / sent, server CPU per answer")) + " |");
Console.WriteLine("| --- | " + string.Join(" | ", results.Keys.Select(_ => "---")) + " |");
for (var i = 0; i < rates.Count; i++)
{
    Console.WriteLine($"| {rates[i]:N0} | " + string.Join(" | ", results.Values.Select(s => $"{s[i].Answered:N0} / {s[i].Sent:N0} ({s[i].AchievedRate:N0}/s sent), {s[i].CpuMicrosecondsPerAnswer:F1} µs")) + " |");
}

Console.WriteLine();
var best = results.ToDictionary(r => r.Key, r => r.Value.Where(s => s.Dropped == 0).Select(s => s.Rate).DefaultIfEmpty(0).Max());
foreach (var (name, rate) in best)
{
    Console.WriteLine($"- {name}: highest step with no request lost: **{rate:N0}/s**");
}

var ours = best[StunServerUnderTest.Peerlink.Name];
var theirs = best[StunServerUnderTest.Coturn.Name];
Console.WriteLine($"- ratio Peerlink / coturn: **{(theirs == 0 ? double.NaN : (double)ours / theirs):F2}** (goal: at least 1)");
return 0;

static void PinSelfToCpu0()
{
    // sched_setaffinity(0, ...) through taskset on our own pid: the load generator stays off the server's CPU.
    using var taskset = System.Diagnostics.Process.Start("taskset", ["-a", "-p", "-c", "0", Environment.ProcessId.ToString(CultureInfo.InvariantCulture)]);
    taskset.WaitForExit();
}
