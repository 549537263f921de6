using Peerlink.TestSupport;

namespace Peerlink.MdnsBench;

/// <summary>One publisher/browser pair: a publisher in namespace A, a browser in namespace B, one mDNS stack in each.</summary>
/// <param name="Name">As the table shows it, e.g. "Peerlink→Avahi".</param>
/// <param name="Tag">A short tag for instance names.</param>
/// <param name="StartPublisher">Starts the publishing side in A (a daemon or host that then runs throughout).</param>
/// <param name="StartBrowser">Starts the live browser in B.</param>
/// <param name="Origin">What "publish" means for this row, for the table.</param>
internal sealed record LatencyScenario(
    string Name,
    string Tag,
    Func<NetworkNamespaces, TimeSpan, Task<IPublisherSide>> StartPublisher,
    Func<NetworkNamespaces, TimeSpan, IBrowserSide> StartBrowser,
    string Origin)
{
    /// <summary>The six pairs issue 5 item 5 asks for, in its order, plus the CLI publisher row.</summary>
    public static IReadOnlyList<LatencyScenario> All { get; } =
    [
        new("Peerlink→Avahi", "p2a", async (ns, _) => await PeerlinkHostPublisher.StartAsync(ns).ConfigureAwait(false),
            (ns, _) => new AvahiBrowserSide(ns), "PublishAsync on a running MdnsHost"),
        new("Avahi→Peerlink", "a2p", (ns, _) => Task.FromResult<IPublisherSide>(AvahiPublisher.Start(ns)),
            (ns, life) => new PeerlinkBrowserSide(ns, life), "avahi-publish start (daemon running)"),
        new("Peerlink→Peerlink (in-process publisher)", "p2p", async (ns, _) => await PeerlinkHostPublisher.StartAsync(ns).ConfigureAwait(false),
            (ns, life) => new PeerlinkBrowserSide(ns, life), "PublishAsync on a running MdnsHost"),
        new("Peerlink→Peerlink (`peerlink dnssd publish` process)", "pcli", (ns, life) => Task.FromResult<IPublisherSide>(new PeerlinkCliPublisher(ns, life)),
            (ns, life) => new PeerlinkBrowserSide(ns, life), "process start (.NET start-up and §8.1 jitter included)"),
        new("Avahi→Avahi", "a2a", (ns, _) => Task.FromResult<IPublisherSide>(AvahiPublisher.Start(ns)),
            (ns, _) => new AvahiBrowserSide(ns), "avahi-publish start (daemon running)"),
        new("python-zeroconf→python-zeroconf", "z2z", (ns, life) => Task.FromResult<IPublisherSide>(new ZeroconfPublisher(ns, life)),
            (ns, life) => new ZeroconfBrowserSide(ns, life), "script start"),
    ];
}
