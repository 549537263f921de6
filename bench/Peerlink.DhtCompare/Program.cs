using System.Diagnostics;
using System.Text.Json;
using Peerlink.Bench;
using Peerlink.Core;
using Peerlink.DhtCompare;
using Peerlink.Overlay.Engine;
using Peerlink.Wire;

// The Peerlink half of bench/dht-compare.sh; see bench/README.md.
BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (UsageException e)
{
    if (e.Problem is { } problem)
    {
        Console.Error.WriteLine($"Peerlink.DhtCompare: {problem}");
    }

    Console.Error.WriteLine(BenchOptions.Usage);
    return e.Problem is null ? 0 : 2;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};
var ct = cancel.Token;
var log = Console.Error;
using var process = Process.GetCurrentProcess();

var cluster = await LoopbackCluster.StartAsync(options, log, ct).ConfigureAwait(false);
await using (cluster.ConfigureAwait(false))
{
    var writer = await cluster.StartClientAsync(options.Client, options.BasePort + options.Nodes, 0, ct).ConfigureAwait(false);
    var reader = options.SameClient
        ? writer
        : await cluster.StartClientAsync(options.Client, options.BasePort + options.Nodes + 1, options.Nodes / 2, ct).ConfigureAwait(false);

    // Let the overlay converge (Chord: every table entry as an oracle sets it; the others: see Settle).
    var settle = await Settle.WaitAsync(cluster, reader, options, log, ct).ConfigureAwait(false);

    // What the idle cluster costs (maintenance, timers), over 5 s.
    var idleStart = Snapshot.Take(process, cluster);
    var idleClock = Stopwatch.GetTimestamp();
    await Task.Delay(TimeSpan.FromSeconds(5), ct).ConfigureAwait(false);
    var idleCpuPercent = (Snapshot.Take(process, cluster).CpuMs - idleStart.CpuMs) / Stopwatch.GetElapsedTime(idleClock).TotalMilliseconds * 100;

    // The same random keys for puts and gets; random values.
    var random = new Random(options.Seed);
    var keys = new NodeId[options.Ops];
    var values = new Bytes[options.Ops];
    var buffer = new byte[options.ValueBytes];
    for (var i = 0; i < options.Ops; i++)
    {
        keys[i] = NodeId.Random(random, 20);
        random.NextBytes(buffer);
        values[i] = Bytes.Copy(buffer);
    }

    var mode = options.Routing;

    async Task<OpOutcome> Run(LiveNode on, Action<TimeSpan, Action<OverlayResult>> start, Func<OverlayResult, bool> ok, CancellationToken token)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(token);
        limit.CancelAfter(options.OpTimeout);
        try
        {
            var result = await on.Host.InvokeOperationAsync(start, limit.Token).ConfigureAwait(false);
            return new OpOutcome(ok(result), result.Hops, result.Code == ResponseCode.Timeout);
        }
        catch (OperationCanceledException) when (!token.IsCancellationRequested)
        {
            return new OpOutcome(false, 0, TimedOut: true);
        }
    }

    var before = Snapshot.Take(process, cluster);
    var puts = await Workload.RunAsync(options.Ops, options.Window, (i, token) => Run(
        writer,
        (now, done) => writer.Node.Publish(now, new ResourceObject(ContentType.UserInfo, 0, keys[i], values[i]) { Expires = 3600 }, mode, done),
        r => r.Succeeded,
        token), log, "put", ct).ConfigureAwait(false);
    var afterPuts = Snapshot.Take(process, cluster);

    // Optional warm-up: gets of keys nobody put (each misses), so that the measured gets do not pay
    // for compiling the lookup path (tier-0 JIT) the first time it runs. Neither counted nor timed.
    if (options.Warmup > 0)
    {
        var absent = Enumerable.Range(0, options.Warmup).Select(_ => NodeId.Random(random, 20)).ToArray();
        await Workload.RunAsync(options.Warmup, options.Window, (i, token) => Run(
            reader,
            (now, done) => reader.Node.LookupObject(now, new RLookup(ContentType.UserInfo, 0, absent[i]), mode, done),
            r => r.Code == ResponseCode.NotFound,
            token), log, "warm-up get", ct).ConfigureAwait(false);
    }

    // The idle overlay's messages (maintenance) after the puts, in the state the gets start in: their
    // rate is subtracted from the gets' messages below.
    await Task.Delay(options.Drain, ct).ConfigureAwait(false);
    var idleFrom = Messages.Sum(cluster);
    var idleStartUnix = UnixSeconds();
    var idleClockMessages = Stopwatch.GetTimestamp();
    await Task.Delay(options.IdleWindow, ct).ConfigureAwait(false);
    var idleMessages = Messages.Sum(cluster) - idleFrom;
    var idleSeconds = Stopwatch.GetElapsedTime(idleClockMessages).TotalSeconds;
    var idleEndUnix = UnixSeconds();

    var beforeGets = Snapshot.Take(process, cluster);
    var getFrom = Messages.Sum(cluster);
    var getClock = Stopwatch.GetTimestamp();
    var getStartUnix = UnixSeconds();
    using var sampler = options.AllocProfile ? new AllocationSampler() : null;
    var gets = await Workload.RunAsync(options.Ops, options.Window, (i, token) => Run(
        reader,
        (now, done) => reader.Node.LookupObject(now, new RLookup(ContentType.UserInfo, 0, keys[i]), mode, done),
        r => r.Succeeded && r.Objects.Any(o => o.Value == values[i]),
        token), log, "get", ct).ConfigureAwait(false);
    var afterGets = Snapshot.Take(process, cluster);
    sampler?.Dispose();
    var getEndUnix = UnixSeconds();

    // Answers still under way when the last get completed (a parallel lookup's other requests, ACKs).
    await Task.Delay(options.Drain, ct).ConfigureAwait(false);
    var getMessages = Messages.Sum(cluster) - getFrom;
    var getWindowSeconds = Stopwatch.GetElapsedTime(getClock).TotalSeconds;
    var getDrainedUnix = UnixSeconds();
    var bytesPerGet = (afterGets.Allocated - beforeGets.Allocated) / (double)gets.Count;

    var summary = new Dictionary<string, object?>
    {
        ["side"] = "peerlink",
        ["nodes"] = options.Nodes,
        ["client"] = $"{(options.SameClient ? "one" : "a writer and a reader")} {options.Client.ToString().ToLowerInvariant()}",
        ["topology"] = options.Topology.ToString().ToLowerInvariant(),
        ["routing"] = options.Routing.ToString().ToLowerInvariant(),
        ["window"] = options.Window,
        ["warmup_gets"] = options.Warmup,
        ["value_bytes"] = options.ValueBytes,
        ["settle_s"] = Math.Round(settle.Seconds, 1),
        ["settled"] = settle.Converged,
        ["settle_criterion"] = settle.Criterion,
        ["settle_state"] = settle.State,
        ["ring_wrong_entries"] = settle.RingWrongEntries,
        ["idle_cpu_pct"] = Math.Round(idleCpuPercent, 1),
        ["puts"] = puts.Count,
        ["puts_ok"] = puts.Ok,
        ["puts_timed_out"] = puts.TimedOut,
        ["put_s"] = Math.Round(puts.Seconds, 3),
        ["put_ops_s"] = Math.Round(puts.OpsPerSecond, 1),
        ["put_p50_ms"] = Math.Round(puts.Percentile(50), 3),
        ["put_p99_ms"] = Math.Round(puts.Percentile(99), 3),
        ["put_mean_hops"] = Math.Round(puts.MeanHops, 2),
        ["gets"] = gets.Count,
        ["gets_found"] = gets.Ok,
        ["gets_timed_out"] = gets.TimedOut,
        ["get_s"] = Math.Round(gets.Seconds, 3),
        ["get_ops_s"] = Math.Round(gets.OpsPerSecond, 1),
        ["get_p50_ms"] = Math.Round(gets.Percentile(50), 3),
        ["get_p90_ms"] = Math.Round(gets.Percentile(90), 3),
        ["get_p99_ms"] = Math.Round(gets.Percentile(99), 3),
        ["get_max_ms"] = Math.Round(gets.Percentile(100), 3),
        ["get_slowest"] = gets.Slowest(20).Select(o => new[] { o.Index, Math.Round(o.Ms, 1) }).ToList(),
        ["get_mean_hops"] = Math.Round(gets.MeanHops, 2),
        ["get_latency"] = "until the result is back (the engine completes a get when the value arrives)",
        ["cpu_ms_per_put"] = Math.Round((afterPuts.CpuMs - before.CpuMs) / puts.Count, 3),
        ["cpu_ms_per_get"] = Math.Round((afterGets.CpuMs - beforeGets.CpuMs) / gets.Count, 3),
        ["packets_per_put"] = Math.Round((double)(afterPuts.Packets - before.Packets) / puts.Count, 2),
        ["packets_per_get"] = Math.Round((double)(afterGets.Packets - beforeGets.Packets) / gets.Count, 2),
        ["retransmissions"] = afterGets.Retransmitted - before.Retransmitted,
        ["receives_dropped"] = afterGets.ReceivesDropped - before.ReceivesDropped,
        ["sends_dropped"] = afterGets.SendsDropped - before.SendsDropped,
        ["engine_faults"] = afterGets.Faults,
        ["gc_gen0"] = afterGets.Gen0 - before.Gen0,
        ["gc_gen2"] = afterGets.Gen2 - before.Gen2,
        ["gc_pause_ms_in_gets"] = Math.Round((afterGets.GcPause - beforeGets.GcPause).TotalMilliseconds, 1),
        ["gc_gen2_in_gets"] = afterGets.Gen2 - beforeGets.Gen2,
        ["allocated_kb_per_put"] = Math.Round((afterPuts.Allocated - before.Allocated) / 1024.0 / puts.Count, 1),
        ["allocated_kb_per_get"] = Math.Round(bytesPerGet / 1024, 1),
        ["messages"] = Messages.Report(idleMessages, idleSeconds, getMessages, getWindowSeconds, gets.Count),
        ["unix_idle"] = new[] { idleStartUnix, idleEndUnix },
        ["unix_get"] = new[] { getStartUnix, getEndUnix, getDrainedUnix },
    };
    if (sampler is not null)
    {
        summary["get_allocations"] = sampler.Top(15).Select(t => new { type = t.Type, share = Math.Round(t.Share, 3), bytes_per_get = Math.Round(t.Share * bytesPerGet) }).ToList();
    }

    Console.Out.WriteLine(JsonSerializer.Serialize(summary));
    log.WriteLine("peerlink: stopping the cluster");
}

return 0;

// Wall-clock time (seconds since 1970, UTC), only to line the phases up with a packet capture.
static double UnixSeconds() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;

/// <summary>Process-wide figures at one instant: CPU, packets, retransmissions, drops, GC.</summary>
internal sealed record Snapshot(double CpuMs, long Packets, long Retransmitted, long ReceivesDropped, long SendsDropped, long Faults, int Gen0, int Gen2, long Allocated, TimeSpan GcPause)
{
    public static Snapshot Take(Process process, LoopbackCluster cluster)
    {
        process.Refresh();
        var nodes = cluster.AllNodes.Distinct().ToList();

        // The engines' counters are plain fields updated on their loops: read between phases, they are settled enough.
        return new Snapshot(
            process.TotalProcessorTime.TotalMilliseconds,
            nodes.Sum(n => n.Host.Transport.Counters.PacketsSent),
            nodes.Sum(n => n.Node.Counters.Retransmitted),
            nodes.Sum(n => n.Host.Transport.Counters.ReceivesDropped),
            nodes.Sum(n => n.Host.Transport.Counters.SendsDropped),
            nodes.Sum(n => n.Host.Counters.EngineFaults),
            GC.CollectionCount(0),
            GC.CollectionCount(2),
            GC.GetTotalAllocatedBytes(),
            GC.GetTotalPauseDuration());
    }
}
