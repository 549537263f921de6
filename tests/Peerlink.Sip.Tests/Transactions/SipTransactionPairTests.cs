using System.Net;
using Peerlink.Sip.Message;
using Peerlink.Sip.Transactions;

namespace Peerlink.Sip.Tests.Transactions;

/// <summary>
/// Two transaction layers talking through the codec (write, then parse) over a virtual link that loses what it is
/// told to, in virtual time: the pieces of this folder and Message/ working together.
/// </summary>
public class SipTransactionPairTests
{
    private static readonly IPEndPoint AliceAt = new(IPAddress.Parse("192.0.2.10"), 5060);
    private static readonly IPEndPoint BobAt = new(IPAddress.Parse("192.0.2.20"), 5060);

    private sealed class Link(SipTransactionLayer alice, SipTransactionLayer bob)
    {
        public int Lose { get; set; }

        public int Delivered { get; private set; }

        public List<SipTransactionEvent> AliceEvents { get; } = [];

        public List<SipTransactionEvent> BobEvents { get; } = [];

        /// <summary>Moves messages both ways through write and parse, and runs timers, until <paramref name="until"/>.</summary>
        public void Run(TimeSpan now, TimeSpan until, Action<TimeSpan, SipTransactionEvent>? bobAnswers = null)
        {
            for (var i = 0; i < 10_000; i++)
            {
                var moved = Move(now, alice, bob, AliceAt) | Move(now, bob, alice, BobAt);
                foreach (var e in bob.DrainEvents())
                {
                    BobEvents.Add(e);
                    bobAnswers?.Invoke(now, e);
                }

                AliceEvents.AddRange(alice.DrainEvents());
                if (moved)
                {
                    continue;
                }

                var next = new[] { alice.NextDeadline, bob.NextDeadline }.Where(d => d is not null).Min();
                if (next is null || next > until)
                {
                    return;
                }

                now = next.Value;
                alice.Poll(now);
                bob.Poll(now);
            }
        }

        private bool Move(TimeSpan now, SipTransactionLayer from, SipTransactionLayer to, IPEndPoint source)
        {
            var sends = from.DrainSends();
            foreach (var send in sends)
            {
                if (Lose > 0)
                {
                    Lose--;
                    continue;
                }

                var parsed = SipMessageParser.Parse(SipMessageWriter.ToBytes(send.Message));
                Assert.True(parsed.IsOk, parsed.Error);
                Delivered++;
                to.Receive(now, parsed.Message!, source);
            }

            return sends.Count > 0;
        }
    }

    private static SipRequest Invite(string branch) => new("INVITE", "sip:bob@192.0.2.20")
    {
        Headers =
        [
            new(SipHeaderNames.Via, $"SIP/2.0/UDP 192.0.2.10:5060;branch={branch}"),
            new(SipHeaderNames.MaxForwards, "70"),
            new(SipHeaderNames.From, "<sip:alice@192.0.2.10>;tag=a1"),
            new(SipHeaderNames.To, "<sip:bob@192.0.2.20>"),
            new(SipHeaderNames.CallId, "call-1@192.0.2.10"),
            new(SipHeaderNames.CSeq, "1 INVITE"),
        ],
    };

    [Fact]
    public void InviteBusy_FirstTwoCopiesLost_RetransmittedThen486AndAckAndBothSidesEnd()
    {
        var alice = new SipTransactionLayer();
        var bob = new SipTransactionLayer();
        var link = new Link(alice, bob) { Lose = 2 };
        var client = alice.StartClient(TimeSpan.Zero, Invite(SipTransactionLayer.NewBranch(new Random(3))), BobAt);

        link.Run(TimeSpan.Zero, TimeSpan.FromSeconds(60), (now, e) =>
        {
            if (e.Kind == SipTransactionEventKind.Request && e.Transaction is { } id)
            {
                bob.Respond(now, id, SipResponses.Create((SipRequest)e.Message!, 486, "Busy Here", toTag: "b1"));
            }
        });

        // Sent at 0 and 0.5 s (both lost), 1.5 s delivered: Bob answers 100 and 486, Alice ACKs.
        var responses = link.AliceEvents.Where(e => e.Kind == SipTransactionEventKind.Response).Select(e => ((SipResponse)e.Message!).StatusCode);
        Assert.Equal([100, 486], responses);
        Assert.Contains(link.BobEvents, e => e.Kind == SipTransactionEventKind.Terminated);
        Assert.DoesNotContain(link.BobEvents, e => e.Kind == SipTransactionEventKind.NoAck);
        Assert.Null(alice.StateOf(client));
        Assert.Equal(0, alice.Count + bob.Count);
        Assert.Equal(2, alice.Retransmissions);
    }

    [Fact]
    public void InviteOk_AnsweredAtOnce_OneRequestEventAndTheClientEndsOnThe200()
    {
        var alice = new SipTransactionLayer();
        var bob = new SipTransactionLayer();
        var link = new Link(alice, bob);
        alice.StartClient(TimeSpan.Zero, Invite("z9hG4bKok1"), BobAt);

        link.Run(TimeSpan.Zero, TimeSpan.FromSeconds(60), (now, e) =>
        {
            if (e.Kind == SipTransactionEventKind.Request && e.Transaction is { } id)
            {
                bob.Respond(now, id, SipResponses.Create((SipRequest)e.Message!, 200, "OK", toTag: "b2"));
            }
        });

        Assert.Single(link.BobEvents, e => e.Kind == SipTransactionEventKind.Request);
        Assert.Equal(200, link.AliceEvents.Where(e => e.Kind == SipTransactionEventKind.Response).Select(e => ((SipResponse)e.Message!).StatusCode).Last());
        Assert.Equal(0, alice.Count + bob.Count);
        Assert.Equal(0, alice.Retransmissions);
    }
}
