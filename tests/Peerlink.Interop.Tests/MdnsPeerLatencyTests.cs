using System.Diagnostics;
using System.Globalization;
using Peerlink.TestSupport;
using Xunit.Abstractions;

namespace Peerlink.Interop.Tests;

/// <summary>
/// How long the third-party peers take, between two namespaces, from starting a publisher to the
/// instance showing up in a live browser on the other side, and from stopping it to the removal:
/// three runs each, printed for the record. The bounds asserted are loose (RFC 6762 section 8 probing
/// takes about 750 ms, goodbyes go out at once); the numbers are what the Peerlink tests can expect to wait.
/// </summary>
[Collection(MdnsPeersRunAlone.Name)]
public sealed class MdnsPeerLatencyTests(ITestOutputHelper output)
{
    private const string Http = "_http._tcp";
    private const int Runs = 3;
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan s_bound = TimeSpan.FromSeconds(10);

    [RequiresPeersFact(ThirdPartyPeers.Avahi)]
    public void AvahiLiveBrowse_PublisherStartedThenStopped_SeesItComeAndGoWithinSeconds()
    {
        using var ns = NetworkNamespaces.Create();
        using var a = AvahiDaemon.Start(ns.NamespaceA, ns.VethA, "plk-avahi-a");
        using var b = AvahiDaemon.Start(ns.NamespaceB, ns.VethB, "plk-avahi-b");
        using var browser = b.StartBrowse(Http);
        for (var run = 1; run <= Runs; run++)
        {
            var name = $"Latency {run}";
            using var publication = a.Publish(name, Http, 7000 + run);
            var established = publication.WaitForEstablished(s_wait);
            var added = browser.WaitFor(l => l.Kind == '+' && l.Name == name, s_wait);
            var resolved = browser.WaitFor(l => l.Kind == '=' && l.Name == name, s_wait);
            var stopped = publication.Stop();
            var removed = browser.WaitFor(l => l.Kind == '-' && l.Name == name, s_wait);

            var appear = Stopwatch.GetElapsedTime(publication.Process.Started, added.Timestamp);
            var gone = Stopwatch.GetElapsedTime(stopped, removed.Timestamp);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"avahi run {run}: start->'+' {Ms(appear)}, start->'=' {Ms(Stopwatch.GetElapsedTime(publication.Process.Started, resolved.Timestamp))}, " +
                $"start->established {Ms(established.Since(publication.Process.Started))}, established->'+' {Ms(Stopwatch.GetElapsedTime(established.Timestamp, added.Timestamp))}, " +
                $"stop->'-' {Ms(gone)}"));
            Assert.True(appear < s_bound, $"run {run}: appeared after {appear}");
            Assert.True(gone < s_bound, $"run {run}: removed after {gone}");
        }
    }

    [RequiresPeersFact(ThirdPartyPeers.Zeroconf)]
    public void ZeroconfBrowse_PublisherStartedThenStopped_SeesItComeAndGoWithinSeconds()
    {
        using var ns = NetworkNamespaces.Create();
        using var a = new ZeroconfPython(ns.NamespaceA, ns.AddressA);
        using var b = new ZeroconfPython(ns.NamespaceB, ns.AddressB);
        var browser = b.Browse(Http, TimeSpan.FromSeconds(120));
        browser.WaitFor(e => e.Event == "browsing", s_wait);
        for (var run = 1; run <= Runs; run++)
        {
            var name = $"Latency {run}";
            var publisher = a.Publish(name, Http, 7000 + run, $"plk-zc-{run}", TimeSpan.FromSeconds(60));
            var registered = publisher.WaitForRegistered(s_wait);
            var added = browser.WaitFor(e => e.Event == "added" && e.Instance == name, s_wait);
            var stopped = publisher.Stop();
            var removed = browser.WaitFor(e => e.Event == "removed" && e.Instance == name, s_wait);

            var appear = Stopwatch.GetElapsedTime(publisher.Process.Started, added.Timestamp);
            var gone = Stopwatch.GetElapsedTime(stopped, removed.Timestamp);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"zeroconf run {run}: start->added {Ms(appear)}, start->registered {Ms(Stopwatch.GetElapsedTime(publisher.Process.Started, registered.Timestamp))}, " +
                $"registered->added {Ms(Stopwatch.GetElapsedTime(registered.Timestamp, added.Timestamp))}, stop->removed {Ms(gone)}"));
            Assert.True(appear < s_bound, $"run {run}: appeared after {appear}");
            Assert.True(gone < s_bound, $"run {run}: removed after {gone}");
        }
    }

    private static string Ms(TimeSpan t) => string.Create(CultureInfo.InvariantCulture, $"{t.TotalMilliseconds:F0} ms");
}
