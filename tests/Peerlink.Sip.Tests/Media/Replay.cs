namespace Peerlink.Sip.Tests.Media;

/// <summary>Fixed FsCheck settings so every property run generates the same cases.</summary>
internal static class Replay
{
    /// <summary>FsCheck 3 replay string "(seed,gamma)"; gamma must be odd.</summary>
    public const string Seed = "(3550711020260001234,8000160020003550711)";
}
