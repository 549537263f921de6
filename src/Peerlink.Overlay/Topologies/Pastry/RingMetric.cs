using Peerlink.Core;

namespace Peerlink.Overlay.Topologies.Pastry;

/// <summary>
/// Pastry's "numerically closest" on the circular ID space (Rowstron and Druschel 2001, §2: IDs on a
/// ring of 2^m): the distance between two IDs is the shorter way round, min((a − b), (b − a)) mod 2^m.
/// </summary>
internal static class RingMetric
{
    /// <summary>
    /// Negative when <paramref name="a"/> is nearer to <paramref name="key"/> than <paramref name="b"/>,
    /// positive when farther, 0 only when they are the same ID. Two IDs at the same distance lie on
    /// either side of the key; the one clockwise from it (the key's successor side) counts as nearer,
    /// so that every node breaks the tie the same way and a key has exactly one root.
    /// </summary>
    public static int Compare(NodeId key, NodeId a, NodeId b)
    {
        Span<byte> da = stackalloc byte[NodeId.MaxLength];
        Span<byte> db = stackalloc byte[NodeId.MaxLength];
        da = da[..key.Length];
        db = db[..key.Length];
        Distance(key, a, da);
        Distance(key, b, db);
        var order = da.SequenceCompareTo(db);
        return order != 0 ? Math.Sign(order) : NodeId.CompareClockwise(key, a, b);
    }

    /// <summary>Whether <paramref name="a"/> is strictly nearer to <paramref name="key"/> than <paramref name="b"/>.</summary>
    public static bool Nearer(NodeId key, NodeId a, NodeId b) => Compare(key, a, b) < 0;

    // |x − key| on the ring: the clockwise distance, or its complement when that is the shorter way.
    private static void Distance(NodeId key, NodeId x, Span<byte> result)
    {
        if (x.Length != key.Length || key.IsEmpty)
        {
            throw new ArgumentException($"identifiers of different widths ({key.Length} and {x.Length} bytes)");
        }

        var k = key.Span;
        var v = x.Span;
        var borrow = 0;
        for (var i = result.Length - 1; i >= 0; i--)
        {
            var d = v[i] - k[i] - borrow;
            borrow = d < 0 ? 1 : 0;
            result[i] = (byte)d;
        }

        if ((result[0] & 0x80) != 0)
        {
            // Past half the ring: going the other way is shorter. 2^m − d is the two's complement
            // (exactly half the ring maps to itself, the same distance either way).
            var carry = 1;
            for (var i = result.Length - 1; i >= 0; i--)
            {
                var n = (byte)~result[i] + carry;
                carry = n >> 8;
                result[i] = (byte)n;
            }
        }
    }
}
