namespace Peerlink.Sip.Tests;

/// <summary>Fixed FsCheck settings so every property run generates the same cases.</summary>
internal static class Replay
{
    /// <summary>FsCheck 3 replay string "(seed,gamma)"; gamma must be odd.</summary>
    public const string Seed = "(9120194557944927921,4336097830934015077)";
}
