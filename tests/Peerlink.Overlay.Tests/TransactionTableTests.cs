using Peerlink.Core;
using Peerlink.Overlay.Transactions;
using Peerlink.Wire;

namespace Peerlink.Overlay.Tests;

public class TransactionTableTests
{
    private static readonly NodeAddress Peer = NodeAddress.FromIPv4(0xC612_0001, 7080);
    private static readonly NodeId Me = NodeId.FromUInt64(1, 20);
    private static readonly TransactionKey Request = new(Me, 7, MessageKind.Request);
    private static readonly byte[] Bytes = [1, 2, 3];

    private static TimeSpan Ms(int ms) => TimeSpan.FromMilliseconds(ms);

    [Fact]
    public void Poll_UnackedRequest_RetransmitsAtT0ThenDoublingUntilT2Fails()
    {
        var table = new TransactionTable<string>();
        var sink = new RecordingSink();
        table.Sent(Ms(0), Request, Peer, Bytes, reliable: false, "op");

        sink.PollEvery10Ms(table, 0, 6000);

        // §6.2.1: T1 = 2^i·T0 with T0 = 500 ms: sends at 500, 1500, 3500 (next would be 7500 > T2).
        Assert.Equal([Ms(500), Ms(1500), Ms(3500)], sink.RetransmittedAt);
        Assert.Equal([(Request, "op")], sink.Failures);
        Assert.Equal([false], sink.Acknowledged); // silent: the hop is probably dead
        Assert.Equal(Ms(5000), sink.FailedAt);
        Assert.Equal(0, table.Count);
    }

    [Fact]
    public void Acked_Request_StopsRetransmittingAndWaitsT3ForTheResponse()
    {
        var table = new TransactionTable<string>();
        var sink = new RecordingSink();
        table.Sent(Ms(0), Request, Peer, Bytes, reliable: false, "op");
        sink.PollEvery10Ms(table, 0, 500);

        Assert.True(table.Acked(Ms(600), Request));
        Assert.Equal(Ms(5600), table.NextDeadline);
        sink.PollEvery10Ms(table, 600, 5590);

        Assert.Single(sink.RetransmittedAt);
        Assert.Empty(sink.Failures);
        sink.PollEvery10Ms(table, 5600, 5600);
        Assert.Equal(Ms(5600), sink.FailedAt);
        Assert.Equal([true], sink.Acknowledged); // it ACKed: alive, the answer failed further on
    }

    [Fact]
    public void Sent_WithThePeersOwnTimeout_RetransmitsAfterItThenDoubling()
    {
        var table = new TransactionTable<string>();
        var sink = new RecordingSink();
        table.Sent(Ms(0), Request, Peer, Bytes, reliable: false, "op", retransmitAfter: Ms(200));

        sink.PollEvery10Ms(table, 0, 6000);

        // 200, then 400 and 800 later, 1,600 after that; T2 still ends it at 5 s.
        Assert.Equal([Ms(200), Ms(600), Ms(1400), Ms(3000)], sink.RetransmittedAt);
        Assert.Equal(Ms(5000), sink.FailedAt);
    }

    [Fact]
    public void Acked_FirstAckOfAMessageSentOnce_GivesItsRoundTrip()
    {
        var table = new TransactionTable<string>();
        table.Sent(Ms(100), Request, Peer, Bytes, reliable: false, "op");

        Assert.True(table.Acked(Ms(142), Request, Peer, out var state, out var roundTrip));
        Assert.Equal("op", state);
        Assert.Equal(Ms(42), roundTrip);

        // A second ACK (a duplicate) measures nothing: the first one already did.
        Assert.True(table.Acked(Ms(150), Request, Peer, out _, out var again));
        Assert.Null(again);
    }

    [Fact]
    public void Acked_AfterARetransmission_GivesNoRoundTrip()
    {
        // Karn's rule (RFC 6298 §3): the ACK may answer either copy, so it measures nothing.
        var table = new TransactionTable<string>();
        var sink = new RecordingSink();
        table.Sent(Ms(0), Request, Peer, Bytes, reliable: false, "op");
        sink.PollEvery10Ms(table, 0, 500);

        Assert.Single(sink.RetransmittedAt);
        Assert.True(table.Acked(Ms(520), Request, Peer, out _, out var roundTrip));
        Assert.Null(roundTrip);
    }

    [Fact]
    public void Answered_ResponseAckBeforeAnyAck_GivesItsRoundTripButNotAfterAnAck()
    {
        var table = new TransactionTable<string>();
        table.Sent(Ms(0), Request, Peer, Bytes, reliable: false, "direct");
        var relayed = new TransactionKey(Me, 8, MessageKind.Request);
        table.Sent(Ms(0), relayed, Peer, Bytes, reliable: false, "relayed");
        Assert.True(table.Acked(Ms(30), relayed));

        // The next hop answered the first request itself: a round trip. The second was ACKed by the
        // next hop and answered from further along: the answer times the whole path, not the hop.
        Assert.True(table.Answered(Ms(40), Me, 7, Peer, out _, out var direct));
        Assert.True(table.Answered(Ms(300), Me, 8, Peer, out _, out var path));
        Assert.Equal(Ms(40), direct);
        Assert.Null(path);
    }

    [Fact]
    public void Answered_OpenRequest_EndsItAndReturnsItsState()
    {
        var table = new TransactionTable<string>();
        table.Sent(Ms(0), Request, Peer, Bytes, reliable: false, "op");

        Assert.True(table.Answered(Me, 7, out var state));
        Assert.Equal("op", state);
        Assert.False(table.Answered(Me, 7, out _));
        Assert.Null(table.NextDeadline);
    }

    [Fact]
    public void Answered_UnknownTransaction_IsFalse()
    {
        var table = new TransactionTable<string>();
        table.Sent(Ms(0), Request, Peer, Bytes, reliable: false, "op");

        Assert.False(table.Answered(Me, 8, out _));
        Assert.False(table.Answered(NodeId.FromUInt64(2, 20), 7, out _));
        Assert.Equal(1, table.Count);
    }

    [Fact]
    public void Acked_Response_EndsItsTransaction()
    {
        var table = new TransactionTable<string>();
        var response = Request with { Kind = MessageKind.ResponseAck };
        table.Sent(Ms(0), response, Peer, Bytes, reliable: false, "r");

        Assert.True(table.Acked(Ms(100), response));
        Assert.Equal(0, table.Count);
        Assert.False(table.Acked(Ms(100), response));
    }

    [Fact]
    public void Sent_ReliableRequest_NeverRetransmitsAndFailsAfterT3()
    {
        var table = new TransactionTable<string>(new TransactionTimers { T3 = TimeSpan.FromSeconds(2) });
        var sink = new RecordingSink();
        table.Sent(Ms(0), Request, Peer, Bytes, reliable: true, "op");

        sink.PollEvery10Ms(table, 0, 2000);

        Assert.Empty(sink.RetransmittedAt);
        Assert.Equal(Ms(2000), sink.FailedAt);
        Assert.Equal([false], sink.Acknowledged); // TCP has no hop-by-hop ACKs
    }

    [Fact]
    public void Sent_ReliableResponse_NeedsNoState()
    {
        var table = new TransactionTable<string>();

        Assert.False(table.Sent(Ms(0), Request with { Kind = MessageKind.Response }, Peer, Bytes, reliable: true, "r"));
        Assert.Equal(0, table.Count);
    }

    [Fact]
    public void Sent_SameKeyTwice_Throws()
    {
        var table = new TransactionTable<string>();
        table.Sent(Ms(0), Request, Peer, Bytes, reliable: false, "op");

        Assert.Throws<InvalidOperationException>(() => table.Sent(Ms(1), Request, Peer, Bytes, reliable: false, "op"));
    }

    [Fact]
    public void NextDeadline_SeveralTransactions_IsTheEarliest()
    {
        var table = new TransactionTable<string>();
        table.Sent(Ms(300), Request, Peer, Bytes, reliable: false, "a");
        table.Sent(Ms(100), Request with { TransactionId = 8 }, Peer, Bytes, reliable: false, "b");

        Assert.Equal(Ms(600), table.NextDeadline);
    }

    [Fact]
    public void NextDeadline_EarliestAnsweredAckedOrAbandoned_MovesToTheNextOne()
    {
        // The earliest deadline is cached; every way an entry changes or goes must refresh it.
        var table = new TransactionTable<string>();
        var b = Request with { TransactionId = 8 };
        var c = Request with { TransactionId = 9 };
        table.Sent(Ms(0), Request, Peer, Bytes, reliable: false, "a"); // due 500
        table.Sent(Ms(100), b, Peer, Bytes, reliable: false, "b"); // due 600
        table.Sent(Ms(200), c, Peer, Bytes, reliable: false, "c"); // due 700
        Assert.Equal(Ms(500), table.NextDeadline);

        Assert.True(table.Answered(Me, Request.TransactionId, out _));
        Assert.Equal(Ms(600), table.NextDeadline);

        Assert.True(table.Acked(Ms(300), b)); // now waits for the response: T3 from 300
        Assert.Equal(Ms(700), table.NextDeadline);

        Assert.True(table.Abandon(c));
        Assert.Equal(Ms(5300), table.NextDeadline);

        table.Sent(Ms(400), c, Peer, Bytes, reliable: false, "c again"); // due 900, earlier than 5300
        Assert.Equal(Ms(900), table.NextDeadline);

        var sink = new RecordingSink();
        table.Poll(Ms(900), sink); // retransmits c: its next try is at 400 + 500 + 1000
        Assert.Equal(Ms(1900), table.NextDeadline);
    }

    [Fact]
    public void Timers_NonPositive_Rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new TransactionTimers { T0 = TimeSpan.Zero });
        Assert.Throws<ArgumentOutOfRangeException>(() => new TransactionTimers { T3 = TimeSpan.FromSeconds(-1) });
    }

    private sealed class RecordingSink : ITransactionSink<string>
    {
        private TimeSpan _now;

        public List<TimeSpan> RetransmittedAt { get; } = [];

        public List<(TransactionKey, string)> Failures { get; } = [];

        public List<bool> Acknowledged { get; } = [];

        public TimeSpan? FailedAt { get; private set; }

        public void Retransmit(NodeAddress destination, ReadOnlyMemory<byte> bytes, string state)
        {
            Assert.Equal(Peer, destination);
            Assert.Equal(Bytes, bytes.ToArray());
            RetransmittedAt.Add(_now);
        }

        public void Failed(TransactionKey key, string state, bool acknowledged)
        {
            Acknowledged.Add(acknowledged);
            Failures.Add((key, state));
            FailedAt = _now;
        }

        /// <summary>Polls at every 10 ms from <paramref name="fromMs"/> to <paramref name="toMs"/>, as a host's loop would.</summary>
        public void PollEvery10Ms(TransactionTable<string> table, int fromMs, int toMs)
        {
            for (var t = fromMs; t <= toMs; t += 10)
            {
                _now = Ms(t);
                table.Poll(_now, this);
            }
        }
    }
}
