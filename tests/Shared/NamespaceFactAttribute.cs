namespace Peerlink.TestSupport;

/// <summary>A fact that is skipped, with the reason, where the test cannot make network namespaces (not root, no iproute2).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class NamespaceFactAttribute : FactAttribute
{
    private static readonly Lazy<string?> s_whyUnavailable = new(NetworkNamespaces.WhyUnavailable);

    /// <summary>Sets <see cref="FactAttribute.Skip"/> when namespaces are unavailable.</summary>
    public NamespaceFactAttribute()
    {
        if (s_whyUnavailable.Value is { } why)
        {
            Skip = $"needs its own network namespaces, and {why}";
        }
    }
}
