using System.Diagnostics;
using Peerlink.Core;
using Peerlink.Overlay;
using Peerlink.Wire;

namespace Peerlink.DhtCompare;

/// <summary>How the overlay settled before the measured phases: how long it took, and the state it ended in.</summary>
internal sealed record SettleResult(double Seconds, bool Converged, string Criterion, string State)
{
    /// <summary>Chord: table entries still wrong against the oracle's ring; -1 for the other geometries.</summary>
    public int RingWrongEntries { get; init; } = -1;
}

/// <summary>Waits, bounded by the settle timeout, until the overlay has converged.</summary>
internal static class Settle
{
    /// <summary>Sample keys whose claimants are checked, and then looked up.</summary>
    private const int SampleKeys = 64;

    /// <summary>Of those, the ones looked up from the reader once the tables look converged.</summary>
    private const int SampleLookups = 16;

    /// <summary>What a table must hold at least, for geometries without an oracle table (OpenDHT's settle asks for 8).</summary>
    private const int SmallTable = 8;

    public static async Task<SettleResult> WaitAsync(LoopbackCluster cluster, LiveNode reader, BenchOptions options, TextWriter log, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        return options.Topology == OverlayAlgorithm.Chord
            ? await RingAsync(cluster, options, log, started, ct).ConfigureAwait(false)
            : await TablesAsync(cluster, reader, options, log, started, ct).ConfigureAwait(false);
    }

    // Every successor list, predecessor and finger as the oracle has it.
    private static async Task<SettleResult> RingAsync(LoopbackCluster cluster, BenchOptions options, TextWriter log, long started, CancellationToken ct)
    {
        int wrong;
        while (true)
        {
            wrong = await cluster.CountWrongEntriesAsync(ct).ConfigureAwait(false);
            var waited = Stopwatch.GetElapsedTime(started);
            log.Write($"\rpeerlink: settling, {wrong} table entries still wrong after {waited.TotalSeconds:F0} s   ");
            if (wrong == 0 || waited >= options.SettleTimeout)
            {
                break;
            }

            await Task.Delay(TimeSpan.FromSeconds(1), ct).ConfigureAwait(false);
        }

        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        log.WriteLine($"\rpeerlink: settled after {seconds:F0} s, {wrong} table entries wrong (against an oracle's ring)");
        return new SettleResult(seconds, wrong == 0, "every successor list, predecessor and finger as an oracle knowing every ID sets them", $"{wrong} entries wrong")
        {
            RingWrongEntries = wrong,
        };
    }

    // The tables hold enough peers and agree on who owns each sample key; then sample lookups from the
    // reader find those owners. Checked once a second until both hold or the time is up.
    private static async Task<SettleResult> TablesAsync(LoopbackCluster cluster, LiveNode reader, BenchOptions options, TextWriter log, long started, CancellationToken ct)
    {
        var random = new Random(options.Seed ^ 0x5E771E);
        var keys = Enumerable.Range(0, SampleKeys).Select(_ => NodeId.Random(random, 20)).ToArray();
        var need = reader.Node.Topology is IShortlistTopology shortlist ? shortlist.ShortlistSize : SmallTable;
        string state;
        var converged = false;
        while (true)
        {
            var tables = await cluster.CheckTablesAsync(keys, need, ct).ConfigureAwait(false);
            state = tables.ToString();
            if (tables.Converged)
            {
                var failed = await LoopbackCluster.FailedLookupsAsync(reader, keys[..SampleLookups], tables.Claimants[..SampleLookups], options.Routing, options.OpTimeout, ct).ConfigureAwait(false);
                state += $", {failed} of {SampleLookups} sample lookups from the reader missed the owner";
                converged = failed == 0;
            }

            var waited = Stopwatch.GetElapsedTime(started);
            log.Write($"\rpeerlink: settling after {waited.TotalSeconds:F0} s: {state}   ");
            if (converged || waited >= options.SettleTimeout)
            {
                break;
            }

            await Task.Delay(TimeSpan.FromSeconds(1), ct).ConfigureAwait(false);
        }

        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        log.WriteLine($"\rpeerlink: {(converged ? "settled" : "NOT settled")} after {seconds:F0} s: {state}");
        var criterion = $"every table holds at least min({need}, peers - 1) peers, each of {SampleKeys} random keys is claimed by exactly one peer "
            + $"(the XOR-closest for kademlia), and {SampleLookups} lookups of them from the reader ({options.Routing.ToString().ToLowerInvariant()}) find that peer";
        return new SettleResult(seconds, converged, criterion, state);
    }
}
