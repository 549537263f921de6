using Peerlink.Overlay.Engine;
using Peerlink.Simulation.Scenarios;
using Peerlink.Wire;
using Xunit.Abstractions;

namespace Peerlink.Simulation.Tests;

/// <summary>Issue 3's overlay properties, checked in the simulator (properties, not wall time).</summary>
public class LookupScenarioTests(ITestOutputHelper output)
{
    private void Show(LookupScenarioReport r) =>
        output.WriteLine($"nodes {r.Nodes} lookups {r.Lookups} success {r.SuccessRate:P2} hops {r.MeanHops:F2} p99 {r.HopsP99} " +
            $"latency p50 {r.LatencyMsP50:F0} ms p99 {r.LatencyMsP99:F0} ms maintenance {r.MaintenanceBytesPerNodePerSecond:F0} B/s lost {r.ObjectsLost} events {r.Events} joins failed {r.JoinsFailed} formed at {r.JoinTime} table entries {r.TableEntriesPerNode:F1}");

    [Fact]
    public void Static_ThousandNodes_EveryLookupSucceedsInAtMostHalfLogNPlusOneHopsOnAverage()
    {
        var report = LookupScenario.Run(new LookupScenarioOptions { Nodes = 1000, Lookups = 2000, Objects = 200, Duration = TimeSpan.FromMinutes(2) });
        Show(report);

        Assert.Equal(1.0, report.SuccessRate);
        Assert.True(report.MeanHops <= (0.5 * Math.Log2(1000)) + 1, $"mean hops {report.MeanHops}");
        Assert.Equal(0, report.ObjectsLost);
    }

    [Fact]
    public void DecodeCache_SharedByAllNodesOrMissingEveryTime_SameRunEventForEvent()
    {
        // The scenario shares one decode cache among its nodes; a cache of one slot almost never
        // hits. Under churn and loss both runs must be the same run: same events, hops, latencies.
        LookupScenarioReport Run(DecodeCache? cache) => LookupScenario.Run(new LookupScenarioOptions
        {
            Nodes = 300,
            Lookups = 600,
            Objects = 60,
            Loss = 0.01,
            Churn = ChurnModel.Parse("session=exp:10m"),
            Duration = TimeSpan.FromMinutes(2),
            Node = new OverlayNodeOptions { Wire = WireOptions.Default with { Cache = cache } },
        });

        var shared = Run(null);
        var missing = Run(new DecodeCache(1));
        Show(shared);

        Assert.True(shared.Events > 100_000, $"only {shared.Events} events");
        Assert.Equal(shared.Events, missing.Events);
        Assert.Equal(shared.Hops, missing.Hops);
        Assert.Equal(shared.LatenciesMs, missing.LatenciesMs);
        Assert.Equal(shared.Failures, missing.Failures);
        Assert.Equal(shared.MaintenanceBytesPerNodePerSecond, missing.MaintenanceBytesPerNodePerSecond);
    }

    [Fact]
    public void Static_FiveHundredTwelveNodes_TablesHoldTheirSuccessorsAndAboutLogNFingers()
    {
        // The oracle's ring: a predecessor, r successors and log2(N) distinct fingers at most, some of them the same peers.
        var report = LookupScenario.Run(new LookupScenarioOptions { Nodes = 512, Lookups = 100, Objects = 20, Warmup = TimeSpan.Zero, Duration = TimeSpan.FromSeconds(10) });
        Show(report);

        const int successors = 8; // ChordTable's default r
        Assert.InRange(report.TableEntriesPerNode, Math.Max(successors, Math.Log2(512)), 1 + successors + Math.Log2(512));
    }

    [Fact]
    public void Churn_SixtyMinuteSessionsOnePercentLoss_LookupsSucceedAndNoObjectIsLost()
    {
        var report = LookupScenario.Run(new LookupScenarioOptions
        {
            Nodes = 500,
            Lookups = 3000,
            Objects = 200,
            Loss = 0.01,
            Churn = ChurnModel.Parse("session=exp:60m"),
            Duration = TimeSpan.FromMinutes(20),
        });
        Show(report);

        Assert.True(report.SuccessRate >= 0.995, $"success {report.SuccessRate:P2}");
        Assert.Equal(0, report.ObjectsLost);
    }

    // 500 nodes that join through the protocol at up to 20 a second, then 1,000 lookups over 2 minutes.
    private static LookupScenarioOptions FiveHundredJoiningOneByOne(Wire.OverlayAlgorithm algorithm) => new()
    {
        Nodes = 500,
        Algorithm = algorithm,
        Join = JoinMode.Protocol,
        JoinRate = 20,
        Lookups = 1000,
        Objects = 100,
        Duration = TimeSpan.FromMinutes(2),
    };

    [Fact]
    public void ProtocolJoin_FiveHundredNodesJoinOneByOne_EveryLookupSucceeds()
    {
        var report = LookupScenario.Run(FiveHundredJoiningOneByOne(Wire.OverlayAlgorithm.Chord));
        Show(report);

        Assert.Equal(0, report.JoinsFailed);
        Assert.True(report.JoinTime >= TimeSpan.FromSeconds(499 / 20.0), $"formed at {report.JoinTime}: the joins were not spread out");
        Assert.True(report.JoinTime <= TimeSpan.FromMinutes(3), $"formed at {report.JoinTime}: the ramp-up is too slow");
        Assert.Equal(1.0, report.SuccessRate);
        Assert.True(report.MeanHops <= (0.5 * Math.Log2(500)) + 1, $"mean hops {report.MeanHops}");
        Assert.Equal(0, report.ObjectsLost);
    }

    [Fact]
    public void ProtocolJoin_TwoThousandNodesAtFiveHundredASecond_RingSettlesAndNothingIsLost()
    {
        // Hundreds of concurrent joins leave some newcomers with a successor far past their true one,
        // unknown to the peers around them (admitted on a stale view). Such a peer must neither
        // swallow publishes (routed around the ring when the owner lies far behind), nor keep
        // objects it was handed but does not own (passed on), and the ring must settle (its own
        // successor looked up through a finger). Without those: 99.25 %, 4 objects never stored.
        var report = LookupScenario.Run(new LookupScenarioOptions
        {
            Nodes = 2000,
            Join = JoinMode.Protocol,
            JoinRate = 500,
            Lookups = 2000,
            Objects = 1000,
            Warmup = TimeSpan.FromMinutes(3),
            Duration = TimeSpan.FromMinutes(1),
        });
        Show(report);

        Assert.Equal(0, report.JoinsFailed);
        Assert.Empty(report.Failures);
        Assert.Equal(0, report.WrongSuccessors);
        Assert.Equal(0, report.ObjectsLost);
        Assert.Equal(1.0, report.SuccessRate);
    }

    [Fact]
    public void Pastry_FiveHundredNodesJoinOneByOne_EveryLookupSucceedsInFewHops()
    {
        var report = LookupScenario.Run(FiveHundredJoiningOneByOne(Wire.OverlayAlgorithm.Pastry));
        Show(report);

        Assert.Equal(0, report.JoinsFailed);
        Assert.Equal(1.0, report.SuccessRate);
        Assert.True(report.MeanHops <= Math.Ceiling(Math.Log(500, 16)) + 1, $"mean hops {report.MeanHops}: Pastry routes in about log16(N)");
        Assert.Equal(0, report.ObjectsLost);
    }

    [Theory]
    [InlineData(RoutingMode.Parallel)]
    [InlineData(RoutingMode.Iterative)]
    public void Kademlia_FiveHundredNodesJoinOneByOne_EveryNodeLookupFindsTheValue(RoutingMode mode)
    {
        // Publish and lookup both start with a node lookup (§2.3) that converges on the k closest
        // peers; greedy recursive routing alone found 29 % (peers that know no closer contact take
        // themselves for the owner). A lookup for a value stops when a peer returns it (FIND_VALUE):
        // asking all k = 20 closest first took about 21 messages a lookup.
        var report = LookupScenario.Run(FiveHundredJoiningOneByOne(Wire.OverlayAlgorithm.Kademlia) with { Routing = mode });
        Show(report);

        Assert.Equal(0, report.JoinsFailed);
        Assert.Empty(report.Failures);
        Assert.Equal(1.0, report.SuccessRate);
        Assert.Equal(0, report.ObjectsLost);
        Assert.True(report.MeanHops <= (mode == RoutingMode.Parallel ? 12 : 7), $"{report.MeanHops:F2} messages a lookup");
    }

    [Fact]
    public void Run_KademliaWithTheOracle_IsRefusedNamingTheWayThatWorks()
    {
        var e = Assert.Throws<ArgumentException>(() => LookupScenario.Run(new LookupScenarioOptions { Nodes = 10, Algorithm = Wire.OverlayAlgorithm.Kademlia }));

        Assert.Contains("Protocol", e.Message, StringComparison.Ordinal);
    }
}
