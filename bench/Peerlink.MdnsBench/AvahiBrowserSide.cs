using Peerlink.Interop.Tests;
using Peerlink.TestSupport;

namespace Peerlink.MdnsBench;

/// <summary>A live `avahi-browse -rpk` against its own avahi-daemon in namespace B: '+' first sight, '=' resolved, '-' gone.</summary>
internal sealed class AvahiBrowserSide : IBrowserSide
{
    private readonly AvahiDaemon _daemon;
    private readonly AvahiBrowser _browser;

    public AvahiBrowserSide(NetworkNamespaces ns)
    {
        _daemon = AvahiDaemon.Start(ns.NamespaceB, ns.VethB, "plkbench-b");
        _browser = _daemon.StartBrowse(BenchService.Type);
    }

    public long? FirstSight(string instance, TimeSpan wait) => Wait('+', instance, wait);

    public long Resolved(string instance, TimeSpan wait) => Wait('=', instance, wait);

    public long Removed(string instance, TimeSpan wait) => Wait('-', instance, wait);

    public void Dispose() => _daemon.Dispose();

    private long Wait(char kind, string instance, TimeSpan wait) =>
        _browser.WaitFor(l => l.Kind == kind && l.Name == instance, wait).Timestamp;
}
