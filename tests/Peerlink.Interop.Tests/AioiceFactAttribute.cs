using Peerlink.TestSupport;

namespace Peerlink.Interop.Tests;

/// <summary>
/// A fact that needs its own network namespaces and Debian's python3-aioice (run with /usr/bin/python3);
/// skipped, with the reason, where either is missing.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class AioiceFactAttribute : FactAttribute
{
    /// <summary>The interpreter python3-aioice is installed for.</summary>
    public const string Python = "/usr/bin/python3";

    private static readonly Lazy<string?> s_whyUnavailable = new(() =>
    {
        if (NetworkNamespaces.WhyUnavailable() is { } why)
        {
            return $"needs its own network namespaces, and {why}";
        }

        var result = ExternalTool.Run(Python, ["-c", "import aioice"], TimeSpan.FromSeconds(20));
        return result.ExitCode == 0 ? null : "python3-aioice is not installed: run ./test.sh, which installs it";
    });

    /// <summary>Sets <see cref="FactAttribute.Skip"/> when the namespaces or aioice are unavailable.</summary>
    public AioiceFactAttribute()
    {
        if (s_whyUnavailable.Value is { } why)
        {
            Skip = why;
        }
    }
}
