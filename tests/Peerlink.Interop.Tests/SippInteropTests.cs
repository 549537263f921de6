using Peerlink.TestSupport;

namespace Peerlink.Interop.Tests;

/// <summary>
/// Peerlink's user agent against SIPp (Debian sip-tester, issue 8 item 3): SIPp's built-in UAC makes 100 calls to
/// <c>peerlink sip answer</c>, and <c>peerlink sip call</c> calls SIPp's built-in UAS. Peerlink runs in namespace A,
/// SIPp in B, tshark captures the veth in A; every process is bounded by `timeout`.
/// </summary>
public sealed class SippInteropTests
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(150);

    [RequiresSipPeersFact("sipp", "tshark")]
    public void SippUac_100CallsToPeerlinkAnswer_AllSuccessfulNoneFailedAndTheCaptureIsClean()
    {
        using var ns = NetworkNamespaces.Create();
        using var capture = SipCapture.Start(ns.NamespaceA, ns.VethA);
        using var answer = PeerlinkSip.Start(ns.NamespaceA, Lifetime, "answer", "--bind", ns.AddressA, "--port", "5060", "--max-calls", "64");
        answer.WaitForLine(l => l.Contains("answering SIP on udp", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        var scratch = Directory.CreateTempSubdirectory("peerlink-sipp-");
        try
        {
            var stats = Path.Combine(scratch.FullName, "uac.csv");
            var errors = Path.Combine(scratch.FullName, "errors.log");
            var (code, output, error) = NetworkNamespaces.Run(
                TimeSpan.FromSeconds(90), "ip", "netns", "exec", ns.NamespaceB, "sipp", "-sn", "uac", $"{ns.AddressA}:5060",
                "-i", ns.AddressB, "-p", "5061", "-m", "100", "-r", "20", "-nostdin", "-timeout", "60s", "-recv_timeout", "10000",
                "-trace_stat", "-stf", stats, "-trace_err", "-error_file", errors);

            var why = $"sipp exited {code}: {output} {error} {(File.Exists(errors) ? File.ReadAllText(errors) : string.Empty)}\n{answer.Transcript()}";
            Assert.True(code == 0, why);
            var final = LastRow(stats);
            Assert.Equal(("100", "0"), (final["SuccessfulCall(C)"], final["FailedCall(C)"]));
            answer.Stop(NamespaceProcess.SigInt);
            Assert.Contains(answer.Output, l => l.Text.Contains("stopping: 100 answered, 0 busy, 0 refused, 0 malformed", StringComparison.Ordinal));
            Assert.Equal(100, answer.Output.Count(l => l.Text.Contains("ended: the peer hung up (BYE) (200)", StringComparison.Ordinal)));

            capture.Stop();
            // INVITE, 100, 180, 200, ACK, BYE, 200: seven SIP messages a call.
            capture.AssertClean(minimumSip: 700, expectRtp: true, 5060, 5061);
        }
        finally
        {
            scratch.Delete(recursive: true);
        }
    }

    [RequiresSipPeersFact("sipp", "tshark")]
    public void PeerlinkCall_ToSippUas_CompletesExit0AndTheCaptureIsClean()
    {
        using var ns = NetworkNamespaces.Create();
        using var capture = SipCapture.Start(ns.NamespaceA, ns.VethA);
        using var uas = NamespaceProcess.Start(ns.NamespaceB, TimeSpan.FromSeconds(60), null, "sipp", "-sn", "uas", "-i", ns.AddressB, "-p", "5070", "-nostdin", "-timeout", "40s");
        Thread.Sleep(TimeSpan.FromSeconds(1)); // SIPp prints nothing when ready without a terminal; a missed INVITE is retransmitted anyway

        using var call = PeerlinkSip.Start(ns.NamespaceA, Lifetime, "call", $"sip:service@{ns.AddressB}:5070", "--bind", ns.AddressA, "--port", "5062", "--duration", "1");
        Assert.True(call.WaitForExit(TimeSpan.FromSeconds(60)), call.Transcript());

        Assert.True(call.ExitCode == 0, call.Transcript());
        var text = string.Join('\n', call.Output.Select(l => l.Text));
        foreach (var step in new[] { "INVITE sent", "call 1: 180", "call 1: 200", "call 1: ACK sent", "call 1: BYE sent", "call 1: ended: BYE answered (200)" })
        {
            Assert.Contains(step, text, StringComparison.Ordinal);
        }

        uas.Stop(NamespaceProcess.SigTerm);
        capture.Stop();
        // INVITE, 180, 200, ACK, BYE, 200 (SIPp's UAS sends no 100).
        capture.AssertClean(minimumSip: 6, expectRtp: true, 5062, 5070);
    }

    private static Dictionary<string, string> LastRow(string csv)
    {
        Assert.True(File.Exists(csv), $"sipp wrote no {csv}");
        var rows = File.ReadAllLines(csv).Where(l => l.Length > 0).Select(l => l.Split(';')).ToList();
        Assert.True(rows.Count >= 2, $"{csv} has no data row");
        return rows[0].Zip(rows[^1]).GroupBy(p => p.First).ToDictionary(g => g.Key, g => g.First().Second.Trim(), StringComparer.Ordinal);
    }
}
