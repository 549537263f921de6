using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Peerlink.Interop.Tests;

/// <summary>
/// Our TURN server (<c>peerlink turn server</c>) against coturn's own client and echo peer, on loopback:
/// turnutils_uclient allocates (after the 401 challenge), binds channels or sends indications, and counts
/// what turnutils_peer echoes back through the relay.
/// </summary>
public sealed partial class TurnServerInteropTests
{
    // Each test (slot) gets its own ports, apart from other test processes (by process id), all above Linux's
    // ephemeral range (32768-60999) so no outgoing connection of the machine takes one by chance.
    private static readonly int Tag = Environment.ProcessId % 200;

    [RequiresToolFact("turnutils_uclient")]
    public void CoturnClient_OverUdpWithChannels_EveryPacketComesBack()
    {
        var result = Through(0, []);

        Assert.True(result.ExitCode == 0, $"turnutils_uclient exited {result.ExitCode}: {result.Out} {result.Error}");
        Assert.Equal(0, LostPackets(result));
        Assert.Contains("tot_send_msgs=20, tot_recv_msgs=20", result.Out + result.Error, StringComparison.Ordinal);
    }

    [RequiresToolFact("turnutils_uclient")]
    public void CoturnClient_OverTcp_EveryPacketComesBack()
    {
        var result = Through(1, ["-t"]);

        Assert.True(result.ExitCode == 0, $"turnutils_uclient -t exited {result.ExitCode}: {result.Out} {result.Error}");
        Assert.Equal(0, LostPackets(result));
    }

    [RequiresToolFact("turnutils_uclient")]
    public void CoturnClient_WithSendIndications_EveryPacketComesBack()
    {
        var result = Through(2, ["-s"]);

        Assert.True(result.ExitCode == 0, $"turnutils_uclient -s exited {result.ExitCode}: {result.Out} {result.Error}");
        Assert.Equal(0, LostPackets(result));
    }

    [RequiresToolFact("turnutils_uclient")]
    public void CoturnClient_WrongPassword_CannotAllocate()
    {
        var result = Through(3, [], password: "WRONG", messages: 2);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("Cannot complete Allocation", result.Out + result.Error, StringComparison.Ordinal);
    }

    /// <summary>Starts our server and coturn's echo peer on this test's ports, runs turnutils_uclient through them, and stops both.</summary>
    private static ToolResult Through(int slot, string[] flags, string password = "secret", int messages = 10)
    {
        var serverPort = 61000 + (Tag * 10) + slot;
        var peerPort = 63000 + (Tag * 10) + (slot * 2); // uclient also sends to peerPort + 1 (its RTCP stream)
        var relayLow = 65000 + (Environment.ProcessId % 16 * 32) + (slot * 8); // 4 ports a run: two EVEN-PORT pairs
        var start = new ProcessStartInfo(PeerlinkDnssd.DotNet) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[]
        {
            PeerlinkDnssd.Dll, "turn", "server", "--bind", "127.0.0.1", "--port", Text(serverPort), "--realm", "example.org",
            "--user", "alice:secret", "--allow-loopback-peers", "--min-port", Text(relayLow), "--max-port", Text(relayLow + 7),
        })
        {
            start.ArgumentList.Add(a);
        }

        using var server = Process.Start(start)!;
        using var peer = StartPeer(peerPort);
        try
        {
            var ready = server.StandardOutput.ReadLineAsync();
            Assert.True(ready.Wait(TimeSpan.FromSeconds(20)), "the server did not start in 20 s");
            Assert.Equal($"turn server on udp 127.0.0.1:{serverPort} and tcp 127.0.0.1:{serverPort}, realm example.org; Ctrl-C stops it", ready.Result);

            return ExternalTool.Run(
                "turnutils_uclient",
                [.. flags, "-u", "alice", "-w", password, "-e", "127.0.0.1", "-r", Text(peerPort), "-n", Text(messages), "-p", Text(serverPort), "127.0.0.1"],
                TimeSpan.FromSeconds(45));
        }
        finally
        {
            Stop(server);
            Stop(peer);
        }
    }

    private static Process StartPeer(int port)
    {
        var start = new ProcessStartInfo(ExternalTool.Find("turnutils_peer") ?? "turnutils_peer")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { "-L", "127.0.0.1", "-p", Text(port) })
        {
            start.ArgumentList.Add(a);
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static void Stop(Process process)
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        process.WaitForExit(10_000);
    }

    private static int LostPackets(ToolResult result)
    {
        var match = LostLine().Match(result.Out + result.Error);
        Assert.True(match.Success, $"no 'Total lost packets' line: {result.Out} {result.Error}");
        return int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex(@"Total lost packets (\d+)")]
    private static partial Regex LostLine();
}
