namespace Peerlink.Overlay.Topologies.Pastry;

/// <summary>
/// Settings of a <see cref="PastryTable"/>. Each value is checked when set; that
/// <see cref="BitsPerDigit"/> divides the ID width is checked when a table is built.
/// </summary>
/// <remarks>
/// Maintenance periods are counted in the engine's maintenance rounds. Bamboo runs its three
/// periodic tasks on timers of its own (Router.java: leaf set 4 s, local tuning 10 s, global tuning
/// 20 s); <see cref="ForMaintenanceInterval"/> turns those into rounds for a given round length. The
/// defaults are that mapping for a 4 s round: 1, 3 and 5 rounds (4 s, 12 s, 20 s).
/// </remarks>
public sealed record PastryOptions
{
    private static readonly TimeSpan BambooLeafSetPeriod = TimeSpan.FromSeconds(4);
    private static readonly TimeSpan BambooLocalTuningPeriod = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan BambooGlobalTuningPeriod = TimeSpan.FromSeconds(20);

    private readonly int _bitsPerDigit = 4;
    private readonly int _leafSetSize = 16;
    private readonly int _leafSetPeriod = 1;
    private readonly int _localTuningPeriod = 3;
    private readonly int _globalTuningPeriod = 5;
    private readonly int _proximityProbes = 2;

    /// <summary>b = 4, L = 16, periods 1 / 3 / 5 rounds, 2 proximity probes per round: Pastry's geometry with Bamboo's periodic recovery.</summary>
    public static PastryOptions Default { get; } = new();

    /// <summary>
    /// Pastry's own recovery (Rowstron and Druschel 2001, §2.4; what Bamboo's paper calls reactive):
    /// a failed leaf is repaired at once by asking the farthest live leaf on its side for its leaf
    /// set, and the periodic leaf-set exchange runs a third as often. Tuning as in <see cref="Default"/>.
    /// </summary>
    public static PastryOptions Reactive { get; } = new() { ReactiveRecovery = true, LeafSetPeriod = 3 };

    /// <summary>Whether a failed leaf is repaired at once (<see cref="Reactive"/>) rather than by the periodic exchange alone.</summary>
    public bool ReactiveRecovery { get; init; }

    /// <summary>
    /// b: bits per digit, 1 to 8; the routing table has 2^b columns (Rowstron and Druschel 2001,
    /// §2.1: "typical value 4"). It must divide the ID width in bits.
    /// </summary>
    public int BitsPerDigit
    {
        get => _bitsPerDigit;
        init => _bitsPerDigit = value is >= 1 and <= 8
            ? value
            : throw new ArgumentOutOfRangeException(nameof(BitsPerDigit), value, "b is 1 to 8 bits");
    }

    /// <summary>
    /// L: leaf-set size, even, 2 to 256; L/2 peers on each side (the paper's |L| = 16 or 32).
    /// Routing is correct unless L/2 adjacent nodes fail together (§2.2).
    /// </summary>
    public int LeafSetSize
    {
        get => _leafSetSize;
        init => _leafSetSize = value is >= 2 and <= 256 && value % 2 == 0
            ? value
            : throw new ArgumentOutOfRangeException(nameof(LeafSetSize), value, "L is even, 2 to 256");
    }

    /// <summary>Rounds between leaf-set push/pulls with a random leaf (Bamboo: every 4 s), at least 1.</summary>
    public int LeafSetPeriod
    {
        get => _leafSetPeriod;
        init => _leafSetPeriod = Period(value, 1, nameof(LeafSetPeriod));
    }

    /// <summary>Rounds between local tunings (Bamboo: every 10 s); 0 turns it off.</summary>
    public int LocalTuningPeriod
    {
        get => _localTuningPeriod;
        init => _localTuningPeriod = Period(value, 0, nameof(LocalTuningPeriod));
    }

    /// <summary>Rounds between global tunings (Bamboo: every 20 s); 0 turns it off.</summary>
    public int GlobalTuningPeriod
    {
        get => _globalTuningPeriod;
        init => _globalTuningPeriod = Period(value, 0, nameof(GlobalTuningPeriod));
    }

    /// <summary>
    /// Most peers pinged per round to learn their round trip (0 to 64): candidates for an occupied
    /// routing-table cell that arrived without one, so that proximity neighbour selection can judge
    /// them. 0 leaves the judging to the round trips the engine measures anyway.
    /// </summary>
    public int ProximityProbesPerRound
    {
        get => _proximityProbes;
        init => _proximityProbes = value is >= 0 and <= 64
            ? value
            : throw new ArgumentOutOfRangeException(nameof(ProximityProbesPerRound), value, "0 to 64 probes per round");
    }

    /// <summary>
    /// Bamboo's periods (leaf set 4 s, local tuning 10 s, global tuning 20 s) in rounds of
    /// <paramref name="maintenanceInterval"/>, rounded to the nearest round and at least one:
    /// 2 s gives 2 / 5 / 10 exactly, 4 s gives 1 / 3 / 5, 10 s gives 1 / 1 / 2.
    /// </summary>
    public static PastryOptions ForMaintenanceInterval(TimeSpan maintenanceInterval)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(maintenanceInterval, TimeSpan.Zero);
        return new PastryOptions
        {
            LeafSetPeriod = Rounds(BambooLeafSetPeriod, maintenanceInterval),
            LocalTuningPeriod = Rounds(BambooLocalTuningPeriod, maintenanceInterval),
            GlobalTuningPeriod = Rounds(BambooGlobalTuningPeriod, maintenanceInterval),
        };
    }

    private static int Rounds(TimeSpan period, TimeSpan interval) =>
        (int)Math.Clamp(Math.Round(period / interval, MidpointRounding.AwayFromZero), 1, 1_000_000);

    private static int Period(int value, int least, string name) =>
        value >= least && value <= 1_000_000
            ? value
            : throw new ArgumentOutOfRangeException(name, value, $"a period is {least} to 1,000,000 rounds");
}
