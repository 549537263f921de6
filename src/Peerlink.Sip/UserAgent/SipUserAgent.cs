using System.Globalization;
using System.Net;
using Peerlink.Core;
using Peerlink.Sip.Dialogs;
using Peerlink.Sip.Media;
using Peerlink.Sip.Message;
using Peerlink.Sip.Sdp;
using Peerlink.Sip.Transactions;

namespace Peerlink.Sip.UserAgent;

// The transaction user of RFC 3261 (§8, §12-§15) for two-party audio calls, on top of SipTransactionLayer.
//
//   outgoing   Call -> INVITE (SDP offer) ... 1xx ... 2xx -> ACK from the UA (§13.2.2.4), media; Hangup -> BYE (§15.1.1)
//              Hangup before the answer -> CANCEL once a provisional came (§9.1), the INVITE then gets 487
//              non-2xx final -> the transaction layer ACKs it, the call ends with that status
//   incoming   INVITE -> 100 (transaction layer) -> 180 with our tag -> 200 with the SDP answer (auto) or on Accept
//              the 200 is retransmitted by the UA (T1 doubling to T2) until the ACK; none after 64*T1 -> BYE (§13.3.1.4)
//              CANCEL -> 200, and 487 for the INVITE (§9.2); BYE -> 200 (§15.1.2); OPTIONS -> 200 with Allow/Accept (§11.2)
//              a re-INVITE -> 488 (target refresh and session change are not done); other methods -> 405 with Allow
//   refusals   an INVITE past MaxCalls -> 486, or 503 with Retry-After; a request the parser rejects -> its status
//
// Early dialogs (a 1xx with a To tag) are not kept: the dialog starts at the 2xx. Forked 2xx responses (two
// dialogs for one INVITE) are not handled: the first one wins and later ones are ACKed and sent BYE.

/// <summary>
/// A SIP user agent (client and server) for audio calls, sans-IO: hand it datagrams with <see cref="Receive"/>,
/// call <see cref="Poll"/> at <see cref="NextDeadline"/>, send what <see cref="DrainSends"/> gives and each call's
/// <see cref="SipCall.Media"/> datagrams, and read <see cref="DrainEvents"/>. Time is the <c>now</c> handed in;
/// tags, Call-IDs, branches and RTP identifiers come from the injected <see cref="Random"/>.
/// </summary>
public sealed class SipUserAgent
{
    /// <summary>The methods we take (Allow, §20.5).</summary>
    public const string Allow = "INVITE, ACK, BYE, CANCEL, OPTIONS";

    private readonly SipUserAgentOptions _options;
    private readonly Random _random;
    private readonly ISipMediaPorts _ports;
    private readonly SipTransactionLayer _transactions;
    private readonly List<SipCall> _calls = [];
    private readonly Dictionary<SipTransactionId, SipCall> _byTransaction = [];
    private readonly List<SipDatagram> _sends = [];
    private readonly List<SipUaEvent> _events = [];
    private int _nextNumber = 1;

    /// <summary>Creates the UA.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option out of range.</exception>
    public SipUserAgent(SipUserAgentOptions options, Random random, ISipMediaPorts ports)
    {
        _options = (options ?? throw new ArgumentNullException(nameof(options))).Validated();
        _random = random ?? throw new ArgumentNullException(nameof(random));
        _ports = ports ?? throw new ArgumentNullException(nameof(ports));
        _transactions = new SipTransactionLayer(_options.Transactions);
    }

    /// <summary>The options in force.</summary>
    public SipUserAgentOptions Options => _options;

    /// <summary>The calls not yet over.</summary>
    public IReadOnlyList<SipCall> Calls => [.. _calls.Where(c => c.State != SipCallState.Ended)];

    /// <summary>INVITEs refused because <see cref="SipUserAgentOptions.MaxCalls"/> calls were up.</summary>
    public long Busy { get; private set; }

    /// <summary>Datagrams the parser rejected (answered with its status or dropped).</summary>
    public long Malformed { get; private set; }

    /// <summary>Requests refused otherwise (405, 481, 488, 500).</summary>
    public long Refused { get; private set; }

    /// <summary>RTP/RTCP datagrams for no call, or for a call without media yet.</summary>
    public long MediaDropped { get; private set; }

    /// <summary>Calls answered (2xx sent or received).</summary>
    public long Answered { get; private set; }

    /// <summary>The transaction layer's retransmissions plus ours of 2xx and ACK.</summary>
    public long Retransmissions => _transactions.Retransmissions + _ownRetransmissions;

    private long _ownRetransmissions;

    /// <summary>When <see cref="Poll"/> next has work: a transaction timer, a 2xx retransmission, a call's media.</summary>
    public TimeSpan? NextDeadline
    {
        get
        {
            var next = _transactions.NextDeadline;
            foreach (var c in _calls)
            {
                next = Min(next, c.OkRetransmitAt);
                next = Min(next, c.OkGiveUpAt);
                next = Min(next, c.CancelGiveUpAt);
                next = Min(next, c.ForgetAt);
                next = Min(next, c.Media?.NextDeadline);
            }

            return next;
        }
    }

    /// <summary>
    /// Calls <paramref name="requestUri"/>, sending the INVITE to <paramref name="destination"/> (the host of the
    /// URI, or wherever a lookup said). The call comes back at once in state Calling; events follow. To is
    /// <paramref name="to"/> when given (the address-of-record a lookup or a DNS-SD instance named, while the
    /// Request-URI is the contact found), else the Request-URI with <paramref name="displayTo"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The Request-URI is not a SIP URI.</exception>
    /// <exception cref="InvalidOperationException">No media port is free.</exception>
    public SipCall Call(TimeSpan now, string requestUri, IPEndPoint destination, string? displayTo = null, SipNameAddress? to = null)
    {
        ArgumentNullException.ThrowIfNull(destination);
        if (!SipUri.TryParse(requestUri, out var uri, out var error))
        {
            throw new ArgumentException($"not a SIP URI: {requestUri} ({error})", nameof(requestUri));
        }

        var port = _ports.Reserve() ?? throw new InvalidOperationException("no media port is free");
        var offer = SdpOfferAnswer.CreateOffer(Audio(port));
        var body = SdpWriter.ToBytes(offer);
        to ??= new SipNameAddress(uri) { DisplayName = displayTo };
        var headers = new List<SipHeader>
        {
            new(SipHeaderNames.Via, OurVia().ToString()),
            new(SipHeaderNames.MaxForwards, "70"),
            new(SipHeaderNames.From, new SipNameAddress(FromUri()).WithTag(NewToken()).ToString()),
            new(SipHeaderNames.To, to.ToString()),
            new(SipHeaderNames.CallId, NewToken() + NewToken() + "@" + Host(_options.LocalEndPoint)),
            new(SipHeaderNames.CSeq, new SipCSeq(1, SipMethods.Invite).ToString()),
            new(SipHeaderNames.Contact, Contact()),
            new(SipHeaderNames.Allow, Allow),
            new(SipHeaderNames.UserAgent, _options.Product),
            new(SipHeaderNames.ContentType, "application/sdp"),
        };
        var invite = new SipRequest(SipMethods.Invite, uri.ToString()) { Headers = [.. headers], Body = Bytes.Copy(body) };
        var call = new SipCall(_nextNumber++, SipCallDirection.Outgoing, invite, destination, port) { Offer = offer, LocalTag = invite.From!.Tag! };
        _calls.Add(call);
        call.InviteTransaction = _transactions.StartClient(now, invite, destination);
        _byTransaction[call.InviteTransaction.Value] = call;
        Pump(now);
        return call;
    }

    /// <summary>Answers a ringing incoming call with 200 and our SDP answer (in <see cref="SipAnswerMode.Ask"/>).</summary>
    /// <exception cref="InvalidOperationException">The call is not incoming and ringing.</exception>
    public void Accept(TimeSpan now, SipCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        if (call.Direction != SipCallDirection.Incoming || call.State != SipCallState.Ringing || call.InviteTransaction is not { } tx)
        {
            throw new InvalidOperationException($"{call} is not ringing");
        }

        var ok = Response(call.Invite, 200, call.LocalTag, withContact: true) with
        {
            Body = Bytes.Copy(SdpWriter.ToBytes(call.Answer!)),
        };
        ok = ok with { Headers = [.. ok.Headers, new SipHeader(SipHeaderNames.ContentType, "application/sdp")] };
        _transactions.Respond(now, tx, ok);
        _byTransaction.Remove(tx);
        call.InviteTransaction = null;
        call.Ok = ok;
        call.OkInterval = _options.Transactions.T1;
        call.OkRetransmitAt = now + call.OkInterval;
        call.OkGiveUpAt = now + (64 * _options.Transactions.T1);
        call.State = SipCallState.Answered;
        call.WasAnswered = true;
        Answered++;
        StartMedia(now, call);
        _events.Add(new SipUaEvent(SipUaEventKind.Answered, call, 200));
        Pump(now);
    }

    /// <summary>Refuses a ringing incoming call (603 Decline unless told otherwise).</summary>
    /// <exception cref="InvalidOperationException">The call is not incoming and ringing.</exception>
    public void Reject(TimeSpan now, SipCall call, int status = 603)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentOutOfRangeException.ThrowIfLessThan(status, 300);
        if (call.Direction != SipCallDirection.Incoming || call.State != SipCallState.Ringing || call.InviteTransaction is not { } tx)
        {
            throw new InvalidOperationException($"{call} is not ringing");
        }

        _transactions.Respond(now, tx, Response(call.Invite, status, call.LocalTag));
        End(now, call, status, "rejected");
        Pump(now);
    }

    /// <summary>
    /// Ends a call: BYE when it was answered (§15), CANCEL when our INVITE is pending (§9.1; held until a
    /// provisional response came), 480 for an incoming call still ringing. Nothing for a call already ending.
    /// </summary>
    public void Hangup(TimeSpan now, SipCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        switch (call.State)
        {
            case SipCallState.Calling or SipCallState.Ringing when call.Direction == SipCallDirection.Incoming:
                Reject(now, call, 480);
                return;
            case SipCallState.Calling when call.Direction == SipCallDirection.Outgoing:
                // §9.1: a CANCEL must not be sent before a provisional response; send it when one comes.
                call.CancelPending = true;
                call.State = SipCallState.Ending;
                break;
            case SipCallState.Ringing:
                SendCancel(now, call);
                break;
            case SipCallState.Answered:
                // §15: the callee must not send BYE before the ACK came or its 2xx retransmissions gave up.
                call.ByePending = true;
                break;
            case SipCallState.Established:
                SendBye(now, call);
                break;
        }

        Pump(now);
    }

    /// <summary>Hands in a datagram from the SIP socket.</summary>
    public void Receive(TimeSpan now, ReadOnlySpan<byte> datagram, IPEndPoint from)
    {
        ArgumentNullException.ThrowIfNull(from);
        if (datagram.Length <= 4 && datagram.Trim("\r\n"u8).Length == 0)
        {
            return; // RFC 5626 §3.5.1 keep-alive (CRLF): nothing to answer.
        }

        var parsed = SipMessageParser.Parse(datagram);
        if (!parsed.IsOk)
        {
            Malformed++;
            if (parsed.StatusCode is { } status && parsed.Message is SipRequest bad && bad.Method != SipMethods.Ack)
            {
                var response = SipResponses.Create(bad, status, SipResponses.ReasonFor(status), NewToken());
                Send(from, response);
            }

            _events.Add(new SipUaEvent(SipUaEventKind.Malformed, null, parsed.StatusCode, $"from {from}: {parsed.Error}"));
            return;
        }

        _transactions.Receive(now, parsed.Message!, from);
        Pump(now);
    }

    /// <summary>Hands in a datagram from a call's media socket (RTP, or RTCP on either port).</summary>
    public void ReceiveMedia(TimeSpan now, SipCall call, ReadOnlySpan<byte> datagram)
    {
        ArgumentNullException.ThrowIfNull(call);
        if (call.Media is not { } media || call.State == SipCallState.Ended)
        {
            MediaDropped++;
            return;
        }

        var before = media.PacketsReceived;
        media.Receive(now, datagram);
        if (before == 0 && media.PacketsReceived > 0 && !call.MediaStarted)
        {
            call.MediaStarted = true;
            _events.Add(new SipUaEvent(SipUaEventKind.MediaStarted, call));
        }
    }

    /// <summary>Runs what is due at <paramref name="now"/>.</summary>
    public void Poll(TimeSpan now)
    {
        _transactions.Poll(now);
        Pump(now);
        foreach (var call in _calls.ToList())
        {
            if (call.OkGiveUpAt is { } giveUp && giveUp <= now)
            {
                // §13.3.1.4: no ACK for our 2xx within 64*T1: confirm and end the session with BYE.
                call.OkRetransmitAt = call.OkGiveUpAt = null;
                call.State = SipCallState.Established;
                SendBye(now, call, "no ACK for our 200");
            }
            else if (call.OkRetransmitAt is { } at && at <= now && call.Ok is { } ok)
            {
                _ownRetransmissions++;
                Send(call.Peer, ok);
                call.OkInterval = TimeSpan.FromTicks(Math.Min((call.OkInterval * 2).Ticks, _options.Transactions.T2.Ticks));
                call.OkRetransmitAt = at + call.OkInterval;
            }

            if (call.CancelGiveUpAt is { } c && c <= now)
            {
                // §9.1: no final response to a CANCELled INVITE within 64*T1: the UAC ends it itself.
                call.CancelGiveUpAt = null;
                if (call.InviteTransaction is { } tx)
                {
                    _byTransaction.Remove(tx);
                }

                End(now, call, 487, "cancelled (no final response came)");
            }

            call.Media?.Poll(now);
            if (call.ForgetAt is { } forget && forget <= now)
            {
                _calls.Remove(call);
            }
        }

        Pump(now);
    }

    /// <summary>The SIP datagrams to send, in order; the list is emptied.</summary>
    public IReadOnlyList<SipDatagram> DrainSends()
    {
        var sends = _sends.ToArray();
        _sends.Clear();
        return sends;
    }

    /// <summary>The events since the last call, in order; the list is emptied.</summary>
    public IReadOnlyList<SipUaEvent> DrainEvents()
    {
        var events = _events.ToArray();
        _events.Clear();
        return events;
    }

    /// <summary>Moves what the transaction layer said into sends and call changes, until it has nothing more.</summary>
    private void Pump(TimeSpan now)
    {
        for (var round = 0; round < 100; round++)
        {
            foreach (var send in _transactions.DrainSends())
            {
                Send(send.To, send.Message);
            }

            var events = _transactions.DrainEvents();
            if (events.Count == 0)
            {
                return;
            }

            foreach (var e in events)
            {
                Handle(now, e);
            }
        }
    }

    private void Handle(TimeSpan now, SipTransactionEvent e)
    {
        switch (e.Kind)
        {
            case SipTransactionEventKind.Request:
                OnRequest(now, (SipRequest)e.Message!, e.Transaction, e.From!);
                break;
            case SipTransactionEventKind.Response when e.Transaction is { } tx && _byTransaction.TryGetValue(tx, out var call):
                OnResponse(now, call, tx, (SipResponse)e.Message!);
                break;
            case SipTransactionEventKind.StrayResponse:
                OnStrayResponse((SipResponse)e.Message!);
                break;
            case SipTransactionEventKind.Timeout or SipTransactionEventKind.TransportError when e.Transaction is { } tx && _byTransaction.Remove(tx, out var call):
                var status = e.Kind == SipTransactionEventKind.Timeout ? 408 : 503;
                if (call.State != SipCallState.Ended && (tx.Method == SipMethods.Invite || tx.Method == SipMethods.Bye))
                {
                    End(now, call, status, tx.Method == SipMethods.Invite ? "no answer to the INVITE" : "no answer to the BYE");
                }

                break;
            case SipTransactionEventKind.NoAck when e.Transaction is { } tx:
                _byTransaction.Remove(tx);
                break;
            case SipTransactionEventKind.Terminated when e.Transaction is { } tx && tx.Method != SipMethods.Invite:
                _byTransaction.Remove(tx);
                break;
        }
    }

    private void OnRequest(TimeSpan now, SipRequest request, SipTransactionId? tx, IPEndPoint from)
    {
        if (request.Method == SipMethods.Ack)
        {
            // The ACK for our 2xx (§13.3.1.4); an ACK for a non-2xx stayed in the transaction layer.
            if (SipDialog.IdOfRequest(request) is { } id && Find(id) is { State: SipCallState.Answered } call)
            {
                call.OkRetransmitAt = call.OkGiveUpAt = null;
                call.State = SipCallState.Established;
                _events.Add(new SipUaEvent(SipUaEventKind.Acknowledged, call));
                if (call.ByePending)
                {
                    SendBye(now, call);
                }
            }

            return;
        }

        if (tx is not { } id2)
        {
            return;
        }

        switch (request.Method)
        {
            case SipMethods.Invite when request.To?.Tag is null:
                OnInvite(now, request, id2, from);
                break;
            case SipMethods.Invite:
                // A re-INVITE (or an INVITE for a dialog we do not know).
                Refuse(now, id2, request, SipDialog.IdOfRequest(request) is { } d && Find(d) is not null ? 488 : 481, "re-INVITE is not supported");
                break;
            case SipMethods.Bye:
                OnBye(now, request, id2);
                break;
            case SipMethods.Cancel:
                OnCancel(now, request, id2);
                break;
            case SipMethods.Options:
                var ok = Response(request, 200, request.To?.Tag ?? NewToken(), withContact: true);
                ok = ok with { Headers = [.. ok.Headers, new(SipHeaderNames.Allow, Allow), new(SipHeaderNames.Accept, "application/sdp")] };
                _transactions.Respond(now, id2, ok);
                break;
            default:
                var refusal = Response(request, 405, request.To?.Tag ?? NewToken());
                _transactions.Respond(now, id2, refusal with { Headers = [.. refusal.Headers, new(SipHeaderNames.Allow, Allow)] });
                Refused++;
                _events.Add(new SipUaEvent(SipUaEventKind.Refused, null, 405, $"{request.Method} from {from}"));
                break;
        }
    }

    private void OnInvite(TimeSpan now, SipRequest invite, SipTransactionId tx, IPEndPoint from)
    {
        // A retransmitted INVITE after our 2xx ended its transaction: send that 2xx again (§13.3.1.4).
        var again = _calls.Find(c => c.Direction == SipCallDirection.Incoming && c.CallId == invite.CallId
            && c.Invite.From?.Tag == invite.From?.Tag && c.Invite.CSeq?.Number == invite.CSeq?.Number);
        if (again is not null)
        {
            _transactions.Respond(now, tx, again.Ok ?? Response(invite, 481, NewToken()));
            return;
        }

        if (_calls.Count(c => c.State != SipCallState.Ended) >= _options.MaxCalls)
        {
            Busy++;
            var busy = Response(invite, _options.BusyStatus, NewToken());
            if (_options.BusyStatus == 503)
            {
                busy = busy with { Headers = [.. busy.Headers, new(SipHeaderNames.RetryAfter, _options.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture))] };
            }

            _transactions.Respond(now, tx, busy);
            _events.Add(new SipUaEvent(SipUaEventKind.Refused, null, _options.BusyStatus, $"INVITE from {from}: {_options.MaxCalls} calls up already"));
            return;
        }

        if (invite.Body.Length == 0)
        {
            Refuse(now, tx, invite, 488, "an INVITE without an SDP offer (a delayed offer is not supported)");
            return;
        }

        if (!SdpParser.TryParse(invite.Body.Span, out var offer, out var sdpError))
        {
            Refuse(now, tx, invite, 488, $"the offer does not parse: {sdpError}");
            return;
        }

        if (_ports.Reserve() is not { } port)
        {
            Refuse(now, tx, invite, 503, "no media port is free");
            return;
        }

        var answer = SdpOfferAnswer.Answer(offer, Audio(port));
        var tag = NewToken();
        if (answer.Audio is null || SipDialog.ForUas(invite, tag) is not { } dialog)
        {
            _ports.Release(port);
            Refuse(now, tx, invite, answer.Audio is null ? 488 : 400, answer.Audio is null ? "no audio stream with PCMU or PCMA in the offer" : "an INVITE without a Contact");
            return;
        }

        var mux = offer.Media[answer.Audio.Index].HasAttribute("rtcp-mux");
        var answerSdp = answer.Answer;
        if (mux)
        {
            // RFC 5761 §5.1.1: accepting rtcp-mux is saying a=rtcp-mux in the answer.
            var media = answerSdp.Media.ToList();
            media[answer.Audio.Index] = media[answer.Audio.Index] with { Attributes = [.. media[answer.Audio.Index].Attributes, new SdpAttributeLine("rtcp-mux", null)] };
            answerSdp = answerSdp with { Media = [.. media] };
        }

        var call = new SipCall(_nextNumber++, SipCallDirection.Incoming, invite, from, port)
        {
            LocalTag = tag,
            Dialog = dialog,
            Offer = offer,
            Answer = answerSdp,
            Audio = answer.Audio,
            RtcpMux = mux,
            InviteTransaction = tx,
            State = SipCallState.Ringing,
        };
        _calls.Add(call);
        _byTransaction[tx] = call;
        _transactions.Respond(now, tx, Response(invite, 180, tag, withContact: true));
        _events.Add(new SipUaEvent(SipUaEventKind.Incoming, call, null, $"from {invite.From?.Uri} at {from}"));
        if (_options.AnswerMode == SipAnswerMode.Auto)
        {
            Accept(now, call);
        }
    }

    private void OnBye(TimeSpan now, SipRequest bye, SipTransactionId tx)
    {
        if (SipDialog.IdOfRequest(bye) is not { } id || Find(id) is not { } call || call.State == SipCallState.Ended)
        {
            Refuse(now, tx, bye, 481, "BYE for no call");
            return;
        }

        if (!call.Dialog!.TryAcceptRemoteCSeq(bye.CSeq!.Value.Number))
        {
            Refuse(now, tx, bye, 500, "BYE with a CSeq lower than the last (§12.2.2)");
            return;
        }

        _transactions.Respond(now, tx, Response(bye, 200, call.LocalTag));
        if (call.InviteTransaction is { } invite && _transactions.StateOf(invite) is SipTransactionState.Proceeding)
        {
            // §15.1.2: a BYE for an early dialog ends the pending INVITE with 487.
            _transactions.Respond(now, invite, Response(call.Invite, 487, call.LocalTag));
        }

        End(now, call, 200, "the peer hung up (BYE)");
    }

    private void OnCancel(TimeSpan now, SipRequest cancel, SipTransactionId tx)
    {
        if (_transactions.InviteFor(tx) is not { } invite || !_byTransaction.TryGetValue(invite, out var call))
        {
            Refuse(now, tx, cancel, 481, "CANCEL for no pending INVITE");
            return;
        }

        // §9.2: the CANCEL gets 200 (with the To tag of our responses to the INVITE), the INVITE 487.
        _transactions.Respond(now, tx, Response(cancel, 200, call.LocalTag));
        if (call.State == SipCallState.Ringing && _transactions.StateOf(invite) is SipTransactionState.Proceeding)
        {
            _transactions.Respond(now, invite, Response(call.Invite, 487, call.LocalTag));
            End(now, call, 487, "cancelled by the caller");
        }
    }

    private void OnResponse(TimeSpan now, SipCall call, SipTransactionId tx, SipResponse response)
    {
        var code = response.StatusCode;
        if (tx.Method == SipMethods.Bye)
        {
            if (code >= 200)
            {
                End(now, call, code, code < 300 ? "BYE answered" : $"BYE answered {code}");
            }

            return;
        }

        if (tx.Method != SipMethods.Invite || call.State == SipCallState.Ended)
        {
            return; // CANCEL's own response: the INVITE's 487 ends the call.
        }

        if (code < 200)
        {
            _events.Add(new SipUaEvent(SipUaEventKind.Provisional, call, code, response.ReasonPhrase));
            if (code > 100 && call.State == SipCallState.Calling)
            {
                call.State = SipCallState.Ringing;
            }

            if (call.CancelPending)
            {
                call.CancelPending = false;
                SendCancel(now, call);
            }

            return;
        }

        _byTransaction.Remove(tx);
        call.InviteTransaction = null;
        if (code >= 300)
        {
            End(now, call, code, call.State == SipCallState.Ending && code == 487 ? "cancelled" : $"{code} {response.ReasonPhrase}");
            return;
        }

        // 2xx: the dialog, the ACK (§13.2.2.4), and the media from the answer.
        call.WasAnswered = true;
        Answered++;
        call.CancelGiveUpAt = null;
        call.Dialog = SipDialog.ForUac(call.Invite, response);
        _events.Add(new SipUaEvent(SipUaEventKind.Answered, call, code, response.ReasonPhrase));
        if (call.Dialog is null)
        {
            // No Contact: we cannot even ACK within a dialog; answer the 2xx to where it came from and end.
            End(now, call, 502, "the 2xx has no Contact");
            return;
        }

        call.Ack = call.Dialog.CreateRequest(SipMethods.Ack, OurVia(), call.Invite.CSeq!.Value.Number);
        Send(TargetOf(call), call.Ack);
        _events.Add(new SipUaEvent(SipUaEventKind.Acknowledged, call));
        call.State = SipCallState.Established;
        string? error = null;
        if (response.Body.Length == 0 || !SdpParser.TryParse(response.Body.Span, out var answer, out error)
            || !SdpOfferAnswer.TryReadAnswer(call.Offer!, answer, out var audio, out error))
        {
            SendBye(now, call, $"the answer is not usable: {error ?? "no SDP"}");
            return;
        }

        call.Answer = answer;
        call.Audio = audio;
        StartMedia(now, call);
        if (call.CancelPending || call.ByePending)
        {
            SendBye(now, call, "hung up before the answer");
        }
    }

    private void OnStrayResponse(SipResponse response)
    {
        // §13.2.2.4: a retransmitted 2xx gets the same ACK again.
        if (response.StatusCode is >= 200 and < 300 && response.CSeq?.Method == SipMethods.Invite && response.CallId is { } callId
            && response.From?.Tag is { } local && _calls.Find(c => c.Direction == SipCallDirection.Outgoing && c.CallId == callId
                && c.LocalTag == local && c.Dialog?.Id.RemoteTag == (response.To?.Tag ?? string.Empty)) is { Ack: { } ack } call)
        {
            _ownRetransmissions++;
            Send(TargetOf(call), ack);
        }
    }

    private void SendCancel(TimeSpan now, SipCall call)
    {
        // §9.1: Request-URI, Call-ID, To, From, CSeq number and the top Via as the INVITE's; method CANCEL.
        var invite = call.Invite;
        var headers = new List<SipHeader>
        {
            new(SipHeaderNames.Via, invite.GetAll(SipHeaderNames.Via)[0]),
            new(SipHeaderNames.MaxForwards, "70"),
            new(SipHeaderNames.From, invite.Get(SipHeaderNames.From)!),
            new(SipHeaderNames.To, invite.Get(SipHeaderNames.To)!),
            new(SipHeaderNames.CallId, invite.CallId!),
            new(SipHeaderNames.CSeq, new SipCSeq(invite.CSeq!.Value.Number, SipMethods.Cancel).ToString()),
        };
        headers.AddRange(invite.GetAll(SipHeaderNames.Route).Select(r => new SipHeader(SipHeaderNames.Route, r)));
        var cancel = new SipRequest(SipMethods.Cancel, invite.RequestUri) { Headers = [.. headers] };
        var tx = _transactions.StartClient(now, cancel, call.Peer);
        _byTransaction[tx] = call;
        call.State = SipCallState.Ending;
        call.ByePending = true; // a 2xx that crosses the CANCEL (§9.1) is ACKed and then ended with BYE
        call.CancelGiveUpAt = now + (64 * _options.Transactions.T1);
        _events.Add(new SipUaEvent(SipUaEventKind.CancelSent, call));
    }

    private void SendBye(TimeSpan now, SipCall call, string? why = null)
    {
        if (call.Dialog is null || call.State is SipCallState.Ending or SipCallState.Ended)
        {
            return;
        }

        call.ByePending = false;
        var bye = call.Dialog.CreateRequest(SipMethods.Bye, OurVia());
        bye = bye with { Headers = [.. bye.Headers, new(SipHeaderNames.UserAgent, _options.Product)] };
        var tx = _transactions.StartClient(now, bye, TargetOf(call));
        _byTransaction[tx] = call;
        call.State = SipCallState.Ending;
        call.Media?.Stop(now, "bye");
        _events.Add(new SipUaEvent(SipUaEventKind.ByeSent, call, null, why));
    }

    private void StartMedia(TimeSpan now, SipCall call)
    {
        var audio = call.Audio!;
        var codec = audio.Codec.Is("PCMA", 8000) ? G711Codec.Pcma : G711Codec.Pcmu;
        call.RemoteMedia = IPAddress.TryParse(audio.RemoteAddress, out var address) ? new IPEndPoint(address, audio.RemotePort) : null;
        call.Media = new RtpSession(_random, new RtpSessionOptions
        {
            Codec = codec,
            PayloadType = (byte)audio.Codec.PayloadType,
            TelephoneEventPayloadType = (byte)(audio.TelephoneEvent?.PayloadType ?? 101),
            Cname = _options.UserName + "@" + Host(_options.LocalEndPoint),
        });
        call.Media.Start(now);
    }

    private void End(TimeSpan now, SipCall call, int status, string reason)
    {
        if (call.State == SipCallState.Ended)
        {
            return;
        }

        call.State = SipCallState.Ended;
        call.EndStatus = status;
        call.EndReason = reason;
        call.OkRetransmitAt = call.OkGiveUpAt = call.CancelGiveUpAt = null;
        call.Media?.Stop(now, "bye");
        if (call.InviteTransaction is { } tx)
        {
            _byTransaction.Remove(tx);
        }

        // Kept a while to ACK 2xx retransmissions and to spot retransmitted INVITEs (64*T1, as Timer B/H).
        call.ForgetAt = now + (64 * _options.Transactions.T1);
        _ports.Release(call.LocalMediaPort);
        _events.Add(new SipUaEvent(SipUaEventKind.Ended, call, status, reason));
    }

    private void Refuse(TimeSpan now, SipTransactionId tx, SipRequest request, int status, string why)
    {
        Refused++;
        _transactions.Respond(now, tx, Response(request, status, request.To?.Tag ?? NewToken()));
        _events.Add(new SipUaEvent(SipUaEventKind.Refused, null, status, $"{request.Method}: {why}"));
    }

    private SipResponse Response(SipRequest request, int status, string toTag, bool withContact = false)
    {
        var response = SipResponses.Create(request, status, SipResponses.ReasonFor(status), toTag);
        var extra = new List<SipHeader>();
        if (withContact)
        {
            extra.Add(new SipHeader(SipHeaderNames.Contact, Contact()));
        }

        if (request.Method == SipMethods.Invite && status is > 100 and < 300)
        {
            // §12.1.1: a UAS copies Record-Route into dialog-forming responses.
            extra.AddRange(request.GetAll(SipHeaderNames.RecordRoute).Select(r => new SipHeader(SipHeaderNames.RecordRoute, r)));
            extra.Add(new SipHeader(SipHeaderNames.Allow, Allow));
        }

        extra.Add(new SipHeader(SipHeaderNames.Server, _options.Product));
        return response with { Headers = [.. response.Headers, .. extra] };
    }

    private SipCall? Find(SipDialogId id) => _calls.Find(c => c.Dialog is { } d && d.Id == id);

    /// <summary>
    /// Where requests within the dialog go (§12.2.1.1 then §8.1.2): the first route or the remote target when it
    /// names an IP address and port (P2P-SIP contacts do), else where the INVITE went or came from.
    /// </summary>
    private static IPEndPoint TargetOf(SipCall call)
    {
        var next = (call.Dialog is { RouteSet.Count: > 0 } r ? r.RouteSet[0].SipUri : null) ?? (call.Dialog is { } d && SipUri.TryParse(d.RemoteTarget, out var t, out _) ? t : null);
        return next is not null && IPAddress.TryParse(next.Host.Trim('[', ']'), out var address)
            ? new IPEndPoint(address, next.Port ?? 5060)
            : call.Peer;
    }

    private void Send(IPEndPoint to, SipMessage message) => _sends.Add(new SipDatagram(to, SipMessageWriter.ToBytes(message), message));

    private SipVia OurVia()
    {
        var ep = _options.LocalEndPoint;
        // rport (RFC 3581) asks the peer to answer where the request really came from.
        return new SipVia("UDP", Host(ep)) { Port = ep.Port }
            .WithParameter("branch", SipTransactionLayer.NewBranch(_random))
            .WithParameter("rport", null);
    }

    private string Contact() => "<sip:" + _options.UserName + "@" + Host(_options.LocalEndPoint) + ":" + _options.LocalEndPoint.Port.ToString(CultureInfo.InvariantCulture) + ">";

    private string FromUri() => _options.FromUri ?? "sip:" + _options.UserName + "@" + Host(_options.LocalEndPoint);

    private SdpAudioOptions Audio(int port) => new()
    {
        Address = _options.MediaAddress ?? _options.LocalEndPoint.Address,
        Port = port,
        SessionId = (ulong)_random.NextInt64(1, long.MaxValue),
        SessionVersion = 1,
        UserName = "peerlink",
    };

    private static string Host(IPEndPoint ep) => ep.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? "[" + ep.Address + "]" : ep.Address.ToString();

    private string NewToken()
    {
        Span<byte> bytes = stackalloc byte[8];
        _random.NextBytes(bytes);
        return Convert.ToHexStringLower(bytes);
    }

    private static TimeSpan? Min(TimeSpan? a, TimeSpan? b) => a is null ? b : b is null ? a : a < b ? a : b;
}
