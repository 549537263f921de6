using Peerlink.Core;

namespace Peerlink.Overlay.Topologies.Kademlia;

/// <summary>
/// Kademlia's XOR metric, d(x, y) = x XOR y read as an integer (Maymounkov and Mazières 2002, §2.1),
/// compared without building the distances: routing compares distances for every request, and
/// <see cref="NodeId.XorDistance"/> allocates one array per call.
/// </summary>
internal static class XorMetric
{
    /// <summary>
    /// Negative when <paramref name="a"/> is closer to <paramref name="target"/> than
    /// <paramref name="b"/>, zero when they are the same ID, positive otherwise. All three have one width.
    /// </summary>
    public static int Compare(NodeId target, NodeId a, NodeId b)
    {
        var t = target.Span;
        var x = a.Span;
        var y = b.Span;
        for (var i = 0; i < t.Length; i++)
        {
            var dx = x[i] ^ t[i];
            var dy = y[i] ^ t[i];
            if (dx != dy)
            {
                return dx < dy ? -1 : 1;
            }
        }

        return 0;
    }

    /// <summary>Whether <paramref name="a"/> is strictly closer to <paramref name="target"/> than <paramref name="b"/>.</summary>
    public static bool Closer(NodeId target, NodeId a, NodeId b) => Compare(target, a, b) < 0;
}
