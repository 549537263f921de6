using System.Net;
using System.Text;
using Peerlink.Sip.Media;
using Peerlink.Sip.Message;
using Peerlink.Sip.UserAgent;

namespace Peerlink.Sip.Tests.UserAgent;

/// <summary>Two user agents through the codec on a virtual link, in virtual time (RFC 3261 §12-§15, §9).</summary>
public class SipUserAgentTests
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    private static IEnumerable<SipUaEventKind> Kinds(IEnumerable<SipUaEvent> events) => events.Where(e => e.Kind != SipUaEventKind.MediaStarted).Select(e => e.Kind);

    [Fact]
    public void Call_AutoAnswer_InviteTrying180OkAckThenByeOkAndBothEnd()
    {
        var pair = new UaPair();
        var call = pair.Alice.Call(TimeSpan.Zero, "sip:bob@192.0.2.20", UaPair.BobAt);
        pair.RunUntil(TimeSpan.FromSeconds(1));
        Assert.Equal(SipCallState.Established, call.State);
        var bobCall = Assert.Single(pair.Bob.Calls);
        Assert.Equal(SipCallState.Established, bobCall.State);

        pair.Alice.Hangup(pair.Now, call);
        pair.Advance(Minute);

        Assert.Equal(
            ["A> INVITE sip:bob@192.0.2.20 SIP/2.0", "B> SIP/2.0 100 Trying", "B> SIP/2.0 180 Ringing", "B> SIP/2.0 200 OK",
             "A> ACK sip:bob@192.0.2.20:5060 SIP/2.0", "A> BYE sip:bob@192.0.2.20:5060 SIP/2.0", "B> SIP/2.0 200 OK"],
            pair.Wire);
        Assert.Equal(
            [SipUaEventKind.Provisional, SipUaEventKind.Provisional, SipUaEventKind.Answered, SipUaEventKind.Acknowledged, SipUaEventKind.ByeSent, SipUaEventKind.Ended],
            Kinds(pair.AliceEvents));
        Assert.Equal([SipUaEventKind.Incoming, SipUaEventKind.Answered, SipUaEventKind.Acknowledged, SipUaEventKind.Ended], Kinds(pair.BobEvents));
        Assert.Equal((200, 200), (call.EndStatus, bobCall.EndStatus));
        Assert.Equal(call.Dialog!.Id.LocalTag, bobCall.Dialog!.Id.RemoteTag);
        Assert.Equal(call.Dialog.Id.RemoteTag, bobCall.Dialog.Id.LocalTag);
        Assert.Equal([20000], pair.AlicePorts.Released);
        Assert.Equal([30000], pair.BobPorts.Released);
        Assert.Empty(pair.Alice.Calls);
        Assert.Empty(pair.Bob.Calls);
    }

    [Fact]
    public void Call_SdpAgreed_EachCallOwnsAnRtpSessionAimedAtThePeersPort()
    {
        var pair = new UaPair();
        var call = pair.Alice.Call(TimeSpan.Zero, "sip:bob@192.0.2.20", UaPair.BobAt);
        pair.RunUntil(TimeSpan.FromMilliseconds(10));
        var bobCall = Assert.Single(pair.Bob.Calls);

        Assert.Equal(new IPEndPoint(IPAddress.Parse("192.0.2.20"), 30000), call.RemoteMedia);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("192.0.2.10"), 20000), bobCall.RemoteMedia);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("192.0.2.10"), 20001), bobCall.RemoteControl);
        Assert.Equal("PCMU", call.Audio!.Codec.Name);
        Assert.NotNull(call.Media);
        Assert.NotNull(bobCall.Media);
    }

    [Fact]
    public void Offer_WithRtcpMux_TheAnswerAcceptsItAndRtcpGoesToTheRtpPort()
    {
        var pair = new UaPair();
        var call = pair.Alice.Call(TimeSpan.Zero, "sip:bob@192.0.2.20", UaPair.BobAt);
        var invite = pair.Alice.DrainSends().Single();
        var sdp = Encoding.UTF8.GetString(invite.Message.Body.Span).Replace("a=sendrecv\r\n", "a=sendrecv\r\na=rtcp-mux\r\n", StringComparison.Ordinal);
        var muxed = invite.Message with { Body = Peerlink.Core.Bytes.FromUtf8(sdp) };
        pair.Bob.Receive(TimeSpan.Zero, SipMessageWriter.ToBytes(muxed), UaPair.AliceAt);

        var bobCall = Assert.Single(pair.Bob.Calls);
        Assert.True(bobCall.RtcpMux);
        Assert.Equal(bobCall.RemoteMedia, bobCall.RemoteControl);
        var ok = pair.Bob.DrainSends().Select(d => d.Message).OfType<SipResponse>().Single(r => r.StatusCode == 200);
        Assert.Contains("a=rtcp-mux", Encoding.UTF8.GetString(ok.Body.Span), StringComparison.Ordinal);
        _ = call;
    }

    [Fact]
    public void Call_ToneSentBothWays_MediaStartedOnBothSidesAndBobHearsTheTone()
    {
        var pair = new UaPair();
        var call = pair.Alice.Call(TimeSpan.Zero, "sip:bob@192.0.2.20", UaPair.BobAt);
        pair.RunUntil(TimeSpan.FromMilliseconds(10));
        var bobCall = Assert.Single(pair.Bob.Calls);
        call.Media!.EnqueueAudio(new ToneGenerator(440, 8000).Next(8000));
        bobCall.Media!.EnqueueAudio(new ToneGenerator(1000, 8000).Next(8000));
        var heard = new List<short>();
        for (var i = 0; i < 60; i++)
        {
            pair.Advance(TimeSpan.FromMilliseconds(20));
            heard.AddRange(bobCall.Media.DrainAudio().Where(a => a.Kind == JitterFrameKind.Packet).SelectMany(a => a.Samples));
        }

        Assert.True(call.MediaStarted);
        Assert.True(bobCall.MediaStarted);
        Assert.Single(pair.AliceEvents, e => e.Kind == SipUaEventKind.MediaStarted);
        var tone = ToneDetector.DetectTone(heard.ToArray(), 8000);
        Assert.NotNull(tone);
        Assert.InRange(tone.Value.Frequency, 435, 445);
    }

    [Fact]
    public void Cancel_BobAsksAndAliceHangsUpWhileRinging_Cancel200And487AckAndBothEnd()
    {
        var pair = new UaPair(SipAnswerMode.Ask);
        var call = pair.Alice.Call(TimeSpan.Zero, "sip:bob@192.0.2.20", UaPair.BobAt);
        pair.RunUntil(TimeSpan.FromSeconds(1));
        Assert.Equal(SipCallState.Ringing, call.State);
        Assert.Equal(SipUaEventKind.Incoming, Assert.Single(pair.BobEvents).Kind);

        pair.Alice.Hangup(pair.Now, call);
        pair.Advance(Minute);

        Assert.Equal(
            ["A> CANCEL sip:bob@192.0.2.20 SIP/2.0", "B> SIP/2.0 200 OK", "B> SIP/2.0 487 Request Terminated", "A> ACK sip:bob@192.0.2.20 SIP/2.0"],
            pair.Wire.Skip(3));
        Assert.Equal((487, "cancelled"), (call.EndStatus, call.EndReason));
        Assert.Equal(SipUaEventKind.Ended, pair.BobEvents[^1].Kind);
        Assert.Equal(487, pair.BobEvents[^1].Status);
        Assert.False(call.WasAnswered);
    }

    [Fact]
    public void Cancel_HangupBeforeAnyProvisional_CancelWaitsForThe180()
    {
        var pair = new UaPair(SipAnswerMode.Ask) { Drop = (fromAlice, line) => !fromAlice && line.Contains("100", StringComparison.Ordinal) };
        var call = pair.Alice.Call(TimeSpan.Zero, "sip:bob@192.0.2.20", UaPair.BobAt);
        pair.Alice.Hangup(TimeSpan.Zero, call);
        Assert.DoesNotContain(pair.Alice.DrainSends().Skip(0), d => d.Message is SipRequest { Method: "CANCEL" });
        pair.Advance(Minute);

        Assert.Equal(487, call.EndStatus);
        var cancel = pair.Wire.IndexOf("A> CANCEL sip:bob@192.0.2.20 SIP/2.0");
        Assert.True(cancel > pair.Wire.IndexOf("B> SIP/2.0 180 Ringing"));
    }

    [Fact]
    public void Cancel_The200CrossesTheCancel_AliceAcksThenSendsByeAndBothEnd()
    {
        // Found by the lossy-link property: hung up before any response, the CANCEL goes on the 100, but Bob
        // (auto-answer) has sent his 200 already; §9.1: the CANCEL then has no effect, so the caller ends with BYE.
        var pair = new UaPair();
        var call = pair.Alice.Call(TimeSpan.Zero, "sip:bob@192.0.2.20", UaPair.BobAt);
        pair.Alice.Hangup(TimeSpan.Zero, call);
        pair.Advance(Minute);

        Assert.Equal(
            ["A> INVITE sip:bob@192.0.2.20 SIP/2.0", "B> SIP/2.0 100 Trying", "B> SIP/2.0 180 Ringing", "B> SIP/2.0 200 OK",
             "A> CANCEL sip:bob@192.0.2.20 SIP/2.0", "A> ACK sip:bob@192.0.2.20:5060 SIP/2.0", "A> BYE sip:bob@192.0.2.20:5060 SIP/2.0",
             "B> SIP/2.0 481 Call/Transaction Does Not Exist", "B> SIP/2.0 200 OK"],
            pair.Wire);
        Assert.Equal((SipCallState.Ended, 200), (call.State, call.EndStatus));
        Assert.Empty(pair.Bob.Calls);
    }

    [Fact]
    public void Ask_BobAccepts_CallEstablished()
    {
        var pair = new UaPair(SipAnswerMode.Ask);
        var call = pair.Alice.Call(TimeSpan.Zero, "sip:bob@192.0.2.20", UaPair.BobAt);
        pair.RunUntil(TimeSpan.FromSeconds(3), (p, e) =>
        {
            if (e.Kind == SipUaEventKind.Incoming)
            {
                p.Bob.Accept(p.Now, e.Call!);
            }
        });

        Assert.Equal(SipCallState.Established, call.State);
    }

    [Theory]
    [InlineData(486)]
    [InlineData(603)]
    public void Ask_BobRejects_CallerEndsWithThatStatusAndAcksIt(int status)
    {
        var pair = new UaPair(SipAnswerMode.Ask);
        var call = pair.Alice.Call(TimeSpan.Zero, "sip:bob@192.0.2.20", UaPair.BobAt);
        pair.RunUntil(Minute, (p, e) =>
        {
            if (e.Kind == SipUaEventKind.Incoming)
            {
                p.Bob.Reject(p.Now, e.Call!, status);
            }
        });

        Assert.Equal(status, call.EndStatus);
        Assert.Equal("A> ACK sip:bob@192.0.2.20 SIP/2.0", pair.Wire[^1]);
        Assert.Equal([20000], pair.AlicePorts.Released);
    }

    [Fact]
    public void Ok_FirstTwoCopiesLost_BobRetransmitsItAt500msAnd1500msAndTheCallIsEstablished()
    {
        var lost = 0;
        var pair = new UaPair { Drop = (fromAlice, line) => !fromAlice && line.EndsWith("200 OK", StringComparison.Ordinal) && lost++ < 2 };
        var call = pair.Alice.Call(TimeSpan.Zero, "sip:bob@192.0.2.20", UaPair.BobAt);
        pair.RunUntil(TimeSpan.FromSeconds(1));
        Assert.Equal(SipCallState.Ringing, call.State);
        pair.RunUntil(TimeSpan.FromSeconds(2));

        Assert.Equal(SipCallState.Established, call.State);
        Assert.Equal(SipCallState.Established, Assert.Single(pair.Bob.Calls).State);
        Assert.Equal(2, pair.Bob.Retransmissions);
    }

    [Fact]
    public void Ok_EveryAckLost_BobGivesUpAfter32sAndSendsBye()
    {
        var pair = new UaPair { Drop = (fromAlice, line) => fromAlice && line.StartsWith("ACK", StringComparison.Ordinal) };
        var call = pair.Alice.Call(TimeSpan.Zero, "sip:bob@192.0.2.20", UaPair.BobAt);
        pair.RunUntil(TimeSpan.FromSeconds(31));
        Assert.Equal(SipCallState.Answered, Assert.Single(pair.Bob.Calls).State);

        pair.RunUntil(TimeSpan.FromSeconds(40));

        Assert.Contains("B> BYE sip:alice@192.0.2.10:5060 SIP/2.0", pair.Wire);
        Assert.Equal(SipCallState.Ended, call.State);
        Assert.Equal("the peer hung up (BYE)", call.EndReason);
        // The 200 at 0 s and again at 0.5, 1.5, 3.5, 7.5, 11.5, ... 31.5 s (T1 doubling to T2, §13.3.1.4): 11 copies,
        // and each got the same ACK again (§13.2.2.4).
        Assert.Equal(11, pair.Wire.Count(l => l.StartsWith("B> SIP/2.0 200 OK", StringComparison.Ordinal)));
        Assert.Equal(11, pair.Wire.Count(l => l.StartsWith("A> ACK", StringComparison.Ordinal)));
    }

    [Fact]
    public void Invite_NobodyAnswers_CallEndsWith408AfterTimerB()
    {
        var pair = new UaPair { Drop = (fromAlice, _) => fromAlice };
        var call = pair.Alice.Call(TimeSpan.Zero, "sip:bob@192.0.2.20", UaPair.BobAt);
        pair.RunUntil(TimeSpan.FromSeconds(31));
        Assert.Equal(SipCallState.Calling, call.State);

        pair.RunUntil(TimeSpan.FromSeconds(33));

        Assert.Equal(408, call.EndStatus);
        Assert.Equal(7, pair.Wire.Count); // sent at 0, 0.5, 1.5, 3.5, 7.5, 15.5, 31.5 s (Timer A)
    }

    [Theory]
    [InlineData(486, null)]
    [InlineData(503, "5")]
    public void Flood_MoreInvitesThanMaxCalls_TheRestGetBusyAndAreCounted(int busy, string? retryAfter)
    {
        var pair = new UaPair(bobMaxCalls: 2, bobBusy: busy);
        var calls = Enumerable.Range(0, 5).Select(_ => pair.Alice.Call(TimeSpan.Zero, "sip:bob@192.0.2.20", UaPair.BobAt)).ToList();
        pair.RunUntil(TimeSpan.FromSeconds(2));

        Assert.Equal(2, calls.Count(c => c.State == SipCallState.Established));
        Assert.Equal(3, calls.Count(c => c.EndStatus == busy));
        Assert.Equal(3, pair.Bob.Busy);
        Assert.Equal(2, pair.Bob.Calls.Count);
        var response = SipMessageParser.Parse(Encoding.UTF8.GetBytes(BusyResponse(pair, busy))).Message!;
        Assert.Equal(retryAfter, response.Get(SipHeaderNames.RetryAfter));
    }

    private static string BusyResponse(UaPair pair, int busy)
    {
        // Ask Bob once more, on his own, and keep the bytes of his answer.
        var invite = pair.Alice.Call(pair.Now, "sip:bob@192.0.2.20", UaPair.BobAt);
        var sent = pair.Alice.DrainSends().Single(d => d.Message is SipRequest { Method: "INVITE" } r && r.CallId == invite.CallId);
        pair.Bob.Receive(pair.Now, sent.Bytes, UaPair.AliceAt);
        return Encoding.UTF8.GetString(pair.Bob.DrainSends().Single(d => d.Message is SipResponse { StatusCode: var s } && s == busy).Bytes);
    }

    [Fact]
    public void Options_OutOfDialog_200WithAllowAndAccept()
    {
        var bob = new UaPair().Bob;
        var response = Ask(bob, Request("OPTIONS"));

        Assert.Equal(200, response.StatusCode);
        Assert.Equal(SipUserAgent.Allow, string.Join(", ", response.GetAll(SipHeaderNames.Allow)));
        Assert.Equal("application/sdp", response.Get(SipHeaderNames.Accept));
        Assert.NotNull(response.To!.Tag);
    }

    [Theory]
    [InlineData("MESSAGE", 405)]
    [InlineData("SUBSCRIBE", 405)]
    [InlineData("BYE", 481)]
    public void Request_NotForUs_RefusedWithItsStatus(string method, int status)
    {
        var bob = new UaPair().Bob;
        var response = Ask(bob, Request(method, toTag: method == "BYE" ? "nosuch" : null));

        Assert.Equal(status, response.StatusCode);
        Assert.Equal(status == 405 ? SipUserAgent.Allow : string.Empty, string.Join(", ", response.GetAll(SipHeaderNames.Allow)));
        Assert.Equal(1, bob.Refused);
    }

    [Fact]
    public void Request_TheParserRejects_AnsweredWithItsStatusAndCounted()
    {
        var bob = new UaPair().Bob;
        var text = "INVITE sip:bob@192.0.2.20 SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.10;branch=z9hG4bKx\r\nMax-Forwards: 70\r\nFrom: <sip:a@192.0.2.10>;tag=1\r\n" +
            "To: <sip:bob@192.0.2.20>\r\nCall-ID: c1\r\nCSeq: 1 INVITE\r\nContent-Length: 400\r\n\r\nv=0\r\n";
        bob.Receive(TimeSpan.Zero, Encoding.UTF8.GetBytes(text), UaPair.AliceAt);

        var response = (SipResponse)Assert.Single(bob.DrainSends()).Message;
        Assert.Equal(400, response.StatusCode);
        Assert.Equal(1, bob.Malformed);
        Assert.Equal(SipUaEventKind.Malformed, Assert.Single(bob.DrainEvents()).Kind);
    }

    [Fact]
    public void Invite_WithoutSdp_Refused488()
    {
        var bob = new UaPair().Bob;
        var response = Ask(bob, Request("INVITE"), final: true);

        Assert.Equal(488, response.StatusCode);
        Assert.Empty(bob.Calls);
    }

    [Fact]
    public void ReInvite_InAnEstablishedCall_Refused488AndTheCallGoesOn()
    {
        var pair = new UaPair();
        var call = pair.Alice.Call(TimeSpan.Zero, "sip:bob@192.0.2.20", UaPair.BobAt);
        pair.RunUntil(TimeSpan.FromSeconds(1));
        var reinvite = call.Dialog!.CreateRequest(SipMethods.Invite, new SipVia("UDP", "192.0.2.10") { Port = 5060 }.WithParameter("branch", "z9hG4bKre1"));
        pair.Bob.Receive(pair.Now, SipMessageWriter.ToBytes(reinvite), UaPair.AliceAt);

        var final = pair.Bob.DrainSends().Select(d => d.Message).OfType<SipResponse>().Last();
        Assert.Equal(488, final.StatusCode);
        Assert.Equal(SipCallState.Established, Assert.Single(pair.Bob.Calls).State);
    }

    [Fact]
    public void Bye_FromBob_AliceAnswers200AndBothEnd()
    {
        var pair = new UaPair();
        var call = pair.Alice.Call(TimeSpan.Zero, "sip:bob@192.0.2.20", UaPair.BobAt);
        pair.RunUntil(TimeSpan.FromSeconds(1));
        pair.Bob.Hangup(pair.Now, pair.Bob.Calls[0]);
        pair.Advance(Minute);

        Assert.Equal(["B> BYE sip:alice@192.0.2.10:5060 SIP/2.0", "A> SIP/2.0 200 OK"], pair.Wire.TakeLast(2));
        Assert.Equal((SipCallState.Ended, 200), (call.State, call.EndStatus));
    }

    private static SipRequest Request(string method, string? toTag = null) => new(method, "sip:bob@192.0.2.20")
    {
        Headers =
        [
            new(SipHeaderNames.Via, "SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK" + method),
            new(SipHeaderNames.MaxForwards, "70"),
            new(SipHeaderNames.From, "<sip:alice@192.0.2.10>;tag=a1"),
            new(SipHeaderNames.To, "<sip:bob@192.0.2.20>" + (toTag is null ? string.Empty : ";tag=" + toTag)),
            new(SipHeaderNames.CallId, "c-" + method),
            new(SipHeaderNames.CSeq, "1 " + method),
            new(SipHeaderNames.Contact, "<sip:alice@192.0.2.10:5060>"),
        ],
    };

    private static SipResponse Ask(SipUserAgent ua, SipRequest request, bool final = false)
    {
        ua.Receive(TimeSpan.Zero, SipMessageWriter.ToBytes(request), UaPair.AliceAt);
        var responses = ua.DrainSends().Select(d => SipMessageParser.Parse(d.Bytes).Message).OfType<SipResponse>().ToList();
        return final ? responses.Last() : Assert.Single(responses);
    }
}
