using Peerlink.Wire;
using Peerlink.Overlay.Engine;

namespace Peerlink.Simulation.Scenarios;

/// <summary>What <see cref="LookupScenario"/> runs: an overlay, stored objects, lookups, optional churn and loss.</summary>
public sealed record LookupScenarioOptions
{
    /// <summary>
    /// The most <see cref="BlackHoles"/> may be: with more, most paths and replica sets are hostile,
    /// which measures the attacker, not the routing.
    /// </summary>
    public const double MaxBlackHoles = 0.5;

    private readonly double _blackHoles;

    /// <summary>Peers in the overlay at the start.</summary>
    public int Nodes { get; init; } = 1000;

    /// <summary>Lookups issued during the measurement window.</summary>
    public int Lookups { get; init; } = 10_000;

    /// <summary>Objects published before the lookups; lookups ask for them.</summary>
    public int Objects { get; init; } = 1000;

    /// <summary>The DHT geometry. The oracle builds Chord tables only: other geometries form by <see cref="JoinMode.Protocol"/>.</summary>
    public OverlayAlgorithm Algorithm { get; init; } = OverlayAlgorithm.Chord;

    /// <summary>How the overlay forms: tables from an oracle, or every node joining through the protocol.</summary>
    public JoinMode Join { get; init; } = JoinMode.Oracle;

    /// <summary>With <see cref="JoinMode.Protocol"/>: nodes that join per second of simulated time.</summary>
    public double JoinRate { get; init; } = 100;

    /// <summary>Seed of everything random.</summary>
    public int Seed { get; init; } = 7;

    /// <summary>One-way delay between nodes.</summary>
    public LatencyModel Latency { get; init; } = LatencyModel.Internet;

    /// <summary>Probability that a datagram is lost.</summary>
    public double Loss { get; init; }

    /// <summary>Session and down times; null for a static overlay.</summary>
    public ChurnModel? Churn { get; init; }

    /// <summary>How lookups are routed.</summary>
    public RoutingMode Routing { get; init; } = RoutingMode.Recursive;

    /// <summary>Time between publishing the objects and the first lookup, for maintenance to settle.</summary>
    public TimeSpan Warmup { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>The measurement window over which lookups are spread.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Fraction of the peers (0 to 0.5) that are black holes once the overlay has formed: they keep
    /// answering maintenance (keep-alives, table exchanges, joins), so they stay in others' tables,
    /// but silently drop every Publish, LookupObject, LookupPeer and RemoveObject they receive (no
    /// ACK, no answer). They never publish or look up.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Not from 0 to 0.5.</exception>
    public double BlackHoles
    {
        get => _blackHoles;
        init => _blackHoles = value is >= 0 and <= MaxBlackHoles ? value : throw new ArgumentOutOfRangeException(nameof(BlackHoles), value, $"a fraction of the peers from 0 to {MaxBlackHoles}");
    }

    /// <summary>Each node's engine settings.</summary>
    public OverlayNodeOptions Node { get; init; } = new();
}
