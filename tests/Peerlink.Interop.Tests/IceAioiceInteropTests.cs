using System.Net;
using System.Net.Sockets;
using System.Text;
using Peerlink.Hosting.Ice;
using Peerlink.Nat.Ice;
using Peerlink.TestSupport;

namespace Peerlink.Interop.Tests;

/// <summary>
/// Our ICE agent (RFC 8445) against aioice 0.8.0 (python3-aioice), each in its own network namespace,
/// on host candidates. The candidates and credentials go through files as SDP lines (RFC 8839 §5.1, §5.4).
/// </summary>
public sealed class IceAioiceInteropTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(25);

    [AioiceFact]
    public Task PeerlinkControlling_AioiceControlled_ConnectOnHostCandidates_DataBothWays() => Connect(IceRole.Controlling);

    [AioiceFact]
    public Task PeerlinkControlled_AioiceControlling_ConnectOnHostCandidates_DataBothWays() => Connect(IceRole.Controlled);

    private static async Task Connect(IceRole ourRole)
    {
        using var ns = NetworkNamespaces.Create();
        var dir = Directory.CreateTempSubdirectory("peerlink-ice-");
        try
        {
            var ours = Path.Combine(dir.FullName, "peerlink.sdp");
            var theirs = Path.Combine(dir.FullName, "aioice.sdp");
            var socket = NetworkNamespaces.RunIn(ns.NamespaceA, () =>
            {
                var s = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                s.Bind(new IPEndPoint(IPAddress.Parse(ns.AddressA), 0));
                return s;
            });
            var agent = new IceAgent(ourRole, new Random(8445));
            await using var host = new IceHost(agent, socket);
            WriteSdp(ours, agent);

            var script = Path.Combine(AppContext.BaseDirectory, "Scripts", "aioice_peer.py");
            var role = ourRole == IceRole.Controlling ? "controlled" : "controlling";
            using var aioice = NamespaceProcess.Start(ns.NamespaceB, TimeSpan.FromSeconds(60), null, AioiceFactAttribute.Python, script, role, theirs, ours);
            aioice.WaitForLine(l => l == "ready", Patience);

            host.Start();
            var (ufrag, password, candidates) = ReadSdp(theirs);
            Assert.Contains(candidates, c => c.Type == IceCandidateType.Host && c.Address.Equals(IPAddress.Parse(ns.AddressB)));
            await host.InvokeAsync((a, _) =>
            {
                a.SetRemoteCredentials(ufrag, password);
                foreach (var c in candidates)
                {
                    a.AddRemoteCandidate(c);
                }

                return 0;
            }).WaitAsync(Patience);

            var selected = await host.Selected.WaitAsync(Patience);
            Assert.Equal(IPAddress.Parse(ns.AddressB), selected.Remote.Address);
            Assert.Equal(host.LocalEndPoint, selected.LocalBase);
            aioice.WaitForLine(l => l == "connected", Patience);

            Assert.True(await host.SendAsync("hello from peerlink"u8.ToArray()));
            var data = await host.Received.ReadAsync().AsTask().WaitAsync(Patience);
            Assert.Equal("hello from aioice", Encoding.UTF8.GetString(data.Data.Span));
            aioice.WaitForLine(l => l == "got: hello from peerlink", Patience);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static void WriteSdp(string path, IceAgent agent)
    {
        var lines = new List<string> { "a=ice-ufrag:" + agent.LocalUfrag, "a=ice-pwd:" + agent.LocalPassword };
        lines.AddRange(agent.LocalCandidates.Select(l => "a=" + l.Candidate.ToAttribute()));
        File.WriteAllLines(path + ".tmp", lines);
        File.Move(path + ".tmp", path);
    }

    private static (string Ufrag, string Password, List<IceCandidate> Candidates) ReadSdp(string path)
    {
        string? ufrag = null, password = null;
        var candidates = new List<IceCandidate>();
        foreach (var line in File.ReadAllLines(path))
        {
            if (line.StartsWith("a=ice-ufrag:", StringComparison.Ordinal))
            {
                ufrag = line["a=ice-ufrag:".Length..];
            }
            else if (line.StartsWith("a=ice-pwd:", StringComparison.Ordinal))
            {
                password = line["a=ice-pwd:".Length..];
            }
            else
            {
                Assert.True(IceCandidate.TryParse(line, out var candidate, out var reason), $"aioice's line \"{line}\": {reason}");
                candidates.Add(candidate);
            }
        }

        Assert.NotNull(ufrag);
        Assert.NotNull(password);
        return (ufrag, password, candidates);
    }
}
