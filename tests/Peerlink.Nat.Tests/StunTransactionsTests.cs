using System.Net;
using Peerlink.Core;
using Peerlink.Nat.Stun;

namespace Peerlink.Nat.Tests;

/// <summary>Client transactions and their retransmission timing (RFC 8489 §6.2.1), in virtual time.</summary>
public class StunTransactionsTests
{
    private static readonly IPEndPoint Server = new(IPAddress.Parse("192.0.2.10"), 3478);

    private static byte[] Request(StunTransactions table) =>
        StunCodec.Encode(new StunMessage(StunClass.Request, StunMethod.Binding, table.NewTransactionId()), fingerprint: true);

    /// <summary>Runs the table in 100 ms steps up to <paramref name="until"/>, noting when each send went out.</summary>
    private static List<double> SendTimes(StunTransactions table, TimeSpan until, out StunTransactionResult? result)
    {
        var times = new List<double>();
        result = null;
        for (var now = TimeSpan.Zero; now <= until; now += TimeSpan.FromMilliseconds(100))
        {
            table.Poll(now);
            times.AddRange(table.DrainSends().Select(_ => now.TotalSeconds));
            result ??= table.DrainResults().SingleOrDefault();
            if (result is not null)
            {
                result = result with { Elapsed = now };
                break;
            }
        }

        return times;
    }

    [Fact]
    public void Poll_NoResponseOverUdp_SevenSendsAtTheRfcTimesThenTimeoutAt39Point5Seconds()
    {
        var table = new StunTransactions(new Random(1));
        table.Start(TimeSpan.Zero, Server, Request(table));

        var times = SendTimes(table, TimeSpan.FromSeconds(60), out var result);

        // §6.2.1's example: 0, 500, 1500, 3500, 7500, 15500 and 31500 ms; given up at 39500 ms.
        Assert.Equal([0, 0.5, 1.5, 3.5, 7.5, 15.5, 31.5], times.Select(t => Math.Round(t, 1)));
        Assert.NotNull(result);
        Assert.True(result.TimedOut);
        Assert.Equal(7, result.Sends);
        Assert.Equal(39.5, Math.Round(result.Elapsed.TotalSeconds, 1));
        Assert.Equal(6, table.Retransmissions);
        Assert.Equal(0, table.Outstanding);
    }

    [Fact]
    public void Poll_CustomRtoAndRc_ScheduleFollowsThem()
    {
        var table = new StunTransactions(new Random(1), new StunTransactionOptions { InitialRto = TimeSpan.FromMilliseconds(100), MaxSends = 3, LastWaitMultiplier = 4 });
        table.Start(TimeSpan.Zero, Server, Request(table));

        var times = SendTimes(table, TimeSpan.FromSeconds(5), out var result);

        Assert.Equal([0, 0.1, 0.3], times.Select(t => Math.Round(t, 1)));
        Assert.Equal(0.7, Math.Round(result!.Elapsed.TotalSeconds, 1));
    }

    [Fact]
    public void Poll_ReliableTransport_OneSendAndTimeoutAfterTi()
    {
        var table = new StunTransactions(new Random(1));
        table.Start(TimeSpan.Zero, Server, Request(table), reliable: true);

        var times = SendTimes(table, TimeSpan.FromSeconds(60), out var result);

        Assert.Equal([0.0], times);
        Assert.Equal(39.5, Math.Round(result!.Elapsed.TotalSeconds, 1));
        Assert.Equal(1, result.Sends);
    }

    [Fact]
    public void Receive_ResponseAfterTwoRetransmissions_EndsTheTransactionWithIt()
    {
        var table = new StunTransactions(new Random(1));
        var request = Request(table);
        var id = table.Start(TimeSpan.Zero, Server, request);
        table.Poll(TimeSpan.FromMilliseconds(500));
        table.Poll(TimeSpan.FromMilliseconds(1500));
        Assert.Equal(3, table.DrainSends().Count);

        var response = new StunServer().Handle(new IPEndPoint(IPAddress.Parse("198.51.100.1"), 4000), request)!;
        Assert.True(table.Receive(TimeSpan.FromMilliseconds(1600), Server, response));

        var result = Assert.Single(table.DrainResults());
        Assert.Equal(id, result.TransactionId);
        Assert.Equal(3, result.Sends);
        Assert.Equal(StunClass.SuccessResponse, result.Response!.Class);
        Assert.Equal(TimeSpan.FromMilliseconds(1600), result.Elapsed);
        Assert.Null(table.NextDeadline);

        // Nothing more is sent, and a duplicate response matches nothing (§6.3.1: retransmitted answers are expected).
        table.Poll(TimeSpan.FromSeconds(60));
        Assert.Empty(table.DrainSends());
        Assert.False(table.Receive(TimeSpan.FromSeconds(2), Server, response));
        Assert.Equal(1, table.Unmatched);
    }

    [Fact]
    public void Receive_ErrorResponse_EndsTheTransactionWithItsCode()
    {
        var table = new StunTransactions(new Random(1));
        var request = StunCodec.Encode(new StunMessage(StunClass.Request, StunMethod.Binding, table.NewTransactionId())
        {
            Attributes = [new StunAttributeEntry(0x7777, Bytes.FromHex("00"))],
        });
        table.Start(TimeSpan.Zero, Server, request);

        Assert.True(table.Receive(TimeSpan.FromMilliseconds(10), Server, new StunServer().Handle(Server, request)!));

        Assert.Equal(420, table.DrainResults().Single().Error!.Code);
    }

    [Fact]
    public void Receive_UnknownTransactionOrARequest_NotMatchedAndCounted()
    {
        var table = new StunTransactions(new Random(1));
        var request = Request(table);
        table.Start(TimeSpan.Zero, Server, request);

        Assert.False(table.Receive(TimeSpan.Zero, Server, request));
        Assert.False(table.Receive(TimeSpan.Zero, Server, new StunServer().Handle(Server, Request(table))!));
        Assert.False(table.Receive(TimeSpan.Zero, Server, [1, 2, 3]));

        Assert.Equal(3, table.Unmatched);
        Assert.Equal(1, table.Outstanding);
        Assert.Empty(table.DrainResults());
    }

    [Fact]
    public void NewTransactionId_SameSeed_SameIds_DifferentSeed_Different()
    {
        Assert.Equal(new StunTransactions(new Random(5)).NewTransactionId(), new StunTransactions(new Random(5)).NewTransactionId());
        Assert.NotEqual(new StunTransactions(new Random(5)).NewTransactionId(), new StunTransactions(new Random(6)).NewTransactionId());
    }

    [Fact]
    public void Start_NotARequestOrDuplicateIdOrTooMany_Refused()
    {
        var table = new StunTransactions(new Random(1), new StunTransactionOptions { MaxOutstanding = 2 });
        var request = Request(table);
        var id = table.Start(TimeSpan.Zero, Server, request);

        Assert.Throws<ArgumentException>(() => table.Start(TimeSpan.Zero, Server, [0, 1]));
        Assert.Throws<ArgumentException>(() => table.Start(TimeSpan.Zero, Server, request));
        table.Start(TimeSpan.Zero, Server, Request(table));
        Assert.Throws<InvalidOperationException>(() => table.Start(TimeSpan.Zero, Server, Request(table)));

        Assert.True(table.Cancel(id));
        Assert.False(table.Cancel(id));
        Assert.Equal(1, table.Outstanding);
    }
}
