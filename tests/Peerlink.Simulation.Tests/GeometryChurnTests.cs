using Peerlink.Overlay.Engine;
using Peerlink.Simulation.Scenarios;
using Peerlink.Wire;
using Xunit.Abstractions;

namespace Peerlink.Simulation.Tests;

/// <summary>
/// Issue 4's churn goal on each geometry: at least 99 % of lookups succeed with exponential
/// 15-minute median sessions (down as long: half the peers away at any time) and 1 % datagram loss,
/// within 500 B/s of maintenance per node. 500 peers join through the protocol; the lookups run over
/// 20 simulated minutes after 5 minutes of churn.
/// </summary>
public class GeometryChurnTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(OverlayAlgorithm.Chord, RoutingMode.Recursive)]
    [InlineData(OverlayAlgorithm.Pastry, RoutingMode.Recursive)]
    [InlineData(OverlayAlgorithm.Bamboo, RoutingMode.Recursive)]
    [InlineData(OverlayAlgorithm.Kademlia, RoutingMode.Parallel)]
    public void Churn_FifteenMinuteSessionsOnePercentLoss_NinetyNinePercentOfLookupsSucceed(OverlayAlgorithm algorithm, RoutingMode routing)
    {
        var report = LookupScenario.Run(new LookupScenarioOptions
        {
            Nodes = 500,
            Algorithm = algorithm,
            Routing = routing,
            Join = JoinMode.Protocol,
            JoinRate = 20,
            Lookups = 500,
            Objects = 500,
            Loss = 0.01,
            Churn = ChurnModel.Parse("session=exp:15m"),
            Warmup = TimeSpan.FromMinutes(5),
            Duration = TimeSpan.FromMinutes(20),
        });
        output.WriteLine($"{algorithm} {routing}: success {report.SuccessRate:P2} ({report.Succeeded} of {report.Lookups - report.Abandoned}, {report.Abandoned} abandoned), " +
            $"failures {string.Join(", ", report.Failures.Select(f => $"{f.Key}={f.Value}"))}, maintenance {report.MaintenanceBytesPerNodePerSecond:F0} B/s, lost {report.ObjectsLost}");

        Assert.True(report.SuccessRate >= 0.99, $"success {report.SuccessRate:P2}");
        Assert.True(report.MaintenanceBytesPerNodePerSecond <= 500, $"maintenance {report.MaintenanceBytesPerNodePerSecond:F0} B/s");
        Assert.True(report.Abandoned <= report.Lookups / 50, $"{report.Abandoned} lookups abandoned: the originators' departures, not the overlay, decided too many");
    }
}
