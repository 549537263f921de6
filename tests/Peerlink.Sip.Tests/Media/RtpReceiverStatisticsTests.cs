using Peerlink.Sip.Media;

namespace Peerlink.Sip.Tests.Media;

public class RtpReceiverStatisticsTests
{
    [Fact]
    public void Update_SequenceWraps_CycleCountedInTheExtendedHighest()
    {
        // A.1: wrapping past zero while in order adds 2^16 to the cycles.
        var stats = new RtpReceiverStatistics();
        foreach (var seq in new ushort[] { 65534, 65535, 0, 1 })
        {
            Assert.True(stats.Update(seq));
        }

        var snapshot = stats.Snapshot();
        Assert.Equal(0x1_0001u, snapshot.ExtendedHighestSequence);
        Assert.Equal(4, snapshot.Expected);
        Assert.Equal(0, snapshot.CumulativeLost);
    }

    [Fact]
    public void Update_Reordered_CountedWithoutMovingTheHighest()
    {
        var stats = new RtpReceiverStatistics();
        stats.Update(10);
        stats.Update(12);
        stats.Update(11);
        Assert.Equal(12u, stats.Snapshot().ExtendedHighestSequence);
        Assert.Equal(0, stats.Snapshot().CumulativeLost);
    }

    [Fact]
    public void Update_Duplicates_MakeTheCumulativeLossNegative()
    {
        // A.3: duplicates count as received, so loss can go below zero (and the 24-bit field is signed).
        var stats = new RtpReceiverStatistics();
        stats.Update(1);
        stats.Update(2);
        stats.Update(2);
        Assert.Equal(-1, stats.Snapshot().CumulativeLost);
        Assert.Equal(0, stats.TakeFractionLost());
    }

    [Fact]
    public void Update_BigJump_DroppedUntilTheNextFollowsThenRestarts()
    {
        var stats = new RtpReceiverStatistics();
        stats.Update(100);
        Assert.False(stats.Update(20000));
        Assert.True(stats.Update(20001));
        var snapshot = stats.Snapshot();
        Assert.Equal(20001u, snapshot.ExtendedHighestSequence);
        Assert.Equal(1, snapshot.Expected);
        Assert.Equal(1, snapshot.Received);
    }

    [Fact]
    public void TakeFractionLost_PerInterval_A3()
    {
        var stats = new RtpReceiverStatistics();
        for (ushort s = 0; s < 10; s++)
        {
            if (s is not (3 or 4))
            {
                stats.Update(s);
            }
        }

        Assert.Equal(51, stats.TakeFractionLost()); // (2 << 8) / 10
        for (ushort s = 10; s < 20; s++)
        {
            stats.Update(s);
        }

        Assert.Equal(0, stats.TakeFractionLost());
        Assert.Equal(2, stats.Snapshot().CumulativeLost);
    }
}
