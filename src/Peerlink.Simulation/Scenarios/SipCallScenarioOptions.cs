using Peerlink.Overlay.Engine;

namespace Peerlink.Simulation.Scenarios;

/// <summary>What <see cref="SipCallScenario"/> runs: how many hosts and calls, the latency, the routing modes.</summary>
public sealed record SipCallScenarioOptions
{
    /// <summary>P2P-SIP hosts (each an overlay peer and a user agent); 10,000 in issue 8's benchmark.</summary>
    public int Nodes { get; init; } = 1000;

    /// <summary>Callees that register; every call goes to one of them.</summary>
    public int Users { get; init; } = 200;

    /// <summary>Calls per routing mode, and as many direct calls.</summary>
    public int Calls { get; init; } = 500;

    /// <summary>The routing modes the lookups use, one run of calls each.</summary>
    public IReadOnlyList<RoutingMode> Routings { get; init; } = [RoutingMode.Recursive, RoutingMode.Iterative, RoutingMode.Parallel];

    /// <summary>Latency between any two hosts (default: the synthetic Internet-like model).</summary>
    public LatencyModel Latency { get; init; } = LatencyModel.Internet;

    /// <summary>Seed of everything random.</summary>
    public int Seed { get; init; } = 7;

    /// <summary>Virtual time over which each mode's calls are spread.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromMinutes(2);
}
