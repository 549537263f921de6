namespace Peerlink.Cli;

/// <summary>
/// What the garbage collector did during a simulation run: bytes allocated, collections per generation,
/// and the time it paused the run. At 100,000 nodes the collector, not the engines, set the pace of the
/// simulator (issue 3, events per second), so the run says how much of its wall time went there.
/// </summary>
internal readonly record struct GcFigures(long AllocatedBytes, string Collections, TimeSpan Pause)
{
    /// <summary>Starts counting from now.</summary>
    public static GcStart Start() => new(GC.GetTotalAllocatedBytes(precise: true), GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration());

    /// <summary>The collector's counts when a run starts.</summary>
    internal readonly record struct GcStart(long Allocated, int Gen0, int Gen1, int Gen2, TimeSpan Paused)
    {
        /// <summary>What happened since <see cref="Start"/>: collections as "gen0/gen1/gen2".</summary>
        public GcFigures Stop() => new(
            GC.GetTotalAllocatedBytes(precise: true) - Allocated,
            $"{GC.CollectionCount(0) - Gen0}/{GC.CollectionCount(1) - Gen1}/{GC.CollectionCount(2) - Gen2}",
            GC.GetTotalPauseDuration() - Paused);
    }
}
