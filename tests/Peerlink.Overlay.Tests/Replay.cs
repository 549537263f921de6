namespace Peerlink.Overlay.Tests;

/// <summary>Fixed FsCheck settings so property runs are reproducible.</summary>
internal static class Replay
{
    /// <summary>FsCheck 3 replay string: "(seed,gamma)"; gamma must be odd.</summary>
    public const string Seed = "(31415926,27182819)";
}
