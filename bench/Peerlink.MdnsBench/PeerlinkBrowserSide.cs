using System.Text.Json;
using Peerlink.Interop.Tests;
using Peerlink.TestSupport;

namespace Peerlink.MdnsBench;

/// <summary>A live `peerlink dnssd browse TYPE --resolve --json` in namespace B: "added", "resolved", "removed".</summary>
internal sealed class PeerlinkBrowserSide(NetworkNamespaces ns, TimeSpan lifetime) : IBrowserSide
{
    private readonly PeerlinkDnssd _browser = PeerlinkDnssd.Start(ns.NamespaceB, lifetime, "browse", BenchService.Type, "--resolve", "--interface", ns.VethB);

    public long? FirstSight(string instance, TimeSpan wait) => Wait("added", instance, wait);

    public long Resolved(string instance, TimeSpan wait) => Wait("resolved", instance, wait);

    public long Removed(string instance, TimeSpan wait) => Wait("removed", instance, wait);

    public void Dispose() => _browser.Dispose();

    private long Wait(string kind, string instance, TimeSpan wait) =>
        _browser.Process.WaitForLine(l => Is(l, kind, instance), wait).Timestamp;

    private static bool Is(string line, string kind, string instance)
    {
        if (!line.StartsWith('{'))
        {
            return false;
        }

        try
        {
            using var json = JsonDocument.Parse(line);
            var root = json.RootElement;
            return root.TryGetProperty("event", out var e) && e.GetString() == kind
                && root.TryGetProperty("name", out var n) && n.GetString() == instance;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
