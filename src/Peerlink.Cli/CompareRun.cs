using Peerlink.Overlay.Engine;
using Peerlink.Simulation.Scenarios;
using Peerlink.Wire;

namespace Peerlink.Cli;

/// <summary>One run of <c>peerlink sim compare</c>: a geometry, how its lookups travelled, the churn it ran under, what it measured.</summary>
/// <param name="Algorithm">The geometry.</param>
/// <param name="Routing">How its lookups travelled.</param>
/// <param name="Churn">The churn, as written: "none", the <c>--churn</c> text, or "session=exp:15m" for a sweep run.</param>
/// <param name="SweepSession">The median session time of a <c>--sessions</c> run; null for the runs without the sweep.</param>
/// <param name="Report">What the scenario measured.</param>
/// <param name="WallSeconds">Wall-clock time the run took.</param>
internal sealed record CompareRun(OverlayAlgorithm Algorithm, RoutingMode Routing, string Churn, MedianSession? SweepSession, LookupScenarioReport Report, double WallSeconds)
{
    /// <summary>
    /// Whether the report's hops count the messages of a Kademlia node lookup (peers asked, then tries
    /// at the closest found) rather than overlay hops along a path: what a shortlist geometry's
    /// iterative and parallel lookups report (OverlayNode.Search), so its figures do not compare with
    /// the path hops of the others.
    /// </summary>
    public bool HopsAreLookupMessages => Algorithm == OverlayAlgorithm.Kademlia && Routing != RoutingMode.Recursive;
}
