using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Peerlink.Core;
using Peerlink.Sip.Media;

namespace Peerlink.Sip.Tests.Media;

public class JitterBufferTests
{
    private static readonly TimeSpan Frame = TimeSpan.FromMilliseconds(20);

    private static TimeSpan Ms(double ms) => TimeSpan.FromMilliseconds(ms);

    private static RtpPacket Packet(int seq, uint? timestamp = null) =>
        new(0, (ushort)seq, timestamp ?? (uint)(seq * 160), 0x1234, Bytes.FromHex("ff"));

    /// <summary>Takes every frame due up to <paramref name="until"/>: "P5" a packet, "C" a gap, "S" silence.</summary>
    private static List<string> TakeUntil(JitterBuffer buffer, TimeSpan until)
    {
        var frames = new List<string>();
        while (buffer.NextDeadline is { } due && due <= until)
        {
            Assert.True(buffer.TryTake(due, out var frame));
            frames.Add(frame.Kind switch
            {
                JitterFrameKind.Packet => "P" + frame.Packet!.SequenceNumber,
                JitterFrameKind.Concealed => "C",
                _ => "S",
            });
        }

        return frames;
    }

    [Fact]
    public void TryTake_InOrderPackets_PlayDepthAfterTheFirstArrivalOneEveryFrame()
    {
        var buffer = new JitterBuffer();
        Assert.Null(buffer.NextDeadline);
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(JitterPushResult.Accepted, buffer.Push(i * Frame, Packet(10 + i)));
        }

        Assert.Equal(Ms(60), buffer.NextDeadline);
        Assert.False(buffer.TryTake(Ms(59), out _));
        Assert.Equal(["P10", "P11", "P12", "P13", "P14"], TakeUntil(buffer, Ms(140)));
        Assert.Equal(5, buffer.Played);
    }

    [Fact]
    public void Depth_Forty_FirstSlotFortyMillisecondsAfterTheFirstArrival()
    {
        var buffer = new JitterBuffer(new JitterBufferOptions { Depth = Ms(40) });
        buffer.Push(Ms(1000), Packet(1));
        Assert.Equal(Ms(1040), buffer.NextDeadline);
    }

    [Fact]
    public void TryTake_CallerFellBehind_GivesEveryDueFrameInTurn()
    {
        var buffer = new JitterBuffer();
        buffer.Push(TimeSpan.Zero, Packet(1));
        buffer.Push(TimeSpan.Zero, Packet(2));
        Assert.True(buffer.TryTake(Ms(500), out var first));
        Assert.True(buffer.TryTake(Ms(500), out var second));
        Assert.Equal((ushort)1, first.Packet!.SequenceNumber);
        Assert.Equal((ushort)2, second.Packet!.SequenceNumber);
    }

    [Fact]
    public void TryTake_Reordered_PlaysBySequenceNumber()
    {
        var buffer = new JitterBuffer();
        buffer.Push(Ms(0), Packet(1));
        buffer.Push(Ms(20), Packet(3));
        buffer.Push(Ms(25), Packet(2));
        buffer.Push(Ms(60), Packet(4));
        Assert.Equal(["P1", "P2", "P3", "P4"], TakeUntil(buffer, Ms(120)));
    }

    [Fact]
    public void TryTake_SequenceWrapsReordered_PlaysAcrossTheWrapInOrder()
    {
        var buffer = new JitterBuffer();
        buffer.Push(Ms(0), Packet(65534));
        buffer.Push(Ms(20), Packet(0));
        buffer.Push(Ms(21), Packet(65535));
        buffer.Push(Ms(40), Packet(1));
        Assert.Equal(["P65534", "P65535", "P0", "P1"], TakeUntil(buffer, Ms(120)));
        Assert.Equal(0, buffer.Concealed + buffer.Late);
    }

    [Fact]
    public void Push_ReorderedInFrontOfTheFirstBeforeItPlays_StillPlays()
    {
        var buffer = new JitterBuffer();
        buffer.Push(Ms(0), Packet(5));
        Assert.Equal(JitterPushResult.Accepted, buffer.Push(Ms(5), Packet(4)));
        Assert.Equal(["P4", "P5"], TakeUntil(buffer, Ms(80)));
    }

    [Fact]
    public void Push_HeldOrPlayedAgain_DroppedAsDuplicate()
    {
        var buffer = new JitterBuffer();
        buffer.Push(Ms(0), Packet(1));
        buffer.Push(Ms(20), Packet(2));
        Assert.Equal(JitterPushResult.Duplicate, buffer.Push(Ms(21), Packet(2)));
        Assert.Equal(["P1", "P2"], TakeUntil(buffer, Ms(80)));
        Assert.Equal(JitterPushResult.Duplicate, buffer.Push(Ms(81), Packet(1)));
        Assert.Equal(2, buffer.Duplicates);
        Assert.Equal(0, buffer.Late);
    }

    [Fact]
    public void Push_Gap_ConcealedThenTheMissingOneIsLate()
    {
        var buffer = new JitterBuffer();
        buffer.Push(Ms(0), Packet(1));
        buffer.Push(Ms(40), Packet(3));
        Assert.Equal(["P1", "C", "P3"], TakeUntil(buffer, Ms(100)));
        Assert.Equal(1, buffer.Concealed);
        Assert.Equal(JitterPushResult.Late, buffer.Push(Ms(101), Packet(2)));
        Assert.Equal(1, buffer.Late);
        Assert.Equal(0, buffer.Duplicates);
    }

    [Fact]
    public void TryTake_RanDry_SilenceWithoutMovingOnThenTheNextPacketWaitsTheDepth()
    {
        var buffer = new JitterBuffer();
        buffer.Push(Ms(0), Packet(1));
        Assert.Equal(["P1", "S", "S"], TakeUntil(buffer, Ms(100)));
        Assert.Equal(2, buffer.Underruns);

        // The sender paused; its next packet carries the next sequence number and plays 60 ms after it arrives.
        Assert.Equal(JitterPushResult.Accepted, buffer.Push(Ms(105), Packet(2)));
        buffer.Push(Ms(125), Packet(3));
        Assert.Equal(["S", "S", "S", "P2", "P3"], TakeUntil(buffer, Ms(200)));
        Assert.Equal(0, buffer.Concealed + buffer.Late);
    }

    [Fact]
    public void Push_AfterRunningDryWithPacketsLost_StartsFromTheNewPacketWithoutGaps()
    {
        var buffer = new JitterBuffer();
        buffer.Push(Ms(0), Packet(1));
        TakeUntil(buffer, Ms(80));
        buffer.Push(Ms(85), Packet(9));

        // Slots stay on their 20 ms grid: packet 9 waits until 145 ms, so it plays in the slot at 160.
        Assert.Equal(["S", "S", "S", "P9"], TakeUntil(buffer, Ms(160)));
        Assert.Equal(0, buffer.Concealed);
    }

    [Fact]
    public void Push_FarAhead_RestartsAndFlushesWhatWasHeld()
    {
        var buffer = new JitterBuffer();
        buffer.Push(Ms(0), Packet(1));
        buffer.Push(Ms(20), Packet(2));
        Assert.Equal(JitterPushResult.Restarted, buffer.Push(Ms(30), Packet(5000)));
        Assert.Equal(1, buffer.Restarts);
        Assert.Equal(2, buffer.Flushed);
        Assert.Equal(["S", "S", "P5000"], TakeUntil(buffer, Ms(100)));
    }

    [Fact]
    public void Push_TwoInARowFarBehind_SourceRestartedPerA1()
    {
        var buffer = new JitterBuffer();
        buffer.Push(Ms(0), Packet(30000));
        Assert.Equal(JitterPushResult.Late, buffer.Push(Ms(1), Packet(100)));
        Assert.Equal(JitterPushResult.Restarted, buffer.Push(Ms(2), Packet(101)));
        Assert.Equal(JitterPushResult.Accepted, buffer.Push(Ms(3), Packet(102)));
        Assert.Equal(["S", "P101", "P102"], TakeUntil(buffer, Ms(100)));
    }

    [Fact]
    public void Push_FarBehindButNotFollowed_OnlyLate()
    {
        var buffer = new JitterBuffer();
        buffer.Push(Ms(0), Packet(30000));
        Assert.Equal(JitterPushResult.Late, buffer.Push(Ms(1), Packet(100)));
        Assert.Equal(JitterPushResult.Accepted, buffer.Push(Ms(2), Packet(30001)));
        Assert.Equal(JitterPushResult.Late, buffer.Push(Ms(3), Packet(101 + 5)));
        Assert.Equal(0, buffer.Restarts);
    }

    [Fact]
    public void Reset_ForgetsPacketsAndClock()
    {
        var buffer = new JitterBuffer();
        buffer.Push(Ms(0), Packet(1));
        buffer.Push(Ms(50), Packet(2));
        Assert.NotEqual(0u, buffer.Jitter);
        buffer.Reset();
        Assert.Null(buffer.NextDeadline);
        Assert.Equal(0u, buffer.Jitter);
        Assert.Equal(0, buffer.Count);
        buffer.Push(Ms(500), Packet(40000));
        Assert.Equal(["P40000"], TakeUntil(buffer, Ms(560)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(2048)]
    public void Options_CapacityNotAPowerOfTwoUpTo1024_Refused(int capacity) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new JitterBuffer(new JitterBufferOptions { Capacity = capacity }));

    [Fact]
    public void Jitter_EvenSpacing_Zero()
    {
        var buffer = new JitterBuffer();
        for (var i = 0; i < 100; i++)
        {
            buffer.Push(i * Frame, Packet(i));
        }

        Assert.Equal(0u, buffer.Jitter);
    }

    [Fact]
    public void Jitter_ArrivalsAlternatelyTenMillisecondsLate_ConvergesToEightyTimestampUnits()
    {
        // A.8: every transit difference is ±10 ms = 80 units at 8 kHz, so J -> 80 (from below, by 1/16 a step).
        var buffer = new JitterBuffer();
        for (var i = 0; i < 300; i++)
        {
            buffer.Push((i * Frame) + Ms(i % 2 * 10), Packet(i));
        }

        Assert.InRange(buffer.Jitter, 75u, 80u);
    }

    [Fact]
    public void Jitter_TimestampsWrap_StaysZeroForEvenSpacing()
    {
        var buffer = new JitterBuffer();
        for (var i = 0; i < 50; i++)
        {
            buffer.Push(i * Frame, Packet(i, unchecked(uint.MaxValue - 1000 + (uint)(i * 160))));
        }

        Assert.Equal(0u, buffer.Jitter);
    }

    public static Arbitrary<JitteredArrivals> Streams() => Arb.From(
        from start in Gen.Choose(0, 0xFFFF)
        from count in Gen.Choose(1, 120)
        from delays in Gen.ArrayOf(Gen.Choose(0, 59), count)
        from duplicates in Gen.ArrayOf(Gen.Elements(false, false, false, true), count)
        select new JitteredArrivals(start, delays, duplicates));

    [Property(Arbitrary = [typeof(JitterBufferTests)], Replay = Replay.Seed, MaxTest = 300)]
    public void TryTake_EveryPacketDelayedLessThanTheDepth_EachPlaysOnceInOrder(JitteredArrivals stream)
    {
        // Packet i is sent at 20i ms and arrives 0-59 ms later (some twice): nothing is late for a 60 ms buffer.
        var arrivals = Enumerable.Range(0, stream.Delays.Length)
            .SelectMany(i => Enumerable.Repeat(i, stream.Duplicated[i] ? 2 : 1).Select(_ => (At: (i * 20) + stream.Delays[i], Index: i)))
            .OrderBy(a => a.At)
            .ToList();
        var buffer = new JitterBuffer();
        var played = new List<int>();
        foreach (var (at, index) in arrivals)
        {
            foreach (var f in TakeUntil(buffer, Ms(at) - TimeSpan.FromTicks(1)))
            {
                Assert.StartsWith("P", f, StringComparison.Ordinal);
                played.Add(int.Parse(f[1..], System.Globalization.CultureInfo.InvariantCulture));
            }

            buffer.Push(Ms(at), Packet((stream.Start + index) & 0xFFFF));
        }

        played.AddRange(TakeUntil(buffer, Ms((stream.Delays.Length * 20) + 100)).Where(f => f[0] == 'P').Select(f => int.Parse(f[1..], System.Globalization.CultureInfo.InvariantCulture)));
        var expected = Enumerable.Range(0, stream.Delays.Length).Select(i => (stream.Start + i) & 0xFFFF).ToList();

        // The first packet to arrive may be a later one than packet 0 (packets before it are then reordered in front of it).
        Assert.Equal(expected, played);
        Assert.Equal(0, buffer.Late + buffer.Concealed + buffer.Restarts);
        Assert.Equal(stream.Duplicated.Count(d => d), buffer.Duplicates);
    }
}

/// <summary>A stream of packets from sequence number <paramref name="Start"/>, each delayed and perhaps duplicated.</summary>
public sealed record JitteredArrivals(int Start, int[] Delays, bool[] Duplicated)
{
    public override string ToString() => $"start {Start}, delays [{string.Join(",", Delays)}], dup [{string.Join(",", Duplicated.Select(d => d ? 1 : 0))}]";
}
