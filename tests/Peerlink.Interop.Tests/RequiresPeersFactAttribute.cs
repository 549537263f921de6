using Peerlink.TestSupport;

namespace Peerlink.Interop.Tests;

/// <summary>The third-party programs an interop test runs inside network namespaces.</summary>
[Flags]
public enum ThirdPartyPeers
{
    None = 0,

    /// <summary>avahi-daemon, avahi-utils and dbus-daemon (Debian: avahi-daemon avahi-utils dbus).</summary>
    Avahi = 1,

    /// <summary>python-zeroconf under /usr/bin/python3 (Debian: python3-zeroconf).</summary>
    Zeroconf = 2,

    /// <summary>tshark, to capture what the peers sent.</summary>
    Tshark = 4,

    /// <summary>OpenDHT's dhtnode (Debian: dhtnode).</summary>
    OpenDht = 8,

    /// <summary>coturn's turnserver and turnutils (Debian: coturn), and iptables for the NAT.</summary>
    Coturn = 16,
}

/// <summary>
/// A fact that skips, and says loudly why, when the test cannot make network namespaces or a peer it
/// runs in them is not installed. Decided once per process (xunit 2 has no dynamic skip).
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class RequiresPeersFactAttribute : FactAttribute
{
    private static readonly Lazy<string?> s_noNamespaces = new(NetworkNamespaces.WhyUnavailable);
    private static readonly Lazy<string?> s_noAvahi = new(() =>
        AvahiDaemon.Tools.FirstOrDefault(t => ExternalTool.Find(t) is null) is { } missing
            ? $"{missing} is not installed (apt-get install avahi-daemon avahi-utils dbus)"
            : null);

    private static readonly Lazy<string?> s_noZeroconf = new(ZeroconfPython.WhyUnavailable);
    private static readonly Lazy<string?> s_noOpenDht = new(() =>
        ExternalTool.Find("dhtnode") is null ? "dhtnode is not installed (apt-get install dhtnode; ./test.sh installs it)" : null);

    private static readonly Lazy<string?> s_noTshark = new(() =>
        ExternalTool.Find(TsharkSession.Tool) is null ? "tshark is not installed (./test.sh installs it)" : null);

    private static readonly Lazy<string?> s_noCoturn = new(() =>
        new[] { "turnserver", "turnutils_natdiscovery", "turnutils_uclient", "iptables" }.FirstOrDefault(t => ExternalTool.Find(t) is null && !File.Exists("/usr/sbin/" + t)) is { } missing
            ? $"{missing} is not installed (apt-get install coturn iptables; ./test.sh installs them)"
            : null);

    public RequiresPeersFactAttribute(ThirdPartyPeers peers)
    {
        Peers = peers;
        List<string?> reasons = [s_noNamespaces.Value];
        if (peers.HasFlag(ThirdPartyPeers.Avahi))
        {
            reasons.Add(s_noAvahi.Value);
        }

        if (peers.HasFlag(ThirdPartyPeers.Zeroconf))
        {
            reasons.Add(s_noZeroconf.Value);
        }

        if (peers.HasFlag(ThirdPartyPeers.OpenDht))
        {
            reasons.Add(s_noOpenDht.Value);
        }

        if (peers.HasFlag(ThirdPartyPeers.Coturn))
        {
            reasons.Add(s_noCoturn.Value);
        }

        if (peers.HasFlag(ThirdPartyPeers.Tshark))
        {
            reasons.Add(s_noTshark.Value);
        }

        if (reasons.OfType<string>().ToList() is { Count: > 0 } why)
        {
            Skip = $"SKIPPED interop with real peers ({peers}): {string.Join("; ", why)}";
        }
    }

    public ThirdPartyPeers Peers { get; }
}
