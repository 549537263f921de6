using Peerlink.Core;

namespace Peerlink.Overlay;

/// <summary>
/// A geometry whose lookups converge on a shortlist instead of following one path (Kademlia §2.3):
/// the originator asks several known peers closest to the key for the peers they know closest to
/// it, keeps the closest it hears of, and stops when the closest ones have all answered. The
/// engine runs that search for iterative and parallel operations on such a topology.
/// </summary>
public interface IShortlistTopology : ITopology
{
    /// <summary>How many closest peers a search converges on (Kademlia's k).</summary>
    int ShortlistSize { get; }

    /// <summary>How many peers a parallel search asks at once (Kademlia's α).</summary>
    int Parallelism { get; }

    /// <summary>Whether <paramref name="a"/> is closer to <paramref name="key"/> than <paramref name="b"/> in the geometry's metric.</summary>
    bool Closer(NodeId key, NodeId a, NodeId b);
}
