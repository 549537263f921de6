using Peerlink.Interop.Tests;
using Peerlink.TestSupport;

namespace Peerlink.Z2zBench;

/// <summary>
/// The rendezvous of one backend running in <see cref="RoutedLinks.Router"/>, set up as the end-to-end
/// test does (Z2zEndToEndTests): the arguments each z2z verb needs to reach it, and the processes, stopped on dispose.
/// </summary>
internal sealed class DhtInRouter : IDisposable
{
    private static readonly TimeSpan s_start = TimeSpan.FromSeconds(20);
    private readonly List<NamespaceProcess> _processes = [];

    private DhtInRouter(Backend backend) => Backend = backend;

    public Backend Backend { get; }

    /// <summary>What <c>z2z export</c> and <c>z2z status</c> get: the first peer, or the proxy.</summary>
    public IReadOnlyList<string> ExportVia { get; private set; } = [];

    /// <summary>What <c>z2z import</c> gets: the second peer, or the proxy.</summary>
    public IReadOnlyList<string> ImportVia { get; private set; } = [];

    public static DhtInRouter Start(RoutedLinks links, Backend backend, TimeSpan lifetime)
    {
        var dht = new DhtInRouter(backend);
        try
        {
            dht.Launch(links, lifetime);
            return dht;
        }
        catch
        {
            dht.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        foreach (var p in _processes)
        {
            p.Dispose();
        }
    }

    private void Launch(RoutedLinks links, TimeSpan lifetime)
    {
        var router = links.RouterAddress;
        if (Backend == Backend.OpenDht)
        {
            // Network 42 on the router's loopback; -b always names the first node here, never a public bootstrap.
            _processes.Add(NamespaceProcess.Start(links.Router, lifetime, null, "dhtnode", "-s", "-n", "42", "-p", "4222"));
            _processes.Add(NamespaceProcess.Start(links.Router, lifetime, null, "dhtnode", "-s", "-n", "42", "-p", "4223", "-b", "127.0.0.1:4222"));
            _processes.Add(NamespaceProcess.Start(links.Router, lifetime, null, "dhtnode", "-s", "-n", "42", "-p", "4224", "-b", "127.0.0.1:4222", "--proxyserver", "8089"));
            WaitForPort(links.Router, 8089);
            ExportVia = ImportVia = ["--rendezvous", $"opendht=http://{router}:8089"];
            return;
        }

        _processes.Add(PeerlinkCli.Start(links.Router, lifetime, "bootstrap", "--bind", router, "--port", "7080"));
        _processes[0].WaitForLine(l => l.StartsWith("bootstrap server on", StringComparison.Ordinal), s_start);
        _processes.Add(PeerlinkCli.Start(links.Router, lifetime, "node", "--bind", router, "--port", "7081", "--bootstrap", $"{router}:7080"));
        _processes[1].WaitForLine(l => l.Contains("formed a new overlay", StringComparison.Ordinal) || l.Contains("joined via", StringComparison.Ordinal), s_start);
        _processes.Add(PeerlinkCli.Start(links.Router, lifetime, "node", "--bind", router, "--port", "7082", "--bootstrap", $"{router}:7080"));
        _processes[2].WaitForLine(l => l.Contains("joined via", StringComparison.Ordinal), s_start);
        ExportVia = ["--via", $"{router}:7081"];
        ImportVia = ["--via", $"{router}:7082"];
    }

    /// <summary>Waits (bounded, 10 s) until something listens on TCP <paramref name="port"/> in <paramref name="ns"/>.</summary>
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

        throw new TimeoutException($"nothing listens on TCP {port} in {ns} after 10 s");
    }
}
