using FsCheck.Xunit;

namespace Peerlink.Core.Tests;

public class HighestSetBitTests
{
    [Theory]
    [InlineData("0000", -1)]
    [InlineData("0001", 0)]
    [InlineData("0002", 1)]
    [InlineData("00ff", 7)]
    [InlineData("0100", 8)]
    [InlineData("8000", 15)]
    [InlineData("7fff", 14)]
    public void HighestSetBit_TwoByteIds_IsFloorLog2(string hex, int expected)
    {
        Assert.Equal(expected, NodeId.Parse(hex).HighestSetBit());
    }

    [Fact]
    public void HighestSetBit_TopBitOfSha1Width_Is159()
    {
        Assert.Equal(159, NodeId.Parse("80" + new string('0', 38)).HighestSetBit());
        Assert.Equal(0, NodeId.FromUInt64(1, 20).HighestSetBit());
    }
}

public class RingDistanceHighestBitTests
{
    [Property(Replay = "(24680,13579)", MaxTest = 500)]
    public bool RingDistanceHighestBit_AnyIds_EqualsTheAllocatingForm(ushort from, ushort to)
    {
        NodeId Id(ushort v) => NodeId.FromUInt64(v, 2);

        return NodeId.RingDistanceHighestBit(Id(from), Id(to)) == NodeId.RingDistance(Id(from), Id(to)).HighestSetBit();
    }

    [Fact]
    public void RingDistanceHighestBit_Sha1WidthWrapAround_CountsClockwise()
    {
        var from = NodeId.Parse("ff" + new string('0', 38));
        var to = NodeId.FromUInt64(1, 20);

        // 0x01 - 0xff00..00 mod 2^160 = 0x0100..01: the highest bit is 152.
        Assert.Equal(152, NodeId.RingDistanceHighestBit(from, to));
        Assert.Equal(-1, NodeId.RingDistanceHighestBit(to, to));
    }
}

public class CompareClockwiseTests
{
    [Property(Replay = "(12345,67891)", MaxTest = 500)]
    public bool CompareClockwise_AnyIds_AgreesWithRingDistances(ushort origin, ushort a, ushort b)
    {
        NodeId Id(ushort v) => NodeId.FromUInt64(v, 2);

        var expected = NodeId.RingDistance(Id(origin), Id(a)).CompareTo(NodeId.RingDistance(Id(origin), Id(b)));

        return Math.Sign(NodeId.CompareClockwise(Id(origin), Id(a), Id(b))) == Math.Sign(expected);
    }

    [Fact]
    public void CompareClockwise_WrapAround_OrdersByTheWayClockwise()
    {
        var origin = NodeId.FromUInt64(250, 1);

        Assert.True(NodeId.CompareClockwise(origin, NodeId.FromUInt64(255, 1), NodeId.FromUInt64(3, 1)) < 0);
        Assert.True(NodeId.CompareClockwise(origin, NodeId.FromUInt64(249, 1), NodeId.FromUInt64(3, 1)) > 0);
        Assert.True(NodeId.CompareClockwise(origin, origin, NodeId.FromUInt64(251, 1)) < 0);
    }
}
