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
        var via = new Option<string?>("--via") { Description = "HOST:PORT of an overlay peer: look the address-of-record up in the overlay (P2P-SIP) and call the contact registered there." };
        var hash = OverlayChoices.Hash("With --via: the overlay's hash algorithm, which the AOR is hashed with.", "sha1");
        var transport = OverlayChoices.Transport("With --via: the overlay's transport.");
        var onLink = new Option<string?>("--interface") { Description = "Without --via: find the URI on this link with DNS-SD (_sipuri._udp, draft-lee-sip-dns-sd-uri-01) and call the contact it advertises.", HelpName = "IF" };
        var command = new CommandWithExamples(
            "call",
            "Call a SIP URI: find it in the overlay (--via: the contact its user registered with peerlink sip register),\n" +
            "on the link (--interface: its _sipuri DNS-SD advertisement), or take the URI's own host; then INVITE with an SDP\n" +
            "offer, ACK, RTP both ways for --duration seconds, BYE. Prints each step with its time since the start (lookup,\n" +
            "INVITE, 180, 200, ACK, media, BYE); exits 0 on a completed call, 1 with the reason otherwise (not registered,\n" +
            "404, 480, 486, no answer).",
            "peerlink sip call sip:bob@example.com --via 127.0.0.1:7081 --play hello.wav --record reply.wav   # P2P-SIP",
            "peerlink sip call sip:bob@example.com --interface eth0                  # the SIP URI advertised on the link",
            "peerlink sip call sip:bob@127.0.0.1:5070 --duration 3",
            "peerlink sip call sip:service@example.com --to 10.0.0.5:5060 --play hello.wav --record reply.wav",
            "sipp -sn uas -p 5070 -i 127.0.0.1                       # a SIPp UAS to call");
        command.Arguments.Add(target);
        foreach (var o in new Option[] { to, play, record, duration, port, bind, via, hash.Option, transport.Option, onLink })
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

            SipNameAddress? toHeader = null;
            var found = TimeSpan.Zero;
            var requestUri = uri.ToString();
            if (destination is null && parse.GetValue(via) is { } viaText)
            {
                if (!EndPoints.TryParse(viaText, io, "--via", out var peer) || !hash.TryGet(parse, out var algorithm) || !transport.TryGet(parse, out var kind))
                {
                    return 2;
                }

                if (await SipCallTarget.LookUpAsync(io, uri, peer!, algorithm, kind, ct).ConfigureAwait(false) is not { } target)
                {
                    return 1;
                }

                (requestUri, toHeader, destination, found) = (target.RequestUri, target.To, target.Destination, target.Took);
            }
            else if (destination is null && IPAddress.TryParse(uri.Host.Trim('[', ']'), out var literal))
            {
                destination = new IPEndPoint(literal, uri.Port ?? 5060);
            }
            else if (destination is null && parse.GetValue(onLink) is { } interfaceName)
            {
                if (await SipCallTarget.DiscoverAsync(io, uri, interfaceName, ct).ConfigureAwait(false) is not { } target)
                {
                    return 1;
                }

                (requestUri, toHeader, destination, found) = (target.RequestUri, target.To, target.Destination, target.Took);
            }
            else if (destination is null)
            {
                return io.Fail($"{uriText}: the host {uri.Host} is not an address; find it in the overlay with --via HOST:PORT, on the link with --interface IF, or give --to HOST:PORT");
            }

            var seconds = parse.GetValue(duration);
            if (seconds is < 0 or > 86_400)
            {
                return io.Fail("--duration must be 0 to 86400 seconds");
            }

            var settings = new SipCallSettings(local, audio, parse.GetValue(record), TimeSpan.FromSeconds(seconds));
            return await SipCalling.CallAsync(io, requestUri, destination, settings, ct, toHeader, found).ConfigureAwait(false);
        });
        return command;
    }
}
