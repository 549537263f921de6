using System.CommandLine;
using System.Net;
using Peerlink.Sip.Message;

namespace Peerlink.Cli.Sip;

/// <summary>
/// <c>peerlink sip call SIP-URI</c>: calls a URI directly (the host and port of the URI, or <c>--to</c>), plays
/// and records audio for <c>--duration</c> seconds, hangs up, and prints each step with its time.
/// </summary>
internal static class SipCallCommand
{
    public static Command Create(CliIo io)
    {
        var target = new Argument<string>("SIP-URI") { Description = "Whom to call, e.g. sip:bob@127.0.0.1:5070." };
        var to = new Option<string?>("--to") { Description = "Send the INVITE to HOST:PORT instead of the URI's host and port." };
        var play = new Option<string?>("--play") { Description = "A WAV (8 kHz mono 16-bit) to play into the call; silence when not given." };
        var record = new Option<string?>("--record") { Description = "Write what the call receives to this WAV file." };
        var duration = new Option<double>("--duration") { Description = "Seconds to stay in the call after the answer, then BYE.", DefaultValueFactory = _ => 5 };
        var port = new Option<int>("--port") { Description = "Local UDP port for SIP (0: any free one).", DefaultValueFactory = _ => 0 };
        var bind = new Option<string>("--bind") { Description = "Local address (it goes in Contact and SDP).", DefaultValueFactory = _ => "127.0.0.1" };
        var command = new CommandWithExamples(
            "call",
            "Call a SIP URI directly: INVITE with an SDP offer, then ACK, RTP both ways for --duration seconds, BYE. Prints\n" +
            "each step with its time since the start; exits 0 on a completed call, 1 with the reason otherwise (404, 480,\n" +
            "486, no answer).",
            "peerlink sip call sip:bob@127.0.0.1:5070 --duration 3",
            "peerlink sip call sip:service@example.com --to 10.0.0.5:5060 --play hello.wav --record reply.wav",
            "sipp -sn uas -p 5070 -i 127.0.0.1                       # a SIPp UAS to call");
        command.Arguments.Add(target);
        foreach (var o in new Option[] { to, play, record, duration, port, bind })
        {
            command.Options.Add(o);
        }

        command.SetAction(async (parse, ct) =>
        {
            var uriText = parse.GetValue(target)!;
            if (!SipUri.TryParse(uriText, out var uri, out var error))
            {
                return io.Fail($"{uriText}: not a SIP URI ({error})");
            }

            if (!EndPoints.TryParse(parse.GetValue(to), io, "--to", out var destination)
                || !EndPoints.TryListen(parse.GetValue(bind)!, parse.GetValue(port), io, out var local)
                || !SipAudioFiles.TryLoad(parse.GetValue(play), io, out var audio))
            {
                return 2;
            }

            if (destination is null)
            {
                if (!IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address))
                {
                    return io.Fail($"{uriText}: the host {uri.Host} is not an IP address; give --to HOST:PORT");
                }

                destination = new IPEndPoint(address, uri.Port ?? 5060);
            }

            var seconds = parse.GetValue(duration);
            if (seconds is < 0 or > 86_400)
            {
                return io.Fail("--duration must be 0 to 86400 seconds");
            }

            var settings = new SipCallSettings(local, audio, parse.GetValue(record), TimeSpan.FromSeconds(seconds));
            return await SipCalling.CallAsync(io, uri.ToString(), destination, settings, ct).ConfigureAwait(false);
        });
        return command;
    }
}
