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
