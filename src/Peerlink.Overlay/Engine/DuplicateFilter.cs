using System.Buffers.Binary;
using System.Numerics;
using Peerlink.Overlay.Transactions;

namespace Peerlink.Overlay.Engine;

/// <summary>
/// Remembers the messages received in the last window so their retransmissions are recognised
/// (§4.3: "(source-ID, transaction-ID) uniquely identifies a message"; a duplicate is only re-ACKed).
/// Entries leave in arrival order, so pruning is a queue walk.
/// </summary>
/// <remarks>
/// It keeps a keyed 64-bit fingerprint of each key, not the key: a key holds the Source-ID of a
/// decoded message, and every node remembers every message it received for T2 + T3 (10 s), which in a
/// 100,000-node simulation kept millions of small arrays alive into the old generation. Plain numbers
/// cost the garbage collector nothing to scan. Two different messages collide with probability about
/// n²/2^65 for n remembered (far below one in 10^9 at a flood's n = 100,000), and the key is secret
/// and per node, so a peer cannot aim a collision at it.
/// </remarks>
internal sealed class DuplicateFilter(TimeSpan window, ulong secret)
{
    private readonly HashSet<ulong> _seen = [];
    private readonly Queue<(TimeSpan At, ulong Print)> _order = new();

    /// <summary>Records the message; false when it was seen within the window.</summary>
    public bool FirstTime(TimeSpan now, TransactionKey key)
    {
        while (_order.TryPeek(out var oldest) && now - oldest.At > window)
        {
            _order.Dequeue();
            _seen.Remove(oldest.Print);
        }

        var print = Fingerprint(key);
        if (!_seen.Add(print))
        {
            return false;
        }

        _order.Enqueue((now, print));
        return true;
    }

    // A multiply-rotate mix over the Source-ID in 8-byte words, then the transaction ID and kind,
    // finished with SplitMix64's avalanche step.
    private ulong Fingerprint(TransactionKey key)
    {
        var h = secret;
        var id = key.SourceId.Span;
        for (; id.Length >= 8; id = id[8..])
        {
            h = Mix(h, BinaryPrimitives.ReadUInt64LittleEndian(id));
        }

        ulong tail = 0;
        for (var i = 0; i < id.Length; i++)
        {
            tail |= (ulong)id[i] << (8 * i);
        }

        h = Mix(h, tail ^ ((ulong)key.SourceId.Length << 56));
        h = Mix(h, key.TransactionId | ((ulong)key.Kind << 32));
        h ^= h >> 30;
        h *= 0xBF58476D1CE4E5B9;
        h ^= h >> 27;
        h *= 0x94D049BB133111EB;
        return h ^ (h >> 31);
    }

    private static ulong Mix(ulong h, ulong word) => BitOperations.RotateLeft((h ^ word) * 0x9E3779B97F4A7C15, 31);
}
