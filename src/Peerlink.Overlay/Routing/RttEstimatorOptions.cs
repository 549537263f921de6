namespace Peerlink.Overlay;

/// <summary>
/// Bounds and size of an <see cref="RttEstimator"/>. Each value is checked when set; that
/// <see cref="MinRto"/> ≤ <see cref="InitialRto"/> ≤ <see cref="MaxRto"/> is checked when an
/// estimator is built with them.
/// </summary>
public sealed record RttEstimatorOptions
{
    // Kept in whole microseconds (see RttEstimator): the longest bound is such that a doubled
    // timeout still fits an int.
    private static readonly TimeSpan LongestBound = TimeSpan.FromMinutes(10);

    private readonly TimeSpan _initialRto = TimeSpan.FromMilliseconds(500);
    private readonly TimeSpan _minRto = TimeSpan.FromMilliseconds(200);
    private readonly TimeSpan _maxRto = TimeSpan.FromSeconds(5);
    private readonly TimeSpan _granularity = TimeSpan.FromMilliseconds(10);
    private readonly int _capacity = 64;

    /// <summary>The defaults below.</summary>
    public static RttEstimatorOptions Default { get; } = new();

    /// <summary>
    /// Timeout for a peer with no sample yet. RFC 6298 (2.1) says 1 s for TCP; the default is P2PP's
    /// T0 = 500 ms (§6.3), so a peer the estimator knows nothing of is timed as the engine times it today.
    /// </summary>
    public TimeSpan InitialRto
    {
        get => _initialRto;
        init => _initialRto = Bound(value, nameof(InitialRto));
    }

    /// <summary>
    /// Floor of the timeout (default 200 ms). RFC 6298 (2.4) asks 1 s because TCP receivers may delay
    /// their ACKs by up to 500 ms; P2PP acknowledges at once, so a lower floor is safe (200 ms is the
    /// floor Linux uses for TCP).
    /// </summary>
    public TimeSpan MinRto
    {
        get => _minRto;
        init => _minRto = Bound(value, nameof(MinRto));
    }

    /// <summary>
    /// Ceiling of the timeout, also of the backed-off one (default 5 s: Bamboo's MAX_RTO). RFC 6298
    /// (2.5) allows a ceiling of at least 60 s for TCP; a DHT would rather route around a slow hop.
    /// </summary>
    public TimeSpan MaxRto
    {
        get => _maxRto;
        init => _maxRto = Bound(value, nameof(MaxRto));
    }

    /// <summary>
    /// G, the floor of the variance term in RTO = SRTT + max(G, 4·RTTVAR) (RFC 6298 (2.2), (2.3)).
    /// Default 10 ms, Bamboo's slack over SRTT + 4·mean deviation: with steady round trips (a
    /// simulator with fixed latencies) RTTVAR decays to zero, and an RTO of exactly SRTT would fire
    /// on the first queueing delay.
    /// </summary>
    public TimeSpan Granularity
    {
        get => _granularity;
        init => _granularity = value >= TimeSpan.Zero && value <= LongestBound
            ? value
            : throw new ArgumentOutOfRangeException(nameof(Granularity), value, $"G is 0 to {LongestBound}");
    }

    /// <summary>
    /// Most peers held, 1 to 1,024 (default 64: a Pastry node's leaf set and most of the
    /// routing-table entries it forwards through). Beyond it the least recently sampled peer is
    /// forgotten and timed with <see cref="InitialRto"/> again: a large population costs precision,
    /// never memory. Peers are found by a linear scan, which is the cheapest form for tens of them.
    /// </summary>
    public int Capacity
    {
        get => _capacity;
        init => _capacity = value is >= 1 and <= 1_024
            ? value
            : throw new ArgumentOutOfRangeException(nameof(Capacity), value, "capacity is 1 to 1,024 peers");
    }

    /// <summary>Throws unless MinRto ≤ InitialRto ≤ MaxRto.</summary>
    internal void Validate()
    {
        if (MinRto > MaxRto)
        {
            throw new ArgumentException($"MinRto {MinRto} is above MaxRto {MaxRto}");
        }

        if (InitialRto < MinRto || InitialRto > MaxRto)
        {
            throw new ArgumentException($"InitialRto {InitialRto} is outside [{MinRto}, {MaxRto}]");
        }
    }

    private static TimeSpan Bound(TimeSpan value, string name) =>
        value >= TimeSpan.FromMilliseconds(1) && value <= LongestBound
            ? value
            : throw new ArgumentOutOfRangeException(name, value, $"a timeout bound is 1 ms to {LongestBound}");
}
