using System.Diagnostics;

namespace Peerlink.DhtCompare;

/// <summary>One operation's outcome: whether it did what it should, and the overlay hops it took.</summary>
internal readonly record struct OpOutcome(bool Ok, int Hops, bool TimedOut = false);

/// <summary>What one phase (all the puts, or all the gets) measured.</summary>
internal sealed record PhaseResult(int Count, int Ok, int TimedOut, double Seconds, double[] LatenciesMs, double MeanHops)
{
    public double OpsPerSecond => Count / Seconds;

    public double Percentile(double p) => Percentiles.Of(LatenciesMs, p);

    /// <summary>The <paramref name="count"/> slowest operations, slowest first, by the order they were started in: where the tail comes from.</summary>
    public IEnumerable<(int Index, double Ms)> Slowest(int count) =>
        LatenciesMs.Select((ms, i) => (i, ms)).OrderByDescending(o => o.ms).Take(count);
}

/// <summary>
/// A closed loop with a fixed window: <c>window</c> workers each start an operation, wait for its
/// end, and start the next, until <c>count</c> have run. Latency is from just before the operation is
/// handed to the node to the moment its result is back on a worker (Stopwatch timestamps).
/// </summary>
internal static class Workload
{
    public static async Task<PhaseResult> RunAsync(int count, int window, Func<int, CancellationToken, Task<OpOutcome>> op, TextWriter log, string name, CancellationToken ct)
    {
        var latencies = new double[count];
        var next = -1;
        var ok = 0;
        var timedOut = 0;
        long hops = 0;
        var done = 0;
        var started = Stopwatch.GetTimestamp();
        using var progress = new Timer(_ => log.Write($"\rpeerlink: {name} {Volatile.Read(ref done)}/{count}"), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));

        async Task Worker()
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                var t0 = Stopwatch.GetTimestamp();
                var outcome = await op(i, ct).ConfigureAwait(false);
                latencies[i] = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
                if (outcome.Ok)
                {
                    Interlocked.Increment(ref ok);
                }

                if (outcome.TimedOut)
                {
                    Interlocked.Increment(ref timedOut);
                }

                Interlocked.Add(ref hops, outcome.Hops);
                Interlocked.Increment(ref done);
            }
        }

        await Task.WhenAll(Enumerable.Range(0, Math.Min(window, count)).Select(_ => Task.Run(Worker, ct))).ConfigureAwait(false);
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        log.WriteLine($"\rpeerlink: {name} {count}/{count} in {seconds:F1} s");
        return new PhaseResult(count, ok, timedOut, seconds, latencies, (double)hops / count);
    }
}

/// <summary>Percentiles by the nearest-rank method (the same as bench/opendht_bench.py).</summary>
internal static class Percentiles
{
    public static double Of(double[] values, double p)
    {
        if (values.Length == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToArray();
        var rank = (int)Math.Ceiling(p / 100 * sorted.Length);
        return sorted[Math.Clamp(rank, 1, sorted.Length) - 1];
    }
}
