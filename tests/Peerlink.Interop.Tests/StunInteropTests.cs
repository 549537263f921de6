using System.Diagnostics;
using System.Globalization;

namespace Peerlink.Interop.Tests;

/// <summary>Our STUN server against coturn's client (issue 7, item 1), on loopback.</summary>
public sealed class StunInteropTests
{
    [RequiresToolFact("turnutils_stunclient")]
    public void PeerlinkStunServer_CoturnStunClient_GetsItsReflexiveAddress()
    {
        var port = (34000 + (Environment.ProcessId % 1000)).ToString(CultureInfo.InvariantCulture);
        var start = new ProcessStartInfo(PeerlinkDnssd.DotNet) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { PeerlinkDnssd.Dll, "stun", "server", "--bind", "127.0.0.1", "--port", port })
        {
            start.ArgumentList.Add(a);
        }

        using var server = Process.Start(start)!;
        try
        {
            var ready = server.StandardOutput.ReadLineAsync();
            Assert.True(ready.Wait(TimeSpan.FromSeconds(20)), "the server did not start in 20 s");
            Assert.StartsWith("stun server on udp 127.0.0.1:", ready.Result, StringComparison.Ordinal);

            var result = ExternalTool.Run("turnutils_stunclient", ["-p", port, "127.0.0.1"], TimeSpan.FromSeconds(20));
            Assert.True(result.ExitCode == 0, $"turnutils_stunclient exited {result.ExitCode}: {result.Out} {result.Error}");
            Assert.Contains("UDP reflexive addr: 127.0.0.1:", result.Out + result.Error, StringComparison.Ordinal);
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            server.WaitForExit();
        }
    }
}
