using System.Text.Json;

namespace Peerlink.Interop.Tests;

/// <summary>
/// The real <c>peerlink sip advertise</c> or <c>peerlink sip discover</c> inside a network namespace, with
/// <c>--json</c>, read back as <see cref="PeerlinkDnssd"/> reads <c>peerlink dnssd</c>.
/// </summary>
internal static class PeerlinkSipUri
{
    /// <summary>Starts <c>peerlink sip ARGS --json</c> in <paramref name="ns"/>, ended after <paramref name="lifetime"/> at the latest.</summary>
    public static PeerlinkDnssd Start(string ns, TimeSpan lifetime, params string[] arguments) =>
        PeerlinkDnssd.StartVerb(ns, lifetime, ["sip", .. arguments]);

    /// <summary>Runs <c>peerlink sip discover</c> to its end (bounded) and returns the line of each instance it listed.</summary>
    public static IReadOnlyList<JsonElement> Discover(string ns, string interfaceName, double seconds)
    {
        using var discover = Start(ns, TimeSpan.FromSeconds(seconds + 20), "discover", "--interface", interfaceName, "--timeout", seconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(discover.Process.WaitForExit(TimeSpan.FromSeconds(seconds + 15)), discover.Process.Transcript());
        Assert.True(discover.Process.ExitCode == 0, discover.Process.Transcript());
        return discover.Events;
    }
}
