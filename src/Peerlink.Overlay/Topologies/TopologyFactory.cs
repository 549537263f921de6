using Peerlink.Overlay.Topologies.Chord;
using Peerlink.Overlay.Topologies.Kademlia;
using Peerlink.Overlay.Topologies.Pastry;
using Peerlink.Wire;

namespace Peerlink.Overlay.Topologies;

/// <summary>
/// The routing table for an overlay algorithm, as P2P-Options names it (§9.3.3): the one place that
/// maps the wire's algorithm code to a geometry.
/// </summary>
public static class TopologyFactory
{
    /// <summary>The algorithms that have a table.</summary>
    public static IReadOnlyList<OverlayAlgorithm> Supported { get; } = [OverlayAlgorithm.Chord, OverlayAlgorithm.Kademlia, OverlayAlgorithm.Pastry, OverlayAlgorithm.Bamboo];

    /// <summary>A fresh table for <paramref name="self"/>.</summary>
    /// <param name="algorithm">The overlay's algorithm.</param>
    /// <param name="self">This node.</param>
    /// <param name="random">This node's seeded random source (Kademlia's refresh IDs).</param>
    /// <exception cref="NotSupportedException">No table for that algorithm yet.</exception>
    public static ITopology Create(OverlayAlgorithm algorithm, PeerRef self, Random random) => algorithm switch
    {
        OverlayAlgorithm.Chord => new ChordTable(self),
        OverlayAlgorithm.Kademlia => new KademliaTable(self, random),

        // The same geometry; Pastry repairs a failed leaf at once, Bamboo only by its periodic
        // leaf-set exchange (Rhea et al. 2004 argue periodic recovery holds up better under churn).
        OverlayAlgorithm.Pastry => new PastryTable(self, random, PastryOptions.Reactive),
        OverlayAlgorithm.Bamboo => new PastryTable(self, random),
        _ => throw new NotSupportedException($"no routing table for {algorithm} yet; supported: {string.Join(", ", Supported)}"),
    };
}
