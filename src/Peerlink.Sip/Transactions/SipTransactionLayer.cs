using System.Globalization;
using System.Net;
using Peerlink.Sip.Message;

namespace Peerlink.Sip.Transactions;

// RFC 3261 §17: four state machines, each with two timers at most.
//
//   client INVITE (Figure 5)        Calling --1xx--> Proceeding --300-699 / ACK--> Completed --Timer D--> Terminated
//                                   Calling: Timer A retransmits (T1, doubling), Timer B (64*T1) times out;
//                                   a 2xx ends it at once (the TU sends that ACK, §13.2.2.4)
//   client non-INVITE (Figure 6)    Trying --1xx--> Proceeding --200-699--> Completed --Timer K (T4)--> Terminated
//                                   Timer E retransmits (T1, doubling to T2; T2 in Proceeding), Timer F (64*T1) times out
//   server INVITE (Figure 7)        Proceeding --300-699--> Completed --ACK--> Confirmed --Timer I (T4)--> Terminated
//                                   a 2xx ends it at once; Completed: Timer G repeats the response (T1 doubling to T2),
//                                   Timer H (64*T1) gives up waiting for the ACK
//   server non-INVITE (Figure 8)    Trying --1xx--> Proceeding --200-699--> Completed --Timer J (64*T1)--> Terminated
//
// Over a reliable transport A, E and G do not run, and D, I, J and K are zero (the state is left at once).
// Matching (§17.1.3, §17.2.3): a response by its top Via's branch and its CSeq method; a request by branch,
// sent-by and method (ACK as INVITE) when the branch has the magic cookie, else by the RFC 2543 fields.
// We follow RFC 3261 where RFC 6026 later added an Accepted state for 2xx: the core absorbs 2xx retransmissions
// (they come out as StrayResponse) and resends its ACK.

/// <summary>
/// The SIP transaction layer, sans-IO: hand it messages with <see cref="Receive"/>, start client transactions
/// with <see cref="StartClient"/>, answer server transactions with <see cref="Respond"/>, call <see cref="Poll"/>
/// at <see cref="NextDeadline"/>, and send what <see cref="DrainSends"/> gives; <see cref="DrainEvents"/> is for
/// the transaction user. Time is the <c>now</c> handed in.
/// </summary>
public sealed class SipTransactionLayer
{
    private readonly SipTransactionOptions _options;
    private readonly Dictionary<SipTransactionId, Transaction> _transactions = [];
    private readonly List<SipOutgoing> _sends = [];
    private readonly List<SipTransactionEvent> _events = [];

    /// <summary>Creates the layer with RFC 3261's timer values unless told otherwise.</summary>
    public SipTransactionLayer(SipTransactionOptions? options = null) => _options = (options ?? new SipTransactionOptions()).Validated();

    /// <summary>Transactions alive.</summary>
    public int Count => _transactions.Count;

    /// <summary>Messages sent again by Timers A, E and G or on a retransmitted request or response.</summary>
    public long Retransmissions { get; private set; }

    /// <summary>When <see cref="Poll"/> next has something to do, or null.</summary>
    public TimeSpan? NextDeadline
    {
        get
        {
            TimeSpan? next = null;
            foreach (var t in _transactions.Values)
            {
                if (t.Due is { } due && (next is null || due < next))
                {
                    next = due;
                }
            }

            return next;
        }
    }

    /// <summary>A new branch: the magic cookie and 64 random bits (§8.1.1.7: unique in space and time).</summary>
    public static string NewBranch(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        return SipVia.MagicCookie + random.NextInt64().ToString("x16", CultureInfo.InvariantCulture);
    }

    /// <summary>The state of a transaction, or null when there is none by that ID (it ended, or never was).</summary>
    public SipTransactionState? StateOf(SipTransactionId id) => _transactions.TryGetValue(id, out var t) ? t.State : null;

    /// <summary>
    /// Starts a client transaction for <paramref name="request"/>, sending it to <paramref name="to"/> at once.
    /// Its top Via must carry a branch with the magic cookie (we are an RFC 3261 UAC).
    /// </summary>
    /// <exception cref="ArgumentException">An ACK (not a transaction), no CSeq, no cookie branch, or a branch already in use.</exception>
    public SipTransactionId StartClient(TimeSpan now, SipRequest request, IPEndPoint to, bool reliable = false)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(to);
        if (request.Method == SipMethods.Ack || request.CSeq?.Method != request.Method)
        {
            throw new ArgumentException("an ACK, or a request whose CSeq does not name its method", nameof(request));
        }

        if (request.TopVia is not { HasMagicCookie: true, Branch: { } branch })
        {
            throw new ArgumentException("the top Via needs a branch that starts with z9hG4bK", nameof(request));
        }

        var id = new SipTransactionId(true, branch, string.Empty, request.Method);
        if (_transactions.ContainsKey(id))
        {
            throw new ArgumentException($"transaction {id} exists", nameof(request));
        }

        var invite = request.Method == SipMethods.Invite;
        var t = new Transaction(id, invite, reliable, request, to)
        {
            State = invite ? SipTransactionState.Calling : SipTransactionState.Trying,
            TimeoutAt = now + (64 * _options.T1),
        };
        if (!reliable)
        {
            t.Interval = _options.T1;
            t.RetransmitAt = now + _options.T1;
        }

        _transactions.Add(id, t);
        _sends.Add(new SipOutgoing(to, request, false));
        return id;
    }

    /// <summary>Sends <paramref name="response"/> in server transaction <paramref name="id"/> (§17.2.1, §17.2.2).</summary>
    /// <exception cref="InvalidOperationException">No such server transaction, or it already sent its final response.</exception>
    public void Respond(TimeSpan now, SipTransactionId id, SipResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (id.Client || !_transactions.TryGetValue(id, out var t) || t.State is not (SipTransactionState.Trying or SipTransactionState.Proceeding))
        {
            throw new InvalidOperationException($"no server transaction {id} waiting for a response");
        }

        t.LastResponse = response;
        _sends.Add(new SipOutgoing(t.Peer, response, false));
        if (response.StatusCode < 200)
        {
            t.State = SipTransactionState.Proceeding;
            return;
        }

        if (t.Invite && response.StatusCode < 300)
        {
            End(t);
            return;
        }

        t.State = SipTransactionState.Completed;
        if (t.Invite)
        {
            t.TimeoutAt = now + (64 * _options.T1);
            if (!t.Reliable)
            {
                t.Interval = _options.T1;
                t.RetransmitAt = now + _options.T1;
            }
        }
        else
        {
            Linger(t, now, t.Reliable ? TimeSpan.Zero : 64 * _options.T1);
        }
    }

    /// <summary>
    /// The host could not send a message of transaction <paramref name="id"/> (ICMP unreachable, a refused or reset
    /// connection): §17.1.4 and §17.2.4 end the transaction and tell the TU. False when there is no such transaction.
    /// </summary>
    public bool TransportFailed(SipTransactionId id)
    {
        if (!_transactions.TryGetValue(id, out var t))
        {
            return false;
        }

        _events.Add(new SipTransactionEvent(SipTransactionEventKind.TransportError, id, null, null));
        End(t);
        return true;
    }

    /// <summary>Hands in a message the parser accepted, with where it came from.</summary>
    public void Receive(TimeSpan now, SipMessage message, IPEndPoint from, bool reliable = false)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(from);
        if (message is SipResponse response)
        {
            ReceiveResponse(now, response, from);
        }
        else if (message is SipRequest request)
        {
            ReceiveRequest(now, request, from, reliable);
        }
    }

    /// <summary>Runs the timers that are due at <paramref name="now"/>.</summary>
    public void Poll(TimeSpan now)
    {
        foreach (var t in _transactions.Values.ToList())
        {
            while (t.State != SipTransactionState.Terminated && t.Due is { } due && due <= now)
            {
                if (t.TimeoutAt is { } timeout && timeout <= (t.RetransmitAt ?? TimeSpan.MaxValue))
                {
                    t.TimeoutAt = null;
                    OnTimeout(t);
                }
                else
                {
                    OnRetransmit(t);
                }
            }
        }
    }

    /// <summary>The messages to send, in order; the list is emptied.</summary>
    public IReadOnlyList<SipOutgoing> DrainSends()
    {
        var sends = _sends.ToArray();
        _sends.Clear();
        return sends;
    }

    /// <summary>The events for the TU, in order; the list is emptied.</summary>
    public IReadOnlyList<SipTransactionEvent> DrainEvents()
    {
        var events = _events.ToArray();
        _events.Clear();
        return events;
    }

    /// <summary>
    /// The server INVITE transaction a CANCEL is for (§9.2: same branch and sent-by, method INVITE), or null.
    /// </summary>
    public SipTransactionId? InviteFor(SipTransactionId cancel)
    {
        var id = cancel with { Method = SipMethods.Invite };
        return !cancel.Client && cancel.Method == SipMethods.Cancel && _transactions.ContainsKey(id) ? id : null;
    }

    /// <summary>§17.2.3: the server transaction a request belongs to.</summary>
    internal static SipTransactionId? ServerId(SipRequest request)
    {
        if (request.TopVia is not { } via)
        {
            return null;
        }

        var method = request.Method == SipMethods.Ack ? SipMethods.Invite : request.Method;
        var sentBy = (via.Host + (via.Port is { } p ? ":" + p.ToString(CultureInfo.InvariantCulture) : string.Empty)).ToLowerInvariant();
        if (via.HasMagicCookie)
        {
            return new SipTransactionId(false, via.Branch!, sentBy, method);
        }

        // RFC 2543 (§17.2.3's second half): Request-URI, From tag, Call-ID, CSeq number and the top Via.
        var key = string.Join('|', request.RequestUri, request.From?.Tag, request.CallId, request.CSeq?.Number.ToString(CultureInfo.InvariantCulture), via.ToString());
        return new SipTransactionId(false, key, sentBy, method);
    }

    private void ReceiveResponse(TimeSpan now, SipResponse response, IPEndPoint from)
    {
        var branch = response.TopVia?.Branch;
        var method = response.CSeq?.Method;
        if (branch is null || method is null || !_transactions.TryGetValue(new SipTransactionId(true, branch, string.Empty, method), out var t))
        {
            _events.Add(new SipTransactionEvent(SipTransactionEventKind.StrayResponse, null, response, from));
            return;
        }

        var code = response.StatusCode;
        switch (t.State)
        {
            case SipTransactionState.Calling or SipTransactionState.Trying or SipTransactionState.Proceeding:
                _events.Add(new SipTransactionEvent(SipTransactionEventKind.Response, t.Id, response, from));
                if (code < 200)
                {
                    if (t.Invite)
                    {
                        // §17.1.1.2: in Proceeding an INVITE is no longer retransmitted, and Timer B no longer runs.
                        t.RetransmitAt = null;
                        t.TimeoutAt = null;
                    }
                    else
                    {
                        t.Interval = _options.T2;
                    }

                    t.State = SipTransactionState.Proceeding;
                }
                else if (t.Invite && code < 300)
                {
                    End(t);
                }
                else
                {
                    t.RetransmitAt = null;
                    t.TimeoutAt = null;
                    t.State = SipTransactionState.Completed;
                    if (t.Invite)
                    {
                        t.Ack = Ack(t.Request, response);
                        _sends.Add(new SipOutgoing(t.Peer, t.Ack, false));
                        Linger(t, now, t.Reliable ? TimeSpan.Zero : _options.TimerD);
                    }
                    else
                    {
                        Linger(t, now, t.Reliable ? TimeSpan.Zero : _options.T4);
                    }
                }

                break;
            case SipTransactionState.Completed when t.Invite && code >= 300 && t.Ack is not null:
                // §17.1.1.2: each retransmission of the final response gets the ACK again.
                Retransmissions++;
                _sends.Add(new SipOutgoing(t.Peer, t.Ack, true));
                break;
        }
    }

    private void ReceiveRequest(TimeSpan now, SipRequest request, IPEndPoint from, bool reliable)
    {
        if (ServerId(request) is not { } id)
        {
            return;
        }

        if (!_transactions.TryGetValue(id, out var t))
        {
            if (request.Method == SipMethods.Ack)
            {
                // The ACK for a 2xx is a transaction of its own in no one's table (§17.2.1): the core takes it.
                _events.Add(new SipTransactionEvent(SipTransactionEventKind.Request, null, request, from));
                return;
            }

            if (_transactions.Count >= _options.MaxTransactions)
            {
                _sends.Add(new SipOutgoing(from, SipResponses.Create(request, 503, SipResponses.ReasonFor(503)), false));
                return;
            }

            var invite = request.Method == SipMethods.Invite;
            t = new Transaction(id, invite, reliable, request, from) { State = invite ? SipTransactionState.Proceeding : SipTransactionState.Trying };
            _transactions.Add(id, t);
            _events.Add(new SipTransactionEvent(SipTransactionEventKind.Request, id, request, from));
            if (invite && _options.SendTrying)
            {
                t.LastResponse = SipResponses.Create(request, 100, SipResponses.ReasonFor(100));
                _sends.Add(new SipOutgoing(from, t.LastResponse, false));
            }

            return;
        }

        if (request.Method == SipMethods.Ack)
        {
            if (t.State == SipTransactionState.Completed)
            {
                // §17.2.1: the ACK stops Timers G and H; Timer I absorbs further ACKs.
                t.RetransmitAt = null;
                t.TimeoutAt = null;
                t.State = SipTransactionState.Confirmed;
                Linger(t, now, t.Reliable ? TimeSpan.Zero : _options.T4);
            }

            return;
        }

        // A retransmitted request: repeat the latest response, if any (§17.2.1, §17.2.2).
        if (t.LastResponse is not null && t.State is SipTransactionState.Proceeding or SipTransactionState.Completed)
        {
            Retransmissions++;
            _sends.Add(new SipOutgoing(t.Peer, t.LastResponse, true));
        }
    }

    private void OnRetransmit(Transaction t)
    {
        var due = t.RetransmitAt!.Value;
        var message = t.Client ? (SipMessage)t.Request : t.LastResponse!;
        Retransmissions++;
        _sends.Add(new SipOutgoing(t.Peer, message, true));

        // A doubles without bound (the INVITE stops at Timer B); E and G double up to T2; E stays at T2 in Proceeding.
        t.Interval = t.Invite && t.Client ? t.Interval * 2
            : t.State == SipTransactionState.Proceeding ? _options.T2
            : TimeSpan.FromTicks(Math.Min((t.Interval * 2).Ticks, _options.T2.Ticks));
        t.RetransmitAt = due + t.Interval;
    }

    private void OnTimeout(Transaction t)
    {
        switch (t.State)
        {
            case SipTransactionState.Calling or SipTransactionState.Trying or SipTransactionState.Proceeding when t.Client:
                _events.Add(new SipTransactionEvent(SipTransactionEventKind.Timeout, t.Id, null, null));
                break;
            case SipTransactionState.Completed when !t.Client && t.Invite:
                _events.Add(new SipTransactionEvent(SipTransactionEventKind.NoAck, t.Id, null, null));
                break;
        }

        End(t);
    }

    /// <summary>Stays in the current state for <paramref name="wait"/> (Timers D, I, J, K), or ends now when it is zero.</summary>
    private void Linger(Transaction t, TimeSpan now, TimeSpan wait)
    {
        if (wait == TimeSpan.Zero)
        {
            End(t);
            return;
        }

        t.TimeoutAt = now + wait;
    }

    private void End(Transaction t)
    {
        t.State = SipTransactionState.Terminated;
        t.RetransmitAt = null;
        t.TimeoutAt = null;
        _transactions.Remove(t.Id);
        _events.Add(new SipTransactionEvent(SipTransactionEventKind.Terminated, t.Id, null, null));
    }

    /// <summary>
    /// §17.1.1.3: the ACK for a non-2xx final response: the request's Request-URI, top Via, From, Call-ID and
    /// Route; the response's To (with its tag); the CSeq number with method ACK.
    /// </summary>
    internal static SipRequest Ack(SipRequest request, SipResponse response)
    {
        var headers = new List<SipHeader> { new(SipHeaderNames.Via, request.GetAll(SipHeaderNames.Via)[0]) };
        headers.Add(new SipHeader(SipHeaderNames.MaxForwards, request.Get(SipHeaderNames.MaxForwards) ?? "70"));
        headers.Add(new SipHeader(SipHeaderNames.From, request.Get(SipHeaderNames.From)!));
        headers.Add(new SipHeader(SipHeaderNames.To, response.Get(SipHeaderNames.To) ?? request.Get(SipHeaderNames.To)!));
        headers.Add(new SipHeader(SipHeaderNames.CallId, request.CallId!));
        headers.Add(new SipHeader(SipHeaderNames.CSeq, new SipCSeq(request.CSeq!.Value.Number, SipMethods.Ack).ToString()));
        headers.AddRange(request.GetAll(SipHeaderNames.Route).Select(r => new SipHeader(SipHeaderNames.Route, r)));
        return new SipRequest(SipMethods.Ack, request.RequestUri) { Headers = [.. headers] };
    }

    private sealed class Transaction(SipTransactionId id, bool invite, bool reliable, SipRequest request, IPEndPoint peer)
    {
        public SipTransactionId Id { get; } = id;

        public bool Client => Id.Client;

        public bool Invite { get; } = invite;

        public bool Reliable { get; } = reliable;

        public SipRequest Request { get; } = request;

        public IPEndPoint Peer { get; } = peer;

        public SipTransactionState State { get; set; }

        public SipResponse? LastResponse { get; set; }

        public SipRequest? Ack { get; set; }

        public TimeSpan Interval { get; set; }

        public TimeSpan? RetransmitAt { get; set; }

        public TimeSpan? TimeoutAt { get; set; }

        public TimeSpan? Due => RetransmitAt is { } r && (TimeoutAt is null || r < TimeoutAt) ? r : TimeoutAt;
    }
}
