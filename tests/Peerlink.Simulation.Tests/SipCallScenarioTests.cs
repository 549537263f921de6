using Peerlink.Overlay.Engine;
using Peerlink.Simulation.Scenarios;
using Xunit.Abstractions;

namespace Peerlink.Simulation.Tests;

/// <summary>Issue 8's P2P-SIP calls in the simulator: found through the overlay, then called directly.</summary>
public class SipCallScenarioTests(ITestOutputHelper output)
{
    [Fact]
    public void Calls_ThreeHundredHostsEachRoutingMode_EveryCallFoundAndAnsweredAfterItsLookup()
    {
        var report = SipCallScenario.Run(new SipCallScenarioOptions { Nodes = 300, Users = 40, Calls = 60, Duration = TimeSpan.FromSeconds(30) });
        foreach (var m in report.Modes.Append(report.Direct))
        {
            output.WriteLine($"{m.Routing?.ToString() ?? "direct"}: {m.Answered}/{m.Calls} lookup p50 {SipCallModeReport.Quantile(m.LookupMs, 0.5):F0} ms, SIP p50 {SipCallModeReport.Quantile(m.SipMs, 0.5):F0} ms, failures {string.Join(",", m.Failures)}");
        }

        Assert.Equal([RoutingMode.Recursive, RoutingMode.Iterative, RoutingMode.Parallel], report.Modes.Select(m => m.Routing!.Value));
        foreach (var mode in report.Modes)
        {
            Assert.Empty(mode.Failures);
            Assert.Equal(mode.Calls, mode.Answered);

            // A lookup takes at least one round trip to a peer; the INVITE one to the callee.
            Assert.All(mode.LookupMs, ms => Assert.True(ms > 0, $"{mode.Routing} lookup of {ms} ms"));
            Assert.All(mode.SipMs, ms => Assert.True(ms > 0, $"{mode.Routing} SIP of {ms} ms"));
        }

        Assert.Equal(report.Direct.Calls, report.Direct.Answered);
        Assert.All(report.Direct.LookupMs, ms => Assert.Equal(0, ms));

        // Through the overlay, a call waits for its lookup: its median set-up is longer than a direct call's.
        Assert.True(
            SipCallModeReport.Quantile(report.Modes[0].TotalMs, 0.5) > SipCallModeReport.Quantile(report.Direct.TotalMs, 0.5),
            "a looked-up call should take longer than a direct one");
    }
}
