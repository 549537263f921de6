using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using Peerlink.Hosting.Sip;
using Peerlink.Sip.Media;
using Peerlink.Sip.UserAgent;

namespace Peerlink.Cli.Sip;

/// <summary>What a call plays and records, where it listens, and how long it lasts once answered.</summary>
/// <param name="Local">The local SIP address (port 0: any).</param>
/// <param name="Play">Audio to play; silence when null.</param>
/// <param name="Record">A WAV file to write what comes in, or null.</param>
/// <param name="Duration">Time in the call after the answer, then BYE.</param>
internal sealed record SipCallSettings(IPEndPoint Local, WavAudio? Play, string? Record, TimeSpan Duration);

/// <summary>
/// One outgoing call, start to end, printed step by step. Whoever found the destination (the URI's host, --to, an
/// overlay lookup, DNS-SD) calls <see cref="CallAsync"/> with the Request-URI and where to send the INVITE.
/// </summary>
internal static class SipCalling
{
    /// <summary>Time past Timer B (32 s) and the BYE's Timer F (32 s) before we stop waiting at all.</summary>
    private static readonly TimeSpan Slack = TimeSpan.FromSeconds(70);

    /// <summary>
    /// Calls <paramref name="requestUri"/> at <paramref name="destination"/>; 0 for a completed call, 1 otherwise.
    /// <paramref name="to"/> is the To header when it is not the Request-URI (the AOR a lookup found the contact of);
    /// step times count from <paramref name="elapsed"/> ago (the lookup's time before the INVITE).
    /// </summary>
    public static async Task<int> CallAsync(CliIo io, string requestUri, IPEndPoint destination, SipCallSettings settings, CancellationToken ct, Peerlink.Sip.Message.SipNameAddress? to = null, TimeSpan elapsed = default)
    {
        var events = Channel.CreateUnbounded<SipHostEvent>();
        var printer = new SipEventPrinter(io, relative: true);
        SipHost host;
        try
        {
            host = new SipHost(
                new SipHostOptions { Bind = settings.Local, Play = settings.Play, Record = settings.Record, MediaPortMin = 30000, MediaPortMax = 39998 },
                e => events.Writer.TryWrite(e));
        }
        catch (Exception e) when (e is SocketException or ArgumentException)
        {
            return io.Fail($"cannot listen on udp {settings.Local}: {e.Message}");
        }

        using (host)
        {
            host.Start();
            var start = host.Now - elapsed;
            SipCall call;
            var sentAt = host.Now - start;
            try
            {
                call = host.Call(requestUri, destination, to);
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException)
            {
                return io.Fail(e.Message);
            }

            printer.Line($"INVITE sent to {destination} for {requestUri} (from {host.LocalEndPoint})", sentAt);
            using var hangupTimer = new CancellationTokenSource();
            var cancelled = false;
            using var giveUp = new CancellationTokenSource(settings.Duration + Slack);
            while (true)
            {
                SipHostEvent e;
                try
                {
                    using var either = CancellationTokenSource.CreateLinkedTokenSource(giveUp.Token, cancelled ? CancellationToken.None : ct);
                    e = await events.Reader.ReadAsync(either.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested && !cancelled && !giveUp.IsCancellationRequested)
                {
                    // Ctrl-C: hang up (BYE or CANCEL) and wait for the end.
                    cancelled = true;
                    host.Hangup(call);
                    continue;
                }
                catch (OperationCanceledException)
                {
                    return io.Fail($"the call to {requestUri} did not end within {(settings.Duration + Slack).TotalSeconds:0} s");
                }

                if (e.Event is { } ev && ev.Call is not null && ev.Call != call)
                {
                    continue;
                }

                printer.Print(e with { At = e.At - start });
                if (e.Event is not { } ue)
                {
                    continue;
                }

                if (ue.Kind == SipUaEventKind.Answered)
                {
                    _ = HangupLaterAsync(host, call, settings.Duration, hangupTimer.Token);
                }

                if (ue.Kind == SipUaEventKind.Ended)
                {
                    await hangupTimer.CancelAsync().ConfigureAwait(false);
                    Drain(events, printer, start);
                    if (call.WasAnswered && call.EndStatus is >= 200 and < 300)
                    {
                        return 0;
                    }

                    return io.Fail(call.WasAnswered
                        ? $"the call to {requestUri} ended badly: {call.EndReason}"
                        : call.EndStatus == 408 ? $"no answer from {destination} for {requestUri} (timeout, 408)"
                        : $"the call to {requestUri} failed: {call.EndReason}");
                }
            }
        }
    }

    private static async Task HangupLaterAsync(SipHost host, SipCall call, TimeSpan after, CancellationToken ct)
    {
        try
        {
            await Task.Delay(after, ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        host.Hangup(call);
    }

    private static void Drain(Channel<SipHostEvent> events, SipEventPrinter printer, TimeSpan start)
    {
        while (events.Reader.TryRead(out var e))
        {
            printer.Print(e with { At = e.At - start });
        }
    }
}
