using System.Runtime.InteropServices;

namespace Peerlink.Simulation;

/// <summary>
/// Keeps reliable traffic in order per (sender, destination), as one TCP connection does: a packet
/// is never delivered before one sent ahead of it on the same pair (equal times keep their order
/// through the queue's sequence numbers). Only pairs with something in flight need remembering, so
/// entries whose last delivery is already past are pruned whenever the table has doubled: the
/// table stays as small as the traffic in flight, not as large as the set of pairs that ever talked.
/// </summary>
internal sealed class InOrderLinks
{
    private const int MinimumPruneAt = 1024;

    private readonly Dictionary<ulong, long> _lastDelivery = [];
    private int _pruneAt = MinimumPruneAt;

    public int Count => _lastDelivery.Count;

    /// <summary>The delivery time for a packet that would arrive at <paramref name="proposed"/> on its own.</summary>
    public long Next(int from, int to, long proposed, long now)
    {
        var key = ((ulong)(uint)from << 32) | (uint)to;
        ref var last = ref CollectionsMarshal.GetValueRefOrAddDefault(_lastDelivery, key, out var exists);
        var at = exists && last > proposed ? last : proposed;
        last = at;
        if (_lastDelivery.Count >= _pruneAt)
        {
            Prune(now);
        }

        return at;
    }

    /// <summary>Forgets pairs whose last packet arrives no later than <paramref name="now"/>: any new packet arrives after it anyway.</summary>
    private void Prune(long now)
    {
        foreach (var (key, last) in _lastDelivery)
        {
            if (last <= now)
            {
                _lastDelivery.Remove(key);
            }
        }

        _pruneAt = Math.Max(MinimumPruneAt, _lastDelivery.Count * 2);
    }
}
