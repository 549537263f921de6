using System.Net;
using System.Net.Sockets;
using Peerlink.Sip.Media;

namespace Peerlink.Cli.Tests;

/// <summary><c>peerlink sip answer</c> and <c>peerlink sip call</c> in-process on loopback: a call with audio both ways, busy, wrong arguments.</summary>
public sealed class SipAnswerCallCommandTests : IDisposable
{
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(60));
    private readonly ScratchDirectory _scratch = new("peerlink-sip-");

    private CancellationToken Ct => _timeout.Token;

    public void Dispose()
    {
        _timeout.Dispose();
        _scratch.Dispose();
    }

    [Fact]
    public async Task Call_ToAnswerOnLoopback_EachStepInOrderExit0AndEachSideRecordsTheOthersTone()
    {
        var port = FreeUdpPort();
        var tone440 = Tone(440);
        var tone1000 = Tone(1000);
        await using var answer = RunningCommand.Start("sip", "answer", "--port", $"{port}", "--play", tone1000, "--record", _scratch.PathOf("answered"));
        await answer.WaitForAsync("answering SIP on udp 127.0.0.1:", Ct);

        var (exit, output, error) = await CliRunner.RunAsync(Ct, "sip", "call", $"sip:bob@127.0.0.1:{port}", "--duration", "2", "--play", tone440, "--record", _scratch.PathOf("heard.wav"));

        Assert.True(exit == 0, error + output);
        var steps = new[] { "INVITE sent to", "call 1: 100 Trying", "call 1: 180 Ringing", "call 1: 200 OK", "call 1: ACK sent", "call 1: media started", "call 1: BYE sent", "call 1: ended: BYE answered (200)" };
        var at = steps.Select(s => output.IndexOf(s, StringComparison.Ordinal)).ToList();
        Assert.True(at.All(i => i >= 0) && at.SequenceEqual(at.Order()), output);
        Assert.Matches(@"^\s+\d+\.\d{3} s INVITE sent", output);
        await answer.WaitForAsync("call 1: recorded", Ct);
        Assert.Equal(0, await answer.StopAsync(Ct));
        Assert.Matches(@"\d\d:\d\d:\d\d\.\d{3} call 1: ACK received: established", answer.Out.Text);
        Assert.Contains("stopping: 1 answered, 0 busy", answer.Out.Text, StringComparison.Ordinal);

        Assert.InRange(ToneIn(_scratch.PathOf("heard.wav")), 995, 1005);
        Assert.InRange(ToneIn(_scratch.PathOf("answered", "call-1.wav")), 435, 445);
    }

    [Fact]
    public async Task Call_AnswerHasMaxCallsUp_SecondCallerGets503AndExits1WithTheReason()
    {
        var port = FreeUdpPort();
        await using var answer = RunningCommand.Start("sip", "answer", "--port", $"{port}", "--max-calls", "1", "--busy", "503");
        await answer.WaitForAsync("answering SIP", Ct);
        var first = CliRunner.RunAsync(Ct, "sip", "call", $"sip:bob@127.0.0.1:{port}", "--duration", "4");
        await answer.WaitForAsync("call 1: ACK received", Ct);

        var (exit, output, error) = await CliRunner.RunAsync(Ct, "sip", "call", $"sip:bob@127.0.0.1:{port}", "--duration", "1");

        Assert.Equal(1, exit);
        Assert.Contains("ended: 503 Service Unavailable (503)", output, StringComparison.Ordinal);
        Assert.Equal($"peerlink: the call to sip:bob@127.0.0.1:{port} failed: 503 Service Unavailable", error.Trim());
        Assert.Equal(0, (await first).Exit);
        await answer.WaitForAsync("call 1: ended", Ct);
        Assert.Equal(0, await answer.StopAsync(Ct));
        Assert.Contains("1 answered, 1 busy", answer.Out.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(404, "Not Found")]
    [InlineData(480, "Temporarily Unavailable")]
    public async Task Call_TheUasRefuses_Exit1WithTheStatusAndTheInviteWasAcked(int status, string reason)
    {
        // A one-shot UAS of our own: 100, then the refusal, then it waits for the ACK (§17.1.1.3).
        using var uas = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        uas.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)uas.LocalEndPoint!).Port;
        var refuse = Task.Run(async () =>
        {
            var buffer = new byte[65536];
            var got = await uas.ReceiveFromAsync(buffer, new IPEndPoint(IPAddress.Any, 0), Ct);
            var invite = (Peerlink.Sip.Message.SipRequest)Peerlink.Sip.Message.SipMessageParser.Parse(buffer.AsSpan(0, got.ReceivedBytes)).Message!;
            foreach (var (code, text) in new[] { (100, "Trying"), (status, reason) })
            {
                var response = Peerlink.Sip.Message.SipResponses.Create(invite, code, text, "uas1");
                await uas.SendToAsync(Peerlink.Sip.Message.SipMessageWriter.ToBytes(response), got.RemoteEndPoint, Ct);
            }

            var ack = await uas.ReceiveFromAsync(buffer, new IPEndPoint(IPAddress.Any, 0), Ct);
            return Peerlink.Sip.Message.SipMessageParser.Parse(buffer.AsSpan(0, ack.ReceivedBytes)).Message as Peerlink.Sip.Message.SipRequest;
        }, Ct);

        var (exit, output, error) = await CliRunner.RunAsync(Ct, "sip", "call", $"sip:carol@127.0.0.1:{port}");

        Assert.Equal(1, exit);
        Assert.Contains($"call 1: ended: {status} {reason} ({status})", output, StringComparison.Ordinal);
        Assert.Equal($"peerlink: the call to sip:carol@127.0.0.1:{port} failed: {status} {reason}", error.Trim());
        Assert.Equal("ACK", (await refuse)?.Method);
    }

    [Theory]
    [InlineData("call", "bob@127.0.0.1", "not a SIP URI")]
    [InlineData("call", "sip:bob@example.com", "is not an address; find it in the overlay with --via HOST:PORT, on the link with --interface IF, or give --to HOST:PORT")]
    [InlineData("call", "sip:bob@127.0.0.1", "--to", "nowhere", "expected HOST:PORT")]
    [InlineData("call", "sip:bob@example.com", "--via", "nowhere", "--via nowhere")]
    [InlineData("call", "sip:bob@127.0.0.1", "--play", "/nonexistent/x.wav", "--play /nonexistent/x.wav")]
    [InlineData("answer", "--rtp-ports", "5-1", "--rtp-ports 5-1: expected MIN-MAX")]
    [InlineData("answer", "--max-calls", "0", "--max-calls must be at least 1")]
    [InlineData("answer", "--busy", "404", "--busy 404: expected 486 or 503")]
    public void WrongArguments_NonZeroWithOneClearLine(params string[] args)
    {
        var (exit, _, error) = CliRunner.Run("", ["sip", .. args[..^1]]);

        Assert.NotEqual(0, exit);
        Assert.StartsWith("peerlink: ", error, StringComparison.Ordinal);
        Assert.Contains(args[^1], error, StringComparison.Ordinal);
        Assert.Single(error.Trim().Split('\n'));
    }

    [Theory]
    [InlineData("answer", "peerlink sip answer --port 5060")]
    [InlineData("call", "peerlink sip call sip:bob@127.0.0.1:5070")]
    public void Help_EachVerb_DescribesItselfAndEndsWithExamples(string verb, string example)
    {
        var (exit, output, _) = CliRunner.Run(string.Empty, "sip", verb, "--help");

        Assert.Equal(0, exit);
        Assert.Contains("Description:", output, StringComparison.Ordinal);
        Assert.Contains("Examples:", output, StringComparison.Ordinal);
        Assert.Contains(example, output, StringComparison.Ordinal);
    }

    [Fact]
    public void Play_A16kHzWav_RefusedByName()
    {
        var path = _scratch.PathOf("wide.wav");
        File.WriteAllBytes(path, WavFile.Encode(16000, new short[1600]));

        var (exit, _, error) = CliRunner.Run("", "sip", "call", "sip:bob@127.0.0.1", "--play", path);

        Assert.NotEqual(0, exit);
        Assert.Contains("8 kHz mono 16-bit", error, StringComparison.Ordinal);
    }

    private string Tone(int frequency)
    {
        var path = _scratch.PathOf($"tone{frequency}.wav");
        File.WriteAllBytes(path, WavFile.Encode(8000, new ToneGenerator(frequency, 8000).Next(8000 * 6)));
        return path;
    }

    private static double ToneIn(string path)
    {
        Assert.True(WavFile.TryRead(File.ReadAllBytes(path), out var audio, out var error), error);
        Assert.True(audio.Duration > TimeSpan.FromSeconds(1), $"{path}: {audio.Duration}");
        var tone = ToneDetector.DetectTone(audio.Samples, 8000);
        Assert.True(tone is not null, $"{path}: no tone in {audio.Duration}");
        return tone.Value.Frequency;
    }

    private static int FreeUdpPort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
