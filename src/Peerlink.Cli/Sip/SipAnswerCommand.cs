using System.CommandLine;
using System.Globalization;
using System.Net.Sockets;
using Peerlink.Hosting.Sip;
using Peerlink.Sip.UserAgent;

namespace Peerlink.Cli.Sip;

/// <summary>
/// <c>peerlink sip answer</c>: a SIP user agent on a UDP port that answers calls (180, then 200 with SDP) until
/// Ctrl-C, plays a WAV or silence into each, records what it hears, and prints one line per event with the time.
/// </summary>
internal static class SipAnswerCommand
{
    public static Command Create(CliIo io)
    {
        var port = new Option<int>("--port") { Description = "UDP port for SIP.", DefaultValueFactory = _ => 5060 };
        var bind = new Option<string>("--bind") { Description = "Address to listen on (it goes in Contact and SDP, so not 0.0.0.0).", DefaultValueFactory = _ => "127.0.0.1" };
        var record = new Option<string?>("--record") { Description = "Write what each call receives to a WAV: a directory (call-N.wav in it) or a FILE (FILE-N.wav per call)." };
        var play = new Option<string?>("--play") { Description = "A WAV (8 kHz mono 16-bit) to play into each call; silence when not given." };
        var ask = new Option<bool>("--ask") { Description = "Ask before answering: type 'a N' to accept call N, 'r N' to reject it (603)." };
        var maxCalls = new Option<int>("--max-calls") { Description = "Calls at once; an INVITE past this gets --busy.", DefaultValueFactory = _ => 32 };
        var busy = new Option<int>("--busy") { Description = "What an INVITE past --max-calls gets: 486 (Busy Here) or 503 (Service Unavailable, with Retry-After: 5).", DefaultValueFactory = _ => 486 };
        var rtpPorts = new Option<string>("--rtp-ports") { Description = "RTP port range MIN-MAX (even ports; RTCP on the next).", DefaultValueFactory = _ => "20000-20998" };
        var user = new Option<string>("--user") { Description = "The user part of our Contact.", DefaultValueFactory = _ => "peerlink" };
        var command = new CommandWithExamples(
            "answer",
            "Answer SIP calls on a UDP port until Ctrl-C: 100, 180, then 200 with an SDP answer (PCMU or PCMA), RTP both\n" +
            "ways; BYE, CANCEL and OPTIONS answered. Prints one line per event with the local time.",
            "peerlink sip answer --port 5060 --record calls/ --play hello.wav",
            "peerlink sip answer --port 5070 --ask                  # then type: a 1 (accept call 1) or r 1 (reject)",
            "sipp -sn uac 127.0.0.1:5060 -m 100 -r 10                # SIPp calling it");
        foreach (var o in new Option[] { port, bind, record, play, ask, maxCalls, busy, rtpPorts, user })
        {
            command.Options.Add(o);
        }

        command.SetAction(async (parse, ct) =>
        {
            if (!EndPoints.TryListen(parse.GetValue(bind)!, parse.GetValue(port), io, out var at)
                || !SipAudioFiles.TryLoad(parse.GetValue(play), io, out var audio)
                || !TryPorts(parse.GetValue(rtpPorts)!, io, out var min, out var max))
            {
                return 2;
            }

            if (parse.GetValue(maxCalls) < 1)
            {
                return io.Fail("--max-calls must be at least 1");
            }

            if (parse.GetValue(busy) is not (486 or 503))
            {
                return io.Fail($"--busy {parse.GetValue(busy)}: expected 486 or 503");
            }

            var recording = parse.GetValue(record);
            if (recording is not null && !recording.EndsWith(".wav", StringComparison.OrdinalIgnoreCase))
            {
                Directory.CreateDirectory(recording);
                recording = Path.Combine(recording, "call.wav");
            }

            var askMode = parse.GetValue(ask);
            var options = new SipHostOptions
            {
                Bind = at,
                Play = audio,
                Record = recording,
                RecordPerCall = true,
                AnswerMode = askMode ? SipAnswerMode.Ask : SipAnswerMode.Auto,
                MaxCalls = parse.GetValue(maxCalls),
                BusyStatus = parse.GetValue(busy),
                MediaPortMin = min,
                MediaPortMax = max,
                UserName = parse.GetValue(user)!,
            };
            var printer = new SipEventPrinter(io, relative: false);
            SipHost host;
            try
            {
                host = new SipHost(options, printer.Print);
            }
            catch (Exception e) when (e is SocketException or ArgumentException)
            {
                return io.Fail($"cannot listen on udp {at}: {e.Message}");
            }

            using (host)
            {
                host.Start();
                printer.Line($"answering SIP on udp {host.LocalEndPoint} (sip:{options.UserName}@{host.LocalEndPoint}){(askMode ? ", asking first" : string.Empty)}; Ctrl-C stops");
                var input = askMode ? Task.Run(() => ReadDecisions(io, host, printer, ct), ct) : Task.CompletedTask;
                await EndPoints.UntilCancelledAsync(ct).ConfigureAwait(false);
                host.HangupAll();
                for (var i = 0; i < 20 && host.Calls.Count > 0; i++)
                {
                    await Task.Delay(100, CancellationToken.None).ConfigureAwait(false);
                }

                var ua = host.UserAgent;
                printer.Line($"stopping: {ua.Answered} answered, {ua.Busy} busy, {ua.Refused} refused, {ua.Malformed} malformed, {host.SendErrors} send errors, {ua.MediaDropped} media datagrams for no call");
            }

            return 0;
        });
        return command;
    }

    private static bool TryPorts(string text, CliIo io, out int min, out int max)
    {
        min = max = 0;
        var parts = text.Split('-');
        if (parts.Length == 2 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out min)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out max) && min >= 1024 && max >= min + 1 && max <= 65534)
        {
            return true;
        }

        io.Fail($"--rtp-ports {text}: expected MIN-MAX within 1024-65534, e.g. 20000-20998");
        return false;
    }

    private static void ReadDecisions(CliIo io, SipHost host, SipEventPrinter printer, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested && io.In.ReadLine() is { } line)
        {
            var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (words.Length != 2 || !int.TryParse(words[1], NumberStyles.None, CultureInfo.InvariantCulture, out var n)
                || host.Calls.FirstOrDefault(c => c.Number == n && c.Direction == SipCallDirection.Incoming) is not { } call)
            {
                printer.Line("type 'a N' to accept call N or 'r N' to reject it");
                continue;
            }

            try
            {
                if (words[0] == "a")
                {
                    host.Accept(call);
                }
                else
                {
                    host.Reject(call);
                }
            }
            catch (InvalidOperationException e)
            {
                printer.Line(e.Message);
            }
        }
    }
}
