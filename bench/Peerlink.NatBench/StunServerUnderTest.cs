using Peerlink.Interop.Tests;
using Peerlink.TestSupport;

namespace Peerlink.NatBench;

/// <summary>A STUN server the load runs against, started pinned to CPU 1 on 127.0.0.1 inside the bench's namespace.</summary>
/// <param name="Name">How the tables name it.</param>
/// <param name="Program">What to run.</param>
/// <param name="Arguments">Its arguments; {port} is replaced by the port.</param>
/// <param name="Ready">A line it prints once it listens.</param>
internal sealed record StunServerUnderTest(string Name, string Program, string[] Arguments, string Ready)
{
    public static StunServerUnderTest Peerlink { get; } = new(
        "Peerlink (`peerlink stun server`)", PeerlinkDnssd.DotNet, [PeerlinkDnssd.Dll, "stun", "server", "--bind", "127.0.0.1", "--port", "{port}"], "stun server on udp");

    /// <summary>coturn as a STUN-only server; its listener threads are pinned to the same single CPU.</summary>
    public static StunServerUnderTest Coturn { get; } = new(
        "coturn 4.6 (`turnserver --stun-only`)", "turnserver",
        ["-n", "--stun-only", "--listening-ip=127.0.0.1", "--listening-port={port}", "--no-tls", "--no-dtls", "--no-cli", "--log-file=stdout", "--simple-log",
            "--userdb={tmp}/turndb", "--pidfile={tmp}/turn.pid"],
        "Total General servers");

    public NamespaceProcess Start(string ns, int port)
    {
        var tmp = Directory.CreateTempSubdirectory("plk-natbench").FullName;
        var arguments = Arguments.Select(a => a.Replace("{port}", port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{tmp}", tmp, StringComparison.Ordinal)).ToArray();
        var process = NamespaceProcess.Start(ns, TimeSpan.FromSeconds(300), null, "taskset", ["-c", "1", Program, .. arguments]);
        process.WaitForLine(l => l.Contains(Ready, StringComparison.Ordinal), TimeSpan.FromSeconds(20));
        return process;
    }
}
