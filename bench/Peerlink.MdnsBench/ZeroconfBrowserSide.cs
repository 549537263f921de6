using Peerlink.Interop.Tests;
using Peerlink.TestSupport;

namespace Peerlink.MdnsBench;

/// <summary>
/// Scripts/zeroconf_browse.py in namespace B. It prints "added" only once it has resolved the instance
/// (get_service_info), so it has no separate first sight.
/// </summary>
internal sealed class ZeroconfBrowserSide : IBrowserSide
{
    private readonly ZeroconfPython _python;
    private readonly ZeroconfProcess _browser;

    public ZeroconfBrowserSide(NetworkNamespaces ns, TimeSpan lifetime)
    {
        _python = new ZeroconfPython(ns.NamespaceB, ns.AddressB);
        _browser = _python.Browse(BenchService.Type, lifetime);
        _browser.WaitFor(e => e.Event == "browsing", TimeSpan.FromSeconds(15));
    }

    public long? FirstSight(string instance, TimeSpan wait) => null;

    public long Resolved(string instance, TimeSpan wait) =>
        _browser.WaitFor(e => e.Event == "added" && e.Instance == instance && e.Port is not null, wait).Timestamp;

    public long Removed(string instance, TimeSpan wait) =>
        _browser.WaitFor(e => e.Event == "removed" && e.Instance == instance, wait).Timestamp;

    public void Dispose() => _python.Dispose();
}
