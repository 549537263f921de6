using System.Net;
using Peerlink.Sip.Message;
using Peerlink.Sip.Transactions;

namespace Peerlink.Sip.Tests.Transactions;

/// <summary>RFC 3261 §17's transactions in virtual time: the engine is handed <c>now</c> and says its next deadline.</summary>
public class SipTransactionLayerTests
{
    private static readonly IPEndPoint Bob = new(IPAddress.Parse("192.0.2.20"), 5060);
    private static readonly IPEndPoint Alice = new(IPAddress.Parse("192.0.2.10"), 5060);

    private static SipRequest Request(string method, string branch = "z9hG4bK74bf9", string sentBy = "192.0.2.10:5060", uint cseq = 1)
    {
        SipHeader[] headers =
        [
            new(SipHeaderNames.Via, $"SIP/2.0/UDP {sentBy};branch={branch}"),
            new(SipHeaderNames.MaxForwards, "70"),
            new(SipHeaderNames.From, "Alice <sip:alice@atlanta.example.com>;tag=9fxced76sl"),
            new(SipHeaderNames.To, "Bob <sip:bob@biloxi.example.com>"),
            new(SipHeaderNames.CallId, "3848276298220188511@atlanta.example.com"),
            new(SipHeaderNames.CSeq, $"{cseq} {method}"),
            new(SipHeaderNames.Route, "<sip:p1.example.com;lr>"),
            new(SipHeaderNames.Contact, "<sip:alice@192.0.2.10>"),
        ];
        return new SipRequest(method, "sip:bob@biloxi.example.com") { Headers = [.. headers] };
    }

    private static SipResponse Reply(SipRequest request, int code) => SipResponses.Create(request, code, SipResponses.ReasonFor(code), toTag: "8321234356");

    /// <summary>Jumps from deadline to deadline up to <paramref name="until"/>, noting when each send went out.</summary>
    private static List<(double At, SipOutgoing Send)> Run(SipTransactionLayer layer, TimeSpan from, TimeSpan until)
    {
        var sends = layer.DrainSends().Select(s => (from.TotalSeconds, s)).ToList();
        for (var i = 0; i < 1_000 && layer.NextDeadline is { } next && next <= until; i++)
        {
            layer.Poll(next);
            sends.AddRange(layer.DrainSends().Select(s => (next.TotalSeconds, s)));
        }

        return sends;
    }

    private static double[] Times(IEnumerable<(double At, SipOutgoing Send)> sends) => [.. sends.Select(s => Math.Round(s.At, 3))];

    [Fact]
    public void ClientInvite_NoResponseOverUdp_TimerASendsAt0_05_15_35_75_155_315ThenTimerBAt32s()
    {
        var layer = new SipTransactionLayer();
        var id = layer.StartClient(TimeSpan.Zero, Request("INVITE"), Bob);

        var sends = Run(layer, TimeSpan.Zero, TimeSpan.FromSeconds(60));

        Assert.Equal([0, 0.5, 1.5, 3.5, 7.5, 15.5, 31.5], Times(sends));
        var events = layer.DrainEvents();
        Assert.Equal([SipTransactionEventKind.Timeout, SipTransactionEventKind.Terminated], events.Select(e => e.Kind));
        Assert.Equal(id, events[0].Transaction);
        Assert.Null(layer.StateOf(id));
        Assert.Null(layer.NextDeadline);
        Assert.Equal(6, layer.Retransmissions);
    }

    [Fact]
    public void ClientInvite_Reliable_OneSendAndTimerBAt32s()
    {
        var layer = new SipTransactionLayer();
        layer.StartClient(TimeSpan.Zero, Request("INVITE"), Bob, reliable: true);

        var sends = Run(layer, TimeSpan.Zero, TimeSpan.FromSeconds(60));

        Assert.Equal([0.0], Times(sends));
        Assert.Equal(SipTransactionEventKind.Timeout, layer.DrainEvents()[0].Kind);
    }

    [Fact]
    public void ClientInvite_ProvisionalResponse_StopsTimersAAndB()
    {
        var layer = new SipTransactionLayer();
        var invite = Request("INVITE");
        var id = layer.StartClient(TimeSpan.Zero, invite, Bob);
        Run(layer, TimeSpan.Zero, TimeSpan.FromSeconds(0.7));

        layer.Receive(TimeSpan.FromSeconds(0.8), Reply(invite, 180), Bob);

        Assert.Equal(SipTransactionState.Proceeding, layer.StateOf(id));
        Assert.Null(layer.NextDeadline);
        Assert.Equal(180, ((SipResponse)layer.DrainEvents().Single().Message!).StatusCode);
    }

    [Fact]
    public void ClientInvite_486_AckBuiltPerSection17113ResentPerRetransmissionUntilTimerD()
    {
        var layer = new SipTransactionLayer();
        var invite = Request("INVITE") with { Headers = [.. Request("INVITE").Headers, new SipHeader(SipHeaderNames.Via, "SIP/2.0/UDP proxy.example.com;branch=z9hG4bKother")] };
        var id = layer.StartClient(TimeSpan.Zero, invite, Bob);
        layer.DrainSends();
        var busy = Reply(invite, 486);

        layer.Receive(TimeSpan.FromSeconds(1), busy, Bob);
        var ack = Assert.IsType<SipRequest>(layer.DrainSends().Single().Message);
        layer.Receive(TimeSpan.FromSeconds(2), busy, Bob);
        var again = layer.DrainSends().Single();

        Assert.Equal("ACK", ack.Method);
        Assert.Equal(invite.RequestUri, ack.RequestUri);
        Assert.Equal([invite.GetAll("Via")[0]], ack.GetAll("Via"));
        Assert.Equal("8321234356", ack.To!.Tag);
        Assert.Equal(invite.Get("From"), ack.Get("From"));
        Assert.Equal(invite.CallId, ack.CallId);
        Assert.Equal(new SipCSeq(1, "ACK"), ack.CSeq);
        Assert.Equal(invite.GetAll("Route"), ack.GetAll("Route"));
        Assert.True(again.Retransmission);
        Assert.Equal(ack, again.Message);
        Assert.Single(layer.DrainEvents(), e => e.Kind == SipTransactionEventKind.Response);
        Assert.Equal(SipTransactionState.Completed, layer.StateOf(id));
        Assert.Equal(TimeSpan.FromSeconds(33), layer.NextDeadline);

        layer.Poll(TimeSpan.FromSeconds(33));
        Assert.Null(layer.StateOf(id));
    }

    [Fact]
    public void ClientInvite_486OverReliableTransport_TimerDIsZero()
    {
        var layer = new SipTransactionLayer();
        var invite = Request("INVITE");
        var id = layer.StartClient(TimeSpan.Zero, invite, Bob, reliable: true);

        layer.Receive(TimeSpan.FromSeconds(1), Reply(invite, 486), Bob);

        Assert.Null(layer.StateOf(id));
        Assert.Equal(2, layer.DrainSends().Count);
    }

    [Fact]
    public void ClientInvite_200_EndsAtOnceAndARetransmittedOkGoesToTheCore()
    {
        var layer = new SipTransactionLayer();
        var invite = Request("INVITE");
        var id = layer.StartClient(TimeSpan.Zero, invite, Bob);
        layer.DrainSends();
        var ok = Reply(invite, 200);

        layer.Receive(TimeSpan.FromSeconds(1), ok, Bob);
        layer.Receive(TimeSpan.FromSeconds(1.5), ok, Bob);

        Assert.Null(layer.StateOf(id));
        Assert.Empty(layer.DrainSends());
        Assert.Equal(
            [SipTransactionEventKind.Response, SipTransactionEventKind.Terminated, SipTransactionEventKind.StrayResponse],
            layer.DrainEvents().Select(e => e.Kind));
    }

    [Fact]
    public void ClientNonInvite_NoResponse_TimerEDoublesToT2ThenTimerFAt32s()
    {
        var layer = new SipTransactionLayer();
        layer.StartClient(TimeSpan.Zero, Request("OPTIONS"), Bob);

        var sends = Run(layer, TimeSpan.Zero, TimeSpan.FromSeconds(60));

        // §17.1.2.2: 500 ms, 1 s, 2 s, 4 s, 4 s, ...
        Assert.Equal([0, 0.5, 1.5, 3.5, 7.5, 11.5, 15.5, 19.5, 23.5, 27.5, 31.5], Times(sends));
        Assert.Equal(SipTransactionEventKind.Timeout, layer.DrainEvents()[0].Kind);
    }

    [Fact]
    public void ClientNonInvite_Proceeding_RetransmitsEveryT2()
    {
        var layer = new SipTransactionLayer();
        var options = Request("OPTIONS");
        layer.StartClient(TimeSpan.Zero, options, Bob);
        Run(layer, TimeSpan.Zero, TimeSpan.FromSeconds(0.6));

        layer.Receive(TimeSpan.FromSeconds(0.6), Reply(options, 100), Bob);
        var sends = Run(layer, TimeSpan.FromSeconds(0.6), TimeSpan.FromSeconds(14));

        Assert.Equal([1.5, 5.5, 9.5, 13.5], Times(sends));
    }

    [Fact]
    public void ClientNonInvite_FinalResponse_TimerKAbsorbsForT4()
    {
        var layer = new SipTransactionLayer();
        var options = Request("OPTIONS");
        var id = layer.StartClient(TimeSpan.Zero, options, Bob);

        layer.Receive(TimeSpan.FromSeconds(1), Reply(options, 200), Bob);
        layer.Receive(TimeSpan.FromSeconds(2), Reply(options, 200), Bob);

        Assert.Equal(SipTransactionState.Completed, layer.StateOf(id));
        Assert.Equal(TimeSpan.FromSeconds(6), layer.NextDeadline);
        Assert.Single(layer.DrainEvents(), e => e.Kind == SipTransactionEventKind.Response);
        layer.Poll(TimeSpan.FromSeconds(6));
        Assert.Null(layer.StateOf(id));
    }

    [Fact]
    public void ClientMatching_ByBranchAndCSeqMethod()
    {
        // §17.1.3: a CANCEL shares its INVITE's branch; the CSeq method tells their responses apart.
        var layer = new SipTransactionLayer();
        var invite = Request("INVITE");
        var cancel = Request("CANCEL");
        var inviteId = layer.StartClient(TimeSpan.Zero, invite, Bob);
        var cancelId = layer.StartClient(TimeSpan.Zero, cancel, Bob);

        layer.Receive(TimeSpan.FromSeconds(1), Reply(cancel, 200), Bob);
        layer.Receive(TimeSpan.FromSeconds(1), Reply(Request("INVITE", branch: "z9hG4bKnotours"), 180), Bob);

        var events = layer.DrainEvents();
        Assert.Equal(cancelId, events[0].Transaction);
        Assert.Equal(SipTransactionEventKind.StrayResponse, events[^1].Kind);
        Assert.Equal(SipTransactionState.Calling, layer.StateOf(inviteId));
        Assert.Equal(SipTransactionState.Completed, layer.StateOf(cancelId));
    }

    [Fact]
    public void ServerInvite_NewRequest_EventAnd100TryingResentOnRetransmission()
    {
        var layer = new SipTransactionLayer();
        var invite = Request("INVITE");

        layer.Receive(TimeSpan.Zero, invite, Alice);
        var trying = layer.DrainSends().Single();
        layer.Receive(TimeSpan.FromSeconds(0.5), invite, Alice);

        var e = layer.DrainEvents().Single();
        Assert.Equal(SipTransactionEventKind.Request, e.Kind);
        Assert.Equal(100, ((SipResponse)trying.Message).StatusCode);
        Assert.Null(trying.Message.To!.Tag);
        Assert.Equal(Alice, trying.To);
        Assert.True(layer.DrainSends().Single().Retransmission);
        Assert.Equal(SipTransactionState.Proceeding, layer.StateOf(e.Transaction!.Value));
    }

    [Fact]
    public void ServerInvite_486WithoutAck_TimerGRepeatsItThenTimerHGivesUpAt32s()
    {
        var layer = new SipTransactionLayer();
        var invite = Request("INVITE");
        layer.Receive(TimeSpan.Zero, invite, Alice);
        var id = layer.DrainEvents().Single().Transaction!.Value;
        layer.DrainSends();

        layer.Respond(TimeSpan.Zero, id, Reply(invite, 486));
        var sends = Run(layer, TimeSpan.Zero, TimeSpan.FromSeconds(60));

        // §17.2.1: Timer G at T1, doubling to T2; Timer H at 64*T1.
        Assert.Equal([0, 0.5, 1.5, 3.5, 7.5, 11.5, 15.5, 19.5, 23.5, 27.5, 31.5], Times(sends));
        Assert.Equal([SipTransactionEventKind.NoAck, SipTransactionEventKind.Terminated], layer.DrainEvents().Select(e => e.Kind));
    }

    [Fact]
    public void ServerInvite_AckForThe486_ConfirmedAbsorbingForT4()
    {
        var layer = new SipTransactionLayer();
        var invite = Request("INVITE");
        layer.Receive(TimeSpan.Zero, invite, Alice);
        var id = layer.DrainEvents().Single().Transaction!.Value;
        var busy = Reply(invite, 486);
        layer.Respond(TimeSpan.Zero, id, busy);
        layer.DrainSends();

        layer.Receive(TimeSpan.FromSeconds(1), SipTransactionLayer.Ack(invite, busy), Alice);
        layer.Receive(TimeSpan.FromSeconds(2), SipTransactionLayer.Ack(invite, busy), Alice);
        layer.Receive(TimeSpan.FromSeconds(2), invite, Alice);

        Assert.Equal(SipTransactionState.Confirmed, layer.StateOf(id));
        Assert.Empty(layer.DrainSends());
        Assert.Empty(layer.DrainEvents());
        Assert.Equal(TimeSpan.FromSeconds(6), layer.NextDeadline);
        layer.Poll(TimeSpan.FromSeconds(6));
        Assert.Null(layer.StateOf(id));
    }

    [Fact]
    public void ServerInvite_200_EndsAndTheAckGoesToTheCore()
    {
        var layer = new SipTransactionLayer();
        var invite = Request("INVITE");
        layer.Receive(TimeSpan.Zero, invite, Alice);
        var id = layer.DrainEvents().Single().Transaction!.Value;
        var ok = Reply(invite, 200);

        layer.Respond(TimeSpan.Zero, id, ok);
        var ack = Request("ACK", branch: "z9hG4bKnewbranch");
        layer.Receive(TimeSpan.FromSeconds(1), ack, Alice);

        var events = layer.DrainEvents();
        Assert.Equal(SipTransactionEventKind.Terminated, events[0].Kind);
        Assert.Equal(SipTransactionEventKind.Request, events[1].Kind);
        Assert.Null(events[1].Transaction);
        Assert.Throws<InvalidOperationException>(() => layer.Respond(TimeSpan.FromSeconds(1), id, ok));
    }

    [Fact]
    public void ServerNonInvite_RetransmissionsAbsorbedThenAnsweredThenTimerJ()
    {
        var layer = new SipTransactionLayer();
        var options = Request("OPTIONS");
        layer.Receive(TimeSpan.Zero, options, Alice);
        var id = layer.DrainEvents().Single().Transaction!.Value;

        layer.Receive(TimeSpan.FromSeconds(0.5), options, Alice);
        Assert.Empty(layer.DrainSends());
        layer.Respond(TimeSpan.FromSeconds(1), id, Reply(options, 200));
        layer.Receive(TimeSpan.FromSeconds(1.5), options, Alice);

        Assert.Equal([false, true], layer.DrainSends().Select(s => s.Retransmission));
        Assert.Equal(TimeSpan.FromSeconds(33), layer.NextDeadline);
        layer.Poll(TimeSpan.FromSeconds(33));
        Assert.Null(layer.StateOf(id));
    }

    [Fact]
    public void ServerNonInvite_Reliable_TimerJIsZero()
    {
        var layer = new SipTransactionLayer();
        var options = Request("OPTIONS");
        layer.Receive(TimeSpan.Zero, options, Alice, reliable: true);
        var id = layer.DrainEvents().Single().Transaction!.Value;

        layer.Respond(TimeSpan.Zero, id, Reply(options, 200));

        Assert.Null(layer.StateOf(id));
    }

    [Fact]
    public void ServerMatching_BranchSentByAndMethod()
    {
        // §17.2.3: the same branch from another sent-by is another transaction; ACK matches INVITE; CANCEL is its own.
        var layer = new SipTransactionLayer();
        layer.Receive(TimeSpan.Zero, Request("INVITE"), Alice);
        layer.Receive(TimeSpan.Zero, Request("INVITE", sentBy: "192.0.2.99"), Alice);
        layer.Receive(TimeSpan.Zero, Request("CANCEL"), Alice);

        var ids = layer.DrainEvents().Select(e => e.Transaction!.Value).ToList();

        Assert.Equal(3, ids.Distinct().Count());
        Assert.Equal(3, layer.Count);
        Assert.Equal(ids[0], layer.InviteFor(ids[2]));
        Assert.Equal(ids[0], SipTransactionLayer.ServerId(Request("ACK")));
    }

    [Fact]
    public void ServerMatching_Rfc2543RequestWithoutCookie_RetransmissionFound()
    {
        var layer = new SipTransactionLayer();
        var old = Request("OPTIONS", branch: "1234");

        layer.Receive(TimeSpan.Zero, old, Alice);
        layer.Receive(TimeSpan.FromSeconds(1), old, Alice);
        layer.Receive(TimeSpan.FromSeconds(1), Request("OPTIONS", branch: "1234", cseq: 2), Alice);

        Assert.Equal(2, layer.DrainEvents().Count);
        Assert.Equal(2, layer.Count);
    }

    [Fact]
    public void Receive_TableFull_503Statelessly()
    {
        var layer = new SipTransactionLayer(new SipTransactionOptions { MaxTransactions = 1 });
        layer.Receive(TimeSpan.Zero, Request("OPTIONS"), Alice);

        layer.Receive(TimeSpan.Zero, Request("OPTIONS", branch: "z9hG4bKsecond"), Alice);

        Assert.Equal(503, ((SipResponse)layer.DrainSends().Single().Message).StatusCode);
        Assert.Equal(1, layer.Count);
    }

    [Fact]
    public void StartClient_NoMagicCookieOrAnAck_Throws()
    {
        var layer = new SipTransactionLayer();

        Assert.Throws<ArgumentException>(() => layer.StartClient(TimeSpan.Zero, Request("INVITE", branch: "old"), Bob));
        Assert.Throws<ArgumentException>(() => layer.StartClient(TimeSpan.Zero, Request("ACK"), Bob));
        layer.StartClient(TimeSpan.Zero, Request("INVITE"), Bob);
        Assert.Throws<ArgumentException>(() => layer.StartClient(TimeSpan.Zero, Request("INVITE"), Bob));
    }

    [Fact]
    public void TransportFailed_ClientInvite_ReportedAndEnded()
    {
        // §17.1.4: a transport failure ends the transaction; the TU treats it as a 503.
        var layer = new SipTransactionLayer();
        var id = layer.StartClient(TimeSpan.Zero, Request("INVITE"), Bob);

        Assert.True(layer.TransportFailed(id));

        Assert.Equal([SipTransactionEventKind.TransportError, SipTransactionEventKind.Terminated], layer.DrainEvents().Select(e => e.Kind));
        Assert.Null(layer.NextDeadline);
        Assert.False(layer.TransportFailed(id));
    }

    [Fact]
    public void NewBranch_SeededRandom_CookieAndRepeatable()
    {
        var a = SipTransactionLayer.NewBranch(new Random(7));

        Assert.StartsWith(SipVia.MagicCookie, a, StringComparison.Ordinal);
        Assert.Equal(a, SipTransactionLayer.NewBranch(new Random(7)));
        Assert.NotEqual(a, SipTransactionLayer.NewBranch(new Random(8)));
    }

    [Fact]
    public void Options_T2BelowT1_Rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SipTransactionLayer(new SipTransactionOptions { T2 = TimeSpan.FromMilliseconds(100) }));
    }
}
