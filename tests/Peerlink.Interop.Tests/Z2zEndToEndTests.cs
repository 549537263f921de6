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
    public void Z2z_OverlayRendezvous_AvahiServiceOnLinkA_ListedOnLinkBWithLinkAAddress_HttpGetWorks_GoneAfterGoodbye() =>
        Run(opendht: false);

    /// <summary>Item 4: the same with three dhtnodes in the router (one serving its REST proxy) as the rendezvous.</summary>
    [RequiresPeersFact(ThirdPartyPeers.Avahi | ThirdPartyPeers.OpenDht)]
    public void Z2z_OpenDhtRendezvous_AvahiServiceOnLinkA_ListedOnLinkBWithLinkAAddress_HttpGetWorks_GoneAfterGoodbye() =>
        Run(opendht: true);

    private void Run(bool opendht)
    {
        using var links = RoutedLinks.Create(opendht ? 2 : 1);
        var site = Directory.CreateTempSubdirectory("peerlink-z2z-site-");
        try
        {
            File.WriteAllText(Path.Combine(site.FullName, "index.html"), Page);
            using var http = NamespaceProcess.Start(links.Service, s_lifetime, null, ZeroconfPython.Python, "-u", "-m", "http.server", "8080", "--bind", links.ServiceAddress, "--directory", site.FullName);
            http.WaitForLine(l => l.StartsWith("Serving HTTP", StringComparison.Ordinal), s_start);
            using var avahiA = AvahiDaemon.Start(links.Service, links.ServiceInterface, "plk-web-a");

            var router = links.RouterAddress;
            var processes = new List<NamespaceProcess>();
            string[] exportVia, importVia;
            if (opendht)
            {
                // Three OpenDHT nodes on the router's loopback, network 42, the third serving the REST proxy
                // on every address of the router (never the public bootstrap: -b names the first node).
                processes.Add(NamespaceProcess.Start(links.Router, s_lifetime, null, "dhtnode", "-s", "-n", "42", "-p", "4222"));
                processes.Add(NamespaceProcess.Start(links.Router, s_lifetime, null, "dhtnode", "-s", "-n", "42", "-p", "4223", "-b", "127.0.0.1:4222"));
                processes.Add(NamespaceProcess.Start(links.Router, s_lifetime, null, "dhtnode", "-s", "-n", "42", "-p", "4224", "-b", "127.0.0.1:4222", "--proxyserver", "8089"));
                WaitForPort(links.Router, 8089);
                exportVia = importVia = ["--rendezvous", $"opendht=http://{router}:8089"];
            }
            else
            {
                processes.Add(Peerlink(links.Router, "bootstrap", "--bind", router, "--port", "7080"));
                processes[0].WaitForLine(l => l.StartsWith("bootstrap server on", StringComparison.Ordinal), s_start);
                processes.Add(Peerlink(links.Router, "node", "--bind", router, "--port", "7081", "--bootstrap", $"{router}:7080"));
                processes[1].WaitForLine(l => l.Contains("formed a new overlay", StringComparison.Ordinal) || l.Contains("joined via", StringComparison.Ordinal), s_start);
                processes.Add(Peerlink(links.Router, "node", "--bind", router, "--port", "7082", "--bootstrap", $"{router}:7080"));
                processes[2].WaitForLine(l => l.Contains("joined via", StringComparison.Ordinal), s_start);
                exportVia = ["--via", $"{router}:7081"];
                importVia = ["--via", $"{router}:7082"];
            }

            using var dht = new Disposables(processes);
            using var export = Peerlink(links.GatewayA, ["z2z", "export", "_http._tcp", "--key", "columbia", "--interface", links.GatewayAInterface, .. exportVia]);
            export.WaitForLine(l => l.StartsWith("exporting", StringComparison.Ordinal), s_start);
            using var import = Peerlink(links.GatewayB, ["z2z", "import", "--key", "columbia", "--interface", links.GatewayBInterface, .. importVia]);
            import.WaitForLine(l => l.StartsWith("importing", StringComparison.Ordinal), s_start);
            using var avahiB = AvahiDaemon.Start(links.Client, links.ClientInterface, "plk-client-b");
            using var browser = avahiB.StartBrowse("_http._tcp");

            using var publication = avahiA.Publish("Web on A", "_http._tcp", 8080, "path=/");
            var published = publication.WaitForEstablished(s_start);
            var seen = browser.WaitFor(l => l.Kind == '=' && l.Name == "Web on A", TimeSpan.FromSeconds(30));
            output.WriteLine($"{(opendht ? "opendht" : "overlay")}: link A -> link B: {System.Diagnostics.Stopwatch.GetElapsedTime(published.Timestamp, seen.Timestamp).TotalMilliseconds:0} ms after avahi-publish established it");
            Assert.Equal(links.ServiceAddress, seen.Address);
            Assert.Equal(8080, seen.Port);
            Assert.Equal(["path=/"], seen.Txt);
            Assert.StartsWith("z2z-", seen.Host, StringComparison.Ordinal);
            Assert.Contains(avahiB.Browse("_http._tcp", TimeSpan.FromSeconds(10)), l => l.Kind == '=' && l.Name == "Web on A" && l.Address == links.ServiceAddress && l.Port == 8080);

            var get = NetworkNamespaces.Run(TimeSpan.FromSeconds(15), "ip", "netns", "exec", links.Client, ZeroconfPython.Python, "-c",
                "import sys, urllib.request; print(urllib.request.urlopen(sys.argv[1], timeout=10).read().decode())", $"http://{seen.Address}:{seen.Port}/");
            Assert.True(get.Code == 0, get.Error);
            Assert.Equal(Page, get.Output.Trim());

            // z2z status: the record under the key, and (with --interface) the service imported on link B.
            using (var status = Peerlink(links.GatewayB, ["z2z", "status", "--key", "columbia", "--interface", links.GatewayBInterface, "--json", .. importVia]))
            {
                Assert.True(status.WaitForExit(TimeSpan.FromSeconds(30)), status.Transcript());
                Assert.Equal(0, status.ExitCode);
                Assert.Contains(status.Output, l => l.Text.Contains("\"event\":\"exported\"", StringComparison.Ordinal) && l.Text.Contains("\"name\":\"Web on A\"", StringComparison.Ordinal));
                Assert.Contains(status.Output, l => l.Text.Contains("\"event\":\"imported-here\"", StringComparison.Ordinal) && l.Text.Contains("\"name\":\"Web on A\"", StringComparison.Ordinal));
            }

            var stopped = publication.Stop();
            var gone = browser.WaitFor(l => l.Kind == '-' && l.Name == "Web on A", TimeSpan.FromSeconds(30));
            output.WriteLine($"{(opendht ? "opendht" : "overlay")}: goodbye on link A -> gone from link B: {System.Diagnostics.Stopwatch.GetElapsedTime(stopped, gone.Timestamp).TotalMilliseconds:0} ms");
        }
        finally
        {
            site.Delete(recursive: true);
        }
    }

    private static NamespaceProcess Peerlink(string ns, params string[] arguments) =>
        NamespaceProcess.Start(ns, s_lifetime, null, PeerlinkDnssd.DotNet, [PeerlinkDnssd.Dll, .. arguments]);

    /// <summary>Waits (bounded) until something listens on TCP <paramref name="port"/> in <paramref name="ns"/>.</summary>
    private static void WaitForPort(string ns, int port)
    {
        for (var i = 0; i < 100; i++)
        {
            var (_, listening, _) = NetworkNamespaces.Run(TimeSpan.FromSeconds(5), "ip", "netns", "exec", ns, "ss", "-Htln", $"sport = :{port}");
            if (listening.Trim().Length > 0)
            {
                return;
            }

            Thread.Sleep(100);
        }

        Assert.Fail($"nothing listens on TCP {port} in {ns} after 10 s");
    }

    private sealed class Disposables(List<NamespaceProcess> processes) : IDisposable
    {
        public void Dispose()
        {
            foreach (var p in processes)
            {
                p.Dispose();
            }
        }
    }
}
