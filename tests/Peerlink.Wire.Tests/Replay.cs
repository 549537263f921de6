namespace Peerlink.Wire.Tests;

/// <summary>Fixed FsCheck settings so every property run generates the same cases.</summary>
internal static class Replay
{
    /// <summary>FsCheck 3 replay string "(seed,gamma)"; gamma must be odd (FsCheck.Random.CreateWithSeedAndGamma).</summary>
    public const string Seed = "(17120194557944927926,4336097830934015077)";
}
