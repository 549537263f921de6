namespace Peerlink.Simulation.Tests;

/// <summary>Fixed FsCheck settings so property runs are reproducible.</summary>
internal static class Replay
{
    /// <summary>FsCheck 3 replay string: "(seed,gamma)".</summary>
    public const string Seed = "(12345,67891)";
}
