using Peerlink.TestSupport;

namespace Peerlink.Interop.Tests;

/// <summary>
/// A real call both ways between Peerlink and baresip (issue 8 item 3, peers.md §6): baresip in namespace B plays
/// an 8 kHz 440 Hz tone with aufile and dumps what it hears with sndfile; Peerlink in A plays 1000 Hz and records.
/// Each side's recording must hold the other's tone; tshark on the veth finds nothing malformed.
/// </summary>
public sealed class BaresipInteropTests
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(90);

    [RequiresSipPeersFact("baresip", "tshark")]
    public void PeerlinkCallsBaresip_BaresipAnswers_EachHearsTheOthersTone()
    {
        using var ns = NetworkNamespaces.Create();
        var dir = Directory.CreateTempSubdirectory("peerlink-baresip-");
        try
        {
            var baresipDir = Configure(ns, dir.FullName, PeerlinkSip.WriteTone(dir.FullName, 440, TimeSpan.FromSeconds(20)));
            var ours = PeerlinkSip.WriteTone(dir.FullName, 1000, TimeSpan.FromSeconds(10));
            using var capture = SipCapture.Start(ns.NamespaceA, ns.VethA);
            using var baresip = NamespaceProcess.Start(ns.NamespaceB, Lifetime, null, "baresip", "-f", baresipDir, "-t", "40");
            baresip.WaitForLine(l => l.Contains("baresip is ready", StringComparison.Ordinal), TimeSpan.FromSeconds(20));

            var heard = Path.Combine(dir.FullName, "heard.wav");
            using var call = PeerlinkSip.Start(ns.NamespaceA, Lifetime, "call", $"sip:bob@{ns.AddressB}:5080", "--bind", ns.AddressA, "--port", "5060",
                "--duration", "3", "--play", ours, "--record", heard);
            Assert.True(call.WaitForExit(TimeSpan.FromSeconds(60)), call.Transcript());
            Assert.True(call.ExitCode == 0, call.Transcript() + "\nbaresip:\n" + baresip.Transcript());
            Assert.Contains(call.Output, l => l.Text.Contains("media started (first RTP in)", StringComparison.Ordinal));

            Assert.InRange(PeerlinkSip.ToneIn(heard), 435, 445);
            baresip.WaitForLine(l => l.Contains("terminated", StringComparison.Ordinal), TimeSpan.FromSeconds(10));
            Assert.Contains(baresip.Output, l => l.Text.Contains("Call established", StringComparison.Ordinal));
            baresip.Stop(NamespaceProcess.SigTerm);
            var dump = Directory.GetFiles(Path.Combine(baresipDir, "snd"), "dump-*-dec.wav");
            Assert.InRange(PeerlinkSip.ToneIn(Assert.Single(dump)), 995, 1005);

            capture.Stop();
            // INVITE, 180, 200, ACK, BYE, 200: baresip sends no 100 Trying.
            capture.AssertClean(minimumSip: 6, expectRtp: true, 5060, 5080);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [RequiresSipPeersFact("baresip", "tshark")]
    public void BaresipCallsPeerlink_PeerlinkAnswers_TheRecordingHoldsBaresipsToneAndTheCallEndsWithBye()
    {
        using var ns = NetworkNamespaces.Create();
        var dir = Directory.CreateTempSubdirectory("peerlink-baresip-");
        try
        {
            // baresip hangs up when its file ends: a 4 s tone is a 4 s call.
            var baresipDir = Configure(ns, dir.FullName, PeerlinkSip.WriteTone(dir.FullName, 440, TimeSpan.FromSeconds(4)));
            var ours = PeerlinkSip.WriteTone(dir.FullName, 1000, TimeSpan.FromSeconds(10));
            var recordings = Path.Combine(dir.FullName, "rec");
            using var capture = SipCapture.Start(ns.NamespaceA, ns.VethA);
            using var answer = PeerlinkSip.Start(ns.NamespaceA, Lifetime, "answer", "--bind", ns.AddressA, "--port", "5060", "--record", recordings, "--play", ours);
            answer.WaitForLine(l => l.Contains("answering SIP on udp", StringComparison.Ordinal), TimeSpan.FromSeconds(30));

            using var baresip = NamespaceProcess.Start(ns.NamespaceB, Lifetime, null, "baresip", "-f", baresipDir, "-t", "12", "-e", $"/dial sip:peerlink@{ns.AddressA}:5060");
            answer.WaitForLine(l => l.Contains("call 1: recorded", StringComparison.Ordinal), TimeSpan.FromSeconds(30));

            var lines = string.Join('\n', answer.Output.Select(l => l.Text));
            Assert.Contains("call 1: ACK received: established", lines, StringComparison.Ordinal);
            Assert.Contains("call 1: media started (first RTP in)", lines, StringComparison.Ordinal);
            Assert.Contains("call 1: ended: the peer hung up (BYE) (200)", lines, StringComparison.Ordinal);
            Assert.InRange(PeerlinkSip.ToneIn(Path.Combine(recordings, "call-1.wav")), 435, 445);
            Assert.True(baresip.WaitForExit(TimeSpan.FromSeconds(20)), baresip.Transcript());
            Assert.Contains(baresip.Output, l => l.Text.Contains("Call established", StringComparison.Ordinal));
            Assert.InRange(PeerlinkSip.ToneIn(Assert.Single(Directory.GetFiles(Path.Combine(baresipDir, "snd"), "dump-*-dec.wav"))), 995, 1005);
            answer.Stop(NamespaceProcess.SigInt);

            capture.Stop();
            capture.AssertClean(minimumSip: 7, expectRtp: true, 5060, 5080);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    /// <summary>A baresip config folder (peers.md §6) for B: SIP on B:5080, aufile playing <paramref name="tone"/>, sndfile dumping what it hears.</summary>
    private static string Configure(NetworkNamespaces ns, string root, string tone)
    {
        var (code, _, error) = NetworkNamespaces.Run(TimeSpan.FromSeconds(10), "ip", "-n", ns.NamespaceB, "route", "add", "default", "dev", ns.VethB);
        Assert.True(code == 0, error);
        var dir = Directory.CreateDirectory(Path.Combine(root, "baresip")).FullName;
        var snd = Directory.CreateDirectory(Path.Combine(dir, "snd")).FullName;
        File.WriteAllLines(Path.Combine(dir, "config"),
        [
            $"sip_listen {ns.AddressB}:5080",
            $"net_interface {ns.VethB}",
            $"audio_source aufile,{tone}",
            "rtp_ports 10000-10020",
            "module_path /usr/lib/baresip/modules",
            "module g711.so",
            "module aufile.so",
            "module sndfile.so",
            $"snd_path {snd}",
            "module_app account.so",
            "module_app menu.so",
        ]);
        File.WriteAllText(Path.Combine(dir, "accounts"), $"<sip:bob@{ns.AddressB}:5080;transport=udp>;regint=0;answermode=auto\n");
        return dir;
    }
}
