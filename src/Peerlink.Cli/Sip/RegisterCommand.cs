using System.CommandLine;
using Peerlink.Sip.Location;
using Peerlink.Hosting.Sip;
using Peerlink.Sip.Message;

namespace Peerlink.Cli.Sip;

/// <summary>
/// <c>peerlink sip register SIP-AOR --via HOST:PORT [--contact SIP-URI] [--expires 600]</c>: stores the AOR's
/// registration in the overlay, refreshes it at half its lifetime until Ctrl-C, then removes it.
/// </summary>
internal static class RegisterCommand
{
    /// <summary>Longest lifetime accepted: a week, past which a dead registrar's contact lingers too long to be useful.</summary>
    public const uint MaxExpires = 7 * 24 * 3600;

    public static CommandWithExamples Create(CliIo io)
    {
        var options = new LocationOptions();
        var contact = new Option<string?>("--contact") { HelpName = "SIP-URI", Description = "Register another user agent's contact (a desk phone, a softphone, SIPp), e.g. sip:dave@192.0.2.7:5060; Peerlink does not answer for it. Without it: sip:USER@<this host's address toward --via>:<--port>." };
        var port = new Option<int>("--port") { Description = "The SIP port of this host's contact when --contact is not given.", DefaultValueFactory = _ => 5060 };
        var expires = new Option<uint>("--expires") { HelpName = "SECONDS", Description = $"The registration's lifetime in seconds (2-{MaxExpires}); it is refreshed at half of it, and a registrar that dies leaves it for at most this long.", DefaultValueFactory = _ => 600 };
        var forward = new Option<string?>("--forward-to") { HelpName = "SIP-AOR", Description = "Register a forwarding instead of a contact (RFC 7904's sip_registration_uri): lookups of SIP-AOR find this other AOR's contacts, e.g. sip:alice@example.org." };
        var name = new Option<string?>("--name") { Description = "A display name stored with the registration, e.g. \"Alice Smith\"." };
        var play = new Option<string?>("--play") { Description = "Without --contact: a WAV (8 kHz mono 16-bit) to play into each call this host answers; silence when not given." };
        var record = new Option<string?>("--record") { Description = "Without --contact: write what each answered call receives to a WAV: a directory (call-N.wav in it) or FILE (FILE-N.wav)." };
        var command = new CommandWithExamples(
            "register",
            "Register a SIP address-of-record in the overlay (P2P-SIP, after RFC 7904): store its contact under the\n" +
            "hash of user@host, one registration per registering node, refreshed at half its lifetime until Ctrl-C,\n" +
            "which removes it. Without --contact this host is the user agent: it answers calls on --port (automatically,\n" +
            "playing --play and recording --record) and registers that contact. Callers find it with 'peerlink sip call\n" +
            "--via' (or 'peerlink sip lookup') and send their INVITE straight to the contact.",
            "peerlink sip register sip:alice@example.com --via 127.0.0.1:7081 --port 5070",
            "peerlink sip register sip:dave@example.com --contact sip:dave@192.0.2.7:5060 --via 127.0.0.1:7081   # a desk phone",
            "peerlink sip register sip:bob@example.com --expires 60 --via 127.0.0.1:7081 --transport tcp --hash sha256",
            "peerlink sip register sip:alice@example.com --forward-to sip:alice@example.org --via 127.0.0.1:7081   # callers of one find the other");
        options.AddTo(command);
        foreach (var o in new Option[] { contact, forward, port, expires, name, play, record })
        {
            command.Options.Add(o);
        }

        command.SetAction(async (parse, ct) =>
        {
            if (!options.TryRead(parse, io, out var aor, out var via))
            {
                return 2;
            }

            var lifetime = parse.GetValue(expires);
            if (lifetime is < 2 or > MaxExpires)
            {
                io.Fail($"--expires {lifetime}: expected 2 to {MaxExpires} seconds");
                return 2;
            }

            if (parse.GetValue(port) is not (> 0 and <= 65535) and var p)
            {
                io.Fail($"--port {p}: expected 1 to 65535");
                return 2;
            }

            var display = parse.GetValue(name);
            if (display is not null && System.Text.Encoding.UTF8.GetByteCount(display) > SipRegistrationCodec.MaxDisplayNameLength)
            {
                io.Fail($"--name: at most {SipRegistrationCodec.MaxDisplayNameLength} bytes");
                return 2;
            }

            SipUri target;
            var kind = SipRegistrationKind.Contact;
            if (parse.GetValue(forward) is { } other)
            {
                if (parse.GetValue(contact) is not null)
                {
                    io.Fail("--contact and --forward-to: a registration is a contact or a forwarding; register each from its own run");
                    return 2;
                }

                if (!SipAor.TryParse(other, out var to, out var why))
                {
                    io.Fail($"--forward-to: {why}");
                    return 2;
                }

                if (SipAor.Key(to) == SipAor.Key(aor))
                {
                    io.Fail($"--forward-to {other} is {aor} itself");
                    return 2;
                }

                (target, kind) = (to, SipRegistrationKind.Forwarding);
            }
            else if (parse.GetValue(contact) is { } text)
            {
                if (!SipUri.TryParse(text, out var given, out var why))
                {
                    io.Fail($"--contact {text} is not a SIP URI ({why}); a contact looks like sip:dave@192.0.2.7:5060");
                    return 2;
                }

                target = given;
            }
            else
            {
                // This host is the user agent: it answers on --port at its address toward the overlay, and that is the contact.
                if (!SipAudioFiles.TryLoad(parse.GetValue(play), io, out var audio))
                {
                    return 2;
                }

                var address = LocationContact.AddressToward(via);
                var recording = parse.GetValue(record);
                if (recording is not null && !recording.EndsWith(".wav", StringComparison.OrdinalIgnoreCase))
                {
                    Directory.CreateDirectory(recording);
                    recording = Path.Combine(recording, "call.wav");
                }

                var printer = new SipEventPrinter(io, relative: false);
                SipHost agent;
                try
                {
                    agent = new SipHost(new SipHostOptions { Bind = new System.Net.IPEndPoint(address, parse.GetValue(port)), Play = audio, Record = recording, RecordPerCall = true, UserName = aor.User ?? "peerlink" }, printer.Print);
                }
                catch (Exception e) when (e is System.Net.Sockets.SocketException or ArgumentException)
                {
                    return io.Fail($"cannot answer SIP on udp {address}:{parse.GetValue(port)}: {e.Message}");
                }

                using (agent)
                {
                    agent.Start();
                    target = LocationContact.ThisHost(aor, via, agent.LocalEndPoint.Port);
                    printer.Line($"answering SIP on udp {agent.LocalEndPoint} as {aor}; Ctrl-C removes the registration and stops");
                    var answered = new SipRegistration(aor, target)
                    {
                        Lifetime = lifetime,
                        DisplayName = string.IsNullOrEmpty(display) ? null : display,
                        Candidates = LocationContact.Candidate(target) is { } candidate ? [candidate] : [],
                    };
                    var code = await RunAsync(io, options.Setup(parse), via, answered, ct).ConfigureAwait(false);
                    agent.HangupAll();
                    return code;
                }
            }

            var registration = new SipRegistration(aor, target)
            {
                Kind = kind,
                Lifetime = lifetime,
                DisplayName = string.IsNullOrEmpty(display) ? null : display,
                Candidates = parse.GetValue(contact) is null && kind == SipRegistrationKind.Contact && LocationContact.Candidate(target) is { } host ? [host] : [],
            };
            return await RunAsync(io, options.Setup(parse), via, registration, ct).ConfigureAwait(false);
        });
        return command;
    }

    /// <summary>
    /// Keeps <paramref name="registration"/> in the overlay through a client attached to <paramref name="via"/>
    /// until <paramref name="ct"/> is cancelled (Ctrl-C), printing each store and failed refresh, then removes it.
    /// A user agent's verb calls this with the contact its UA listens on, beside its own work.
    /// </summary>
    /// <returns>0 when it ran and was removed; 1 when the first store or the removal failed.</returns>
    internal static async Task<int> RunAsync(CliIo io, PeerSetup setup, System.Net.IPEndPoint via, SipRegistration registration, CancellationToken ct)
    {
        LiveClient client;
        try
        {
            client = await LiveNodes.StartAttachedClientAsync(null, null, via, setup, ct).ConfigureAwait(false);
        }
        catch (InvalidOperationException e)
        {
            return io.Fail(e.Message);
        }

        await using (client.Host.ConfigureAwait(false))
        {
            var location = new LocationClient(client, TimeProvider.System);
            var gate = new Lock();
            var first = true;
            void Say(TextWriter to, string line)
            {
                lock (gate)
                {
                    to.WriteLine(line);
                    to.Flush();
                }
            }

            try
            {
                await location.RegisterAsync(
                    registration,
                    stored =>
                    {
                        var what = (first, stored.IsForwarding) switch
                        {
                            (true, false) => "registered",
                            (true, true) => "registered forwarding",
                            (false, false) => "refreshed",
                            (false, true) => "refreshed forwarding",
                        };
                        var tail = first ? $" as node {location.NodeId}; refreshed every {stored.Lifetime / 2.0:0.#} s, Ctrl-C removes it" : string.Empty;
                        first = false;
                        Say(io.Out, $"{what} {stored.Aor} {(stored.IsForwarding ? "to" : "at")} {stored.Contact} for {stored.Lifetime} s{tail}");
                    },
                    f => Say(io.Error, $"peerlink: refresh {f.Failures} failed, trying again in {f.Retry.TotalSeconds:0.#} s " +
                        (f.Left > TimeSpan.Zero ? $"(still registered for {f.Left.TotalSeconds:0} s)" : "(the registration has lapsed: callers do not find it until a refresh gets through)") +
                        $": {f.Why}"),
                    ct).ConfigureAwait(false);
            }
            catch (LocationException e)
            {
                return io.Fail(e.Message);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                // Ctrl-C before the first answer: nothing was stored, or it was and the removal below takes it away.
            }

            // Ctrl-C: remove it (RFC 3261 §10.2.2's Expires 0) rather than leave callers a dead contact until it expires.
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                var removed = await location.UnregisterAsync(registration.Aor, grace.Token).ConfigureAwait(false);
                Say(io.Out, removed ? $"removed {registration.Aor}" : $"{registration.Aor} was no longer registered by this node");
            }
            catch (Exception e) when (e is LocationException or OperationCanceledException)
            {
                Say(io.Error, $"peerlink: could not remove {registration.Aor} ({e.Message}); it expires within {registration.Lifetime} s");
                return 1;
            }

            return 0;
        }
    }
}
