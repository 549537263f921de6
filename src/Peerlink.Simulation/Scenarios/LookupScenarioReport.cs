namespace Peerlink.Simulation.Scenarios;

/// <summary>What a <see cref="LookupScenario"/> run measured (simulated quantities only; wall time is the caller's).</summary>
/// <param name="Nodes">Peers at the start.</param>
/// <param name="Lookups">Lookups issued.</param>
/// <param name="Succeeded">Lookups that returned the stored value.</param>
/// <param name="Hops">Overlay hops of each successful lookup.</param>
/// <param name="LatenciesMs">Simulated latency of each successful lookup, in milliseconds.</param>
/// <param name="MaintenanceBytesPerNodePerSecond">Bytes of everything but the workload (publish, lookup), per live node per second of the window.</param>
/// <param name="ObjectsLost">Objects with no live copy at the end (copies held by black holes do not count).</param>
/// <param name="Events">Simulator events processed.</param>
/// <param name="SimulatedTime">Simulated time at the end.</param>
/// <param name="JoinsFailed">With protocol joins: nodes whose Join failed (they are left out of the overlay).</param>
/// <param name="JoinTime">Simulated time the overlay took to form (zero for the oracle).</param>
public sealed record LookupScenarioReport(
    int Nodes,
    int Lookups,
    int Succeeded,
    IReadOnlyList<int> Hops,
    IReadOnlyList<double> LatenciesMs,
    double MaintenanceBytesPerNodePerSecond,
    int ObjectsLost,
    long Events,
    TimeSpan SimulatedTime,
    int JoinsFailed = 0,
    TimeSpan JoinTime = default)
{
    /// <summary>
    /// Failed lookups by why they failed (a response code, or "wrong value"; "(not stored)" after it when
    /// no live honest peer held the object as the lookups began, so no routing could have found it),
    /// and failed publishes ("publish" and the code).
    /// </summary>
    public IReadOnlyDictionary<string, int> Failures { get; init; } = new Dictionary<string, int>();

    /// <summary>
    /// Live Chord peers at the end whose successor is not the next live peer on the ring (0 when the
    /// ring is right; always 0 for geometries without a single successor).
    /// </summary>
    public int WrongSuccessors { get; init; }

    /// <summary>
    /// Routing state at the end: the mean number of distinct peers in a live node's table (every
    /// geometry's <c>AllPeers</c>), what a node keeps alive and pays maintenance traffic for.
    /// </summary>
    public double TableEntriesPerNode { get; init; }

    /// <summary>Live heap of the formed overlay (after a full collection, before publishing), per node.</summary>
    public long HeapBytesPerNode { get; init; }

    /// <summary>Black holes among the peers (<see cref="LookupScenarioOptions.BlackHoles"/>).</summary>
    public int BlackHoles { get; init; }

    /// <summary>Requests the black holes dropped, by request type (Publish, LookupObject, LookupPeer, RemoveObject).</summary>
    public IReadOnlyDictionary<string, long> BlackHoleDrops { get; init; } = new Dictionary<string, long>();

    /// <summary>
    /// Lookups for objects whose key a black hole owned when the lookups began (by its own table):
    /// those can succeed only at a replica, past the owner.
    /// </summary>
    public int BlackHoleKeyLookups { get; init; }

    /// <summary>How many of <see cref="BlackHoleKeyLookups"/> returned the value.</summary>
    public int BlackHoleKeySucceeded { get; init; }


    /// <summary>
    /// Lookups whose originator crashed or left before the answer came (under churn): nobody was
    /// there to be answered, so they count neither as successes nor as failures.
    /// </summary>
    public int Abandoned { get; init; }

    /// <summary>Succeeded / (issued − abandoned).</summary>
    public double SuccessRate => Lookups - Abandoned <= 0 ? 0 : (double)Succeeded / (Lookups - Abandoned);

    /// <summary>Mean hops of successful lookups.</summary>
    public double MeanHops => Hops.Count == 0 ? 0 : Hops.Average();

    /// <summary>99th percentile of hops.</summary>
    public double HopsP99 => Percentile(Hops.Select(h => (double)h).ToList(), 0.99);

    /// <summary>Median latency.</summary>
    public double LatencyMsP50 => Percentile(LatenciesMs, 0.50);

    /// <summary>99th percentile latency.</summary>
    public double LatencyMsP99 => Percentile(LatenciesMs, 0.99);

    /// <summary>The value at quantile <paramref name="q"/> (nearest rank).</summary>
    public static double Percentile(IReadOnlyList<double> values, double q)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            return 0;
        }

        var sorted = values.Order().ToList();
        var rank = (int)Math.Ceiling(q * sorted.Count) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Count - 1)];
    }
}
