using Peerlink.TestSupport;

namespace Peerlink.Interop.Tests;

/// <summary>
/// A fact for the SIP interop tests (issue 8): skips, saying why, unless network namespaces can be made and
/// the tools named (sipp from Debian's sip-tester, baresip from baresip-core, tshark) are installed.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class RequiresSipPeersFactAttribute : FactAttribute
{
    private static readonly Lazy<string?> s_noNamespaces = new(NetworkNamespaces.WhyUnavailable);

    public RequiresSipPeersFactAttribute(params string[] tools)
    {
        ArgumentNullException.ThrowIfNull(tools);
        List<string> why = s_noNamespaces.Value is { } ns ? [ns] : [];
        why.AddRange(tools.Where(t => ExternalTool.Find(t) is null).Select(t => $"{t} is not installed (./test.sh installs sip-tester, baresip-core and tshark)"));
        if (why.Count > 0)
        {
            Skip = $"SKIPPED SIP interop with real peers ({string.Join(", ", tools)}): {string.Join("; ", why)}";
        }
    }
}
