using Peerlink.TestSupport;
using Xunit.Abstractions;

namespace Peerlink.Interop.Tests;

/// <summary>
/// z2z end to end (issue 6, item 3), in <see cref="RoutedLinks"/>: link A's service host runs a real
/// HTTP server and Avahi publishing it as _http._tcp; gateway A runs <c>peerlink z2z export</c>; the
/// router runs a bootstrap server and two Peerlink peers, the DHT; gateway B runs <c>peerlink z2z
/// import</c>; link B's client runs Avahi. The client's avahi-browse lists the service with link A's
/// address and port, an HTTP GET to what it resolved returns the page, and the service's goodbye on
/// link A takes it off link B.
/// </summary>
[Collection(MdnsPeersRunAlone.Name)]
public sealed class Z2zEndToEndTests(ITestOutputHelper output)
{
    private const string Page = "hello from link A";
    private static readonly TimeSpan s_start = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan s_lifetime = TimeSpan.FromSeconds(120);

    [RequiresPeersFact(ThirdPartyPeers.Avahi)]
    public void Z2z_OverlayRendezvous_AvahiServiceOnLinkA_ListedOnLinkBWithLinkAAddress_HttpGetWorks_GoneAfterGoodbye()
    {
        using var links = RoutedLinks.Create(1);
        var site = Directory.CreateTempSubdirectory("peerlink-z2z-site-");
        try
        {
            File.WriteAllText(Path.Combine(site.FullName, "index.html"), Page);
            using var http = NamespaceProcess.Start(links.Service, s_lifetime, null, ZeroconfPython.Python, "-u", "-m", "http.server", "8080", "--bind", links.ServiceAddress, "--directory", site.FullName);
            http.WaitForLine(l => l.StartsWith("Serving HTTP", StringComparison.Ordinal), s_start);
            using var avahiA = AvahiDaemon.Start(links.Service, links.ServiceInterface, "plk-web-a");

            var router = links.RouterAddress;
            using var bootstrap = Peerlink(links.Router, "bootstrap", "--bind", router, "--port", "7080");
            bootstrap.WaitForLine(l => l.StartsWith("bootstrap server on", StringComparison.Ordinal), s_start);
            using var peer1 = Peerlink(links.Router, "node", "--bind", router, "--port", "7081", "--bootstrap", $"{router}:7080");
            peer1.WaitForLine(l => l.Contains("formed a new overlay", StringComparison.Ordinal) || l.Contains("joined via", StringComparison.Ordinal), s_start);
            using var peer2 = Peerlink(links.Router, "node", "--bind", router, "--port", "7082", "--bootstrap", $"{router}:7080");
            peer2.WaitForLine(l => l.Contains("joined via", StringComparison.Ordinal), s_start);

            using var export = Peerlink(links.GatewayA, "z2z", "export", "_http._tcp", "--key", "columbia", "--interface", links.GatewayAInterface, "--via", $"{router}:7081");
            export.WaitForLine(l => l.StartsWith("exporting", StringComparison.Ordinal), s_start);
            using var import = Peerlink(links.GatewayB, "z2z", "import", "--key", "columbia", "--interface", links.GatewayBInterface, "--via", $"{router}:7082");
            import.WaitForLine(l => l.StartsWith("importing", StringComparison.Ordinal), s_start);
            using var avahiB = AvahiDaemon.Start(links.Client, links.ClientInterface, "plk-client-b");
            using var browser = avahiB.StartBrowse("_http._tcp");

            using var publication = avahiA.Publish("Web on A", "_http._tcp", 8080, "path=/");
            var published = publication.WaitForEstablished(s_start);
            var seen = browser.WaitFor(l => l.Kind == '=' && l.Name == "Web on A", TimeSpan.FromSeconds(30));
            output.WriteLine($"link A -> link B: {System.Diagnostics.Stopwatch.GetElapsedTime(published.Timestamp, seen.Timestamp).TotalMilliseconds:0} ms after avahi-publish established it");
            Assert.Equal(links.ServiceAddress, seen.Address);
            Assert.Equal(8080, seen.Port);
            Assert.Equal(["path=/"], seen.Txt);
            Assert.StartsWith("z2z-", seen.Host, StringComparison.Ordinal);
            Assert.Contains(avahiB.Browse("_http._tcp", TimeSpan.FromSeconds(10)), l => l.Kind == '=' && l.Name == "Web on A" && l.Address == links.ServiceAddress && l.Port == 8080);

            var get = NetworkNamespaces.Run(TimeSpan.FromSeconds(15), "ip", "netns", "exec", links.Client, ZeroconfPython.Python, "-c",
                "import sys, urllib.request; print(urllib.request.urlopen(sys.argv[1], timeout=10).read().decode())", $"http://{seen.Address}:{seen.Port}/");
            Assert.True(get.Code == 0, get.Error);
            Assert.Equal(Page, get.Output.Trim());

            var stopped = publication.Stop();
            var gone = browser.WaitFor(l => l.Kind == '-' && l.Name == "Web on A", TimeSpan.FromSeconds(30));
            output.WriteLine($"goodbye on link A -> gone from link B: {System.Diagnostics.Stopwatch.GetElapsedTime(stopped, gone.Timestamp).TotalMilliseconds:0} ms");
        }
        finally
        {
            site.Delete(recursive: true);
        }
    }

    private static NamespaceProcess Peerlink(string ns, params string[] arguments) =>
        NamespaceProcess.Start(ns, s_lifetime, null, PeerlinkDnssd.DotNet, [PeerlinkDnssd.Dll, .. arguments]);
}
