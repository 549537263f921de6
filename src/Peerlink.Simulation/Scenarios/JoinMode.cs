namespace Peerlink.Simulation.Scenarios;

/// <summary>How a <see cref="LookupScenario"/> forms its overlay before the measurement.</summary>
public enum JoinMode
{
    /// <summary>
    /// Every node starts with the tables of the complete ring (predecessor, successors, fingers), as
    /// p2psim's static mode does: large overlays start without simulating N joins.
    /// </summary>
    Oracle,

    /// <summary>
    /// The first node forms the overlay alone; every other node joins through the protocol (Join to
    /// the admitting peer, §4.7.1), through a random peer already in, at up to
    /// <see cref="LookupScenarioOptions.JoinRate"/> nodes per simulated second and at most one per
    /// member per maintenance interval (the overlay grows by at most its size every interval).
    /// </summary>
    Protocol,
}
