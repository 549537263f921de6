using System.Buffers.Binary;
using System.Numerics;
using Peerlink.Core;

namespace Peerlink.Wire;

/// <summary>
/// Hands back the same immutable object when the same bytes are decoded again: Peer-Infos (a node
/// sends its own, byte for byte, in every keep-alive, table exchange and routing table) and the
/// header's Source-ID and Response-ID. Decoding is otherwise unchanged: a hit is only ever the result
/// of an earlier successful decode of identical bytes, and it counts against the message's object
/// and depth limits exactly as decoding it again would.
/// </summary>
/// <remarks>
/// <para>Why: the simulator runs every node's decoder in one process, and at 10,000 nodes it spent
/// most of its time allocating and collecting copies of the same few thousand Peer-Infos (issue 3,
/// events per second). Sharing works because decoded objects are immutable records.</para>
/// <para>Direct-mapped and fixed in size: a slot holds the last entry whose bytes hashed to it, so the
/// cache never grows, and bytes crafted to collide only cost misses. Safe to share between threads:
/// entries are immutable and a slot is replaced by one reference write. Set it with
/// <see cref="WireOptions.Cache"/>; none by default.</para>
/// </remarks>
public sealed class DecodeCache
{
    /// <summary>Largest Peer-Info value kept (bigger ones, with certificates, are decoded each time).</summary>
    private const int MaxKeyLength = 256;

    private readonly Entry?[] _objects;
    private readonly NodeId[] _ids;
    private readonly int _mask;

    /// <summary>A cache of <paramref name="slots"/> Peer-Infos and as many IDs (rounded up to a power of two).</summary>
    public DecodeCache(int slots = 1 << 14)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(slots, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(slots, 1 << 24);
        var size = (int)BitOperations.RoundUpToPowerOf2((uint)slots);
        _objects = new Entry?[size];
        _ids = new NodeId[size];
        _mask = size - 1;
    }

    /// <summary>The ID with these bytes: the one decoded last time if it is still here, else a new copy kept for next time.</summary>
    internal NodeId Id(ReadOnlySpan<byte> bytes)
    {
        ref var slot = ref _ids[Hash(bytes) & _mask];
        var held = slot;
        if (held.Span.SequenceEqual(bytes) && !held.IsEmpty)
        {
            return held;
        }

        var id = NodeId.FromBytes(bytes);
        slot = id;
        return id;
    }

    /// <summary>The object decoded from exactly these value bytes, with the objects and levels it nests.</summary>
    internal bool TryGet(ReadOnlySpan<byte> value, out P2ppObject decoded, out int nestedObjects, out int nestedDepth)
    {
        if (value.Length <= MaxKeyLength && _objects[Hash(value) & _mask] is { } e && e.Key.AsSpan().SequenceEqual(value))
        {
            (decoded, nestedObjects, nestedDepth) = (e.Value, e.NestedObjects, e.NestedDepth);
            return true;
        }

        (decoded, nestedObjects, nestedDepth) = (null!, 0, 0);
        return false;
    }

    /// <summary>Keeps what <paramref name="value"/> decoded to.</summary>
    internal void Add(ReadOnlySpan<byte> value, P2ppObject decoded, int nestedObjects, int nestedDepth)
    {
        if (value.Length <= MaxKeyLength)
        {
            _objects[Hash(value) & _mask] = new Entry(value.ToArray(), decoded, nestedObjects, nestedDepth);
        }
    }

    // A multiply-xorshift over 8-byte words: fast on 20-60 bytes, and only ever picks a slot (the
    // bytes are compared in full before anything is shared).
    private static int Hash(ReadOnlySpan<byte> bytes)
    {
        var h = 0x9E3779B97F4A7C15UL ^ (ulong)bytes.Length;
        while (bytes.Length >= 8)
        {
            h = (h ^ BinaryPrimitives.ReadUInt64LittleEndian(bytes)) * 0xBF58476D1CE4E5B9UL;
            h ^= h >> 31;
            bytes = bytes[8..];
        }

        foreach (var b in bytes)
        {
            h = (h ^ b) * 0x94D049BB133111EBUL;
        }

        h ^= h >> 29;
        return (int)h & int.MaxValue;
    }

    private sealed record Entry(byte[] Key, P2ppObject Value, int NestedObjects, int NestedDepth);
}
