using Peerlink.Core;
using Peerlink.Overlay.Topologies;
using Peerlink.Overlay.Topologies.Chord;
using Peerlink.Overlay.Topologies.Kademlia;
using Peerlink.Overlay.Topologies.Pastry;
using Peerlink.Wire;

namespace Peerlink.Overlay.Tests;

public class TopologyFactoryTests
{
    private static readonly PeerRef Self = new(NodeId.FromUInt64(7, 20), NodeAddress.FromIPv4(0xC612_0001, 7080));

    [Theory]
    [InlineData(OverlayAlgorithm.Chord, typeof(ChordTable))]
    [InlineData(OverlayAlgorithm.Kademlia, typeof(KademliaTable))]
    [InlineData(OverlayAlgorithm.Pastry, typeof(PastryTable))]
    [InlineData(OverlayAlgorithm.Bamboo, typeof(PastryTable))]
    public void Create_SupportedAlgorithm_BuildsItsTableForSelf(OverlayAlgorithm algorithm, Type expected)
    {
        var table = TopologyFactory.Create(algorithm, Self, new Random(1));

        Assert.IsType(expected, table);
        Assert.Equal(Self, table.Self);
        Assert.Contains(algorithm, TopologyFactory.Supported);
    }

    [Fact]
    public void Create_AlgorithmWithoutATable_FailsNamingTheSupportedOnes()
    {
        var e = Assert.Throws<NotSupportedException>(() => TopologyFactory.Create(OverlayAlgorithm.Can, Self, new Random(1)));

        Assert.Contains("Chord", e.Message, StringComparison.Ordinal);
        Assert.Contains("Kademlia", e.Message, StringComparison.Ordinal);
    }
}
