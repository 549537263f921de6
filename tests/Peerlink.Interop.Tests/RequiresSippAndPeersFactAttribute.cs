namespace Peerlink.Interop.Tests;

/// <summary>
/// A fact that needs Avahi and tshark in namespaces (as <see cref="RequiresPeersFactAttribute"/>) and SIPp
/// (Debian sip-tester); it skips, saying which is missing.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class RequiresSippAndPeersFactAttribute : FactAttribute
{
    private static readonly Lazy<string?> s_noSipp = new(() =>
        ExternalTool.Find("sipp") is null ? "sipp is not installed (apt-get install sip-tester)" : null);

    public RequiresSippAndPeersFactAttribute()
    {
        var peers = new RequiresPeersFactAttribute(ThirdPartyPeers.Avahi | ThirdPartyPeers.Tshark);
        var reasons = new[] { peers.Skip, s_noSipp.Value }.OfType<string>().ToList();
        if (reasons.Count > 0)
        {
            Skip = $"SKIPPED interop with SIPp: {string.Join("; ", reasons)}";
        }
    }
}
