namespace Peerlink.Overlay.Topologies.Kademlia;

/// <summary>
/// Kademlia's system-wide parameters (Maymounkov and Mazières, IPTPS 2002, §2.2 and §2.3; the values
/// of the xlattice specification). Each value is checked as it is set; <see cref="KademliaTable"/>
/// checks the ones that depend on each other when it is built.
/// </summary>
public sealed record KademliaOptions
{
    private readonly int _k = 20;
    private readonly int _alpha = 3;
    private readonly int _replacementCacheSize = 4;
    private readonly TimeSpan _refreshInterval = TimeSpan.FromHours(1);
    private readonly TimeSpan _maintenanceInterval = TimeSpan.FromSeconds(10);
    private readonly int _maxRefreshesPerRound = 2;
    private readonly int _maxPingsPerRound = 4;
    private readonly int _neighborChecks = 3;

    /// <summary>
    /// k: contacts per bucket, and the number of closest nodes a lookup returns and an object is
    /// stored on (§2.2: "chosen such that any given k nodes are very unlikely to fail within an
    /// hour of each other"; 20). At most 255: a Routing-Table or Neighbor-Table object counts its
    /// entries in one byte (§9.3).
    /// </summary>
    public int K
    {
        get => _k;
        init => _k = value is >= 1 and <= byte.MaxValue ? value : throw new ArgumentOutOfRangeException(nameof(K), value, "k is 1 to 255");
    }

    /// <summary>
    /// α: requests a lookup keeps in flight (§2.3; 3). The table itself does not look anything up;
    /// it carries the value for the lookup that uses it. At most <see cref="K"/>.
    /// </summary>
    public int Alpha
    {
        get => _alpha;
        init => _alpha = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(Alpha), value, "α is at least 1");
    }

    /// <summary>
    /// Newcomers kept per full bucket while its least-recently-seen contact is being checked (§4.1's
    /// replacement cache; the paper gives no size). A small cache suffices: it only has to cover the
    /// contacts of one bucket that die between two checks, and at 100,000 nodes per process every
    /// entry counts (rust-libp2p keeps a single pending entry per bucket). At least 1.
    /// </summary>
    public int ReplacementCacheSize
    {
        get => _replacementCacheSize;
        init => _replacementCacheSize = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(ReplacementCacheSize), value, "the cache holds at least one newcomer");
    }

    /// <summary>tRefresh: a bucket without traffic for this long is refreshed by a lookup of a random ID in its range (§2.3; 3600 s).</summary>
    public TimeSpan RefreshInterval
    {
        get => _refreshInterval;
        init => _refreshInterval = value > TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(nameof(RefreshInterval), value, "must be positive");
    }

    /// <summary>
    /// The engine's maintenance period (OverlayNodeOptions.MaintenanceInterval, 10 s by default): the
    /// table counts time in maintenance rounds, and this converts <see cref="RefreshInterval"/> into them.
    /// </summary>
    public TimeSpan MaintenanceInterval
    {
        get => _maintenanceInterval;
        init => _maintenanceInterval = value > TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(nameof(MaintenanceInterval), value, "must be positive");
    }

    /// <summary>
    /// Bucket refreshes started per maintenance round (2). In steady state about one bucket in
    /// <see cref="RefreshRounds"/> rounds falls due, so the bound only matters after a join or a merge,
    /// when every bucket is due at once: it spreads those lookups over rounds (about log2(N) buckets,
    /// two per round) instead of sending them in one burst.
    /// </summary>
    public int MaxRefreshesPerRound
    {
        get => _maxRefreshesPerRound;
        init => _maxRefreshesPerRound = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(MaxRefreshesPerRound), value, "at least 1");
    }

    /// <summary>
    /// Pings of least-recently-seen contacts (eviction checks) per maintenance round (4). A bucket has
    /// at most one check outstanding; the bound keeps a burst of newcomers in many buckets (a merge of
    /// two overlays) from becoming a burst of KeepAlives. The rest wait for the next round.
    /// </summary>
    public int MaxPingsPerRound
    {
        get => _maxPingsPerRound;
        init => _maxPingsPerRound = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(MaxPingsPerRound), value, "at least 1");
    }

    /// <summary><see cref="RefreshInterval"/> in maintenance rounds, rounded up, at least 1.</summary>
    public long RefreshRounds => Math.Max(1, (long)Math.Ceiling(RefreshInterval / MaintenanceInterval));

    /// <summary>Checks the values that depend on each other.</summary>
    /// <exception cref="ArgumentException"><see cref="Alpha"/> exceeds <see cref="K"/>.</exception>
    internal void Validate()
    {
        if (Alpha > K)
        {
            throw new ArgumentException($"α ({Alpha}) cannot exceed k ({K})");
        }
    }

    /// <summary>
    /// Nearest contacts pinged every maintenance round (3; 0 turns it off). A departure from the
    /// paper, which finds dead contacts only when it uses them and counts on k copies and an hourly
    /// republish: with a handful of copies (the overlay's replica count, 3 by default) and sessions of
    /// minutes, copies die unnoticed. Checking the nearest few, as Chord checks its successors, lets
    /// the owner see its replica set change within a round or two and copy again (about 40 B/s a node).
    /// </summary>
    public int NeighborChecks
    {
        get => _neighborChecks;
        init => _neighborChecks = value is >= 0 and <= byte.MaxValue ? value : throw new ArgumentOutOfRangeException(nameof(NeighborChecks), value, "0 to 255 contacts");
    }
}
