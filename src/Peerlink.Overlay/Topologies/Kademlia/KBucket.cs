using Peerlink.Core;

namespace Peerlink.Overlay.Topologies.Kademlia;

/// <summary>
/// One k-bucket (Maymounkov and Mazières 2002, §2.2): up to k contacts ordered by time last seen,
/// least-recently seen first, and the bucket's replacement cache (§4.1), oldest first. Arrays, not
/// lists, and allocated only when needed: most buckets near a node's own ID hold a handful of
/// contacts and never a replacement, and a simulator process holds 100,000 tables.
/// </summary>
/// <remarks>
/// Invariant kept by <see cref="KademliaTable"/>: replacements exist only while the bucket is full
/// (a contact that leaves is replaced from the cache at once), and <see cref="AwaitingPing"/> is set
/// only while replacements exist, meaning "the head contact has been named for a ping".
/// </remarks>
internal sealed class KBucket
{
    private PeerRef[]? _entries;
    private int _count;
    private PeerRef[]? _replacements;
    private int _replacementCount;

    /// <summary>The maintenance round of the last traffic with a node of the bucket's range (for tRefresh, §2.3).</summary>
    public long LastTouched { get; set; } = long.MinValue;

    /// <summary>The least-recently-seen contact (the head) was named for a ping and has not answered yet.</summary>
    public bool AwaitingPing { get; set; }

    /// <summary>Contacts held.</summary>
    public int Count => _count;

    /// <summary>Newcomers waiting in the replacement cache.</summary>
    public int ReplacementCount => _replacementCount;

    /// <summary>The contacts, least-recently seen first.</summary>
    public ReadOnlySpan<PeerRef> Entries => _entries.AsSpan(0, _count);

    /// <summary>The replacement cache, least-recently seen first.</summary>
    public ReadOnlySpan<PeerRef> Replacements => _replacements.AsSpan(0, _replacementCount);

    /// <summary>Where <paramref name="id"/> is among the contacts, or -1.</summary>
    public int IndexOf(NodeId id) => Find(Entries, id);

    /// <summary>Where <paramref name="id"/> is in the replacement cache, or -1.</summary>
    public int ReplacementIndexOf(NodeId id) => Find(Replacements, id);

    /// <summary>Adds a contact as the most recently seen; the caller checked that there is room for one more of <paramref name="k"/>.</summary>
    public void Append(PeerRef peer, int k)
    {
        if (_entries is null || _count == _entries.Length)
        {
            // Grow 2, 4, 8 ... up to k: the deepest buckets rarely hold more than a few contacts.
            var grown = new PeerRef[Math.Min(k, Math.Max(2, _count * 2))];
            Entries.CopyTo(grown);
            _entries = grown;
        }

        _entries[_count++] = peer;
    }

    /// <summary>Moves contact <paramref name="index"/> to the tail (most recently seen), with its possibly new address.</summary>
    public void MoveToTail(int index, PeerRef peer)
    {
        var entries = _entries.AsSpan(0, _count);
        entries[(index + 1)..].CopyTo(entries[index..]);
        entries[^1] = peer;
    }

    /// <summary>Drops contact <paramref name="index"/>.</summary>
    public void RemoveAt(int index)
    {
        var entries = _entries.AsSpan(0, _count);
        entries[(index + 1)..].CopyTo(entries[index..]);
        entries[^1] = default;
        _count--;
    }

    /// <summary>
    /// Puts a newcomer in the replacement cache as its most recently seen member (moving it there if it
    /// is already cached), dropping the least recently seen one when the cache already holds <paramref name="size"/>.
    /// </summary>
    public void Cache(PeerRef peer, int size)
    {
        _replacements ??= new PeerRef[size];
        var cache = _replacements.AsSpan(0, _replacementCount);
        var at = Find(cache, peer.Id);
        if (at < 0 && _replacementCount == size)
        {
            at = 0; // the cache is full: the stalest newcomer makes room
        }

        if (at >= 0)
        {
            cache[(at + 1)..].CopyTo(cache[at..]);
            cache[^1] = peer;
            return;
        }

        _replacements[_replacementCount++] = peer;
    }

    /// <summary>Drops cached newcomer <paramref name="index"/>.</summary>
    public void RemoveReplacementAt(int index)
    {
        var cache = _replacements.AsSpan(0, _replacementCount);
        cache[(index + 1)..].CopyTo(cache[index..]);
        cache[^1] = default;
        _replacementCount--;
    }

    /// <summary>Takes the most recently seen newcomer out of the cache; the caller checked that there is one.</summary>
    public PeerRef TakeNewestReplacement()
    {
        var newest = _replacements![--_replacementCount];
        _replacements[_replacementCount] = default;
        return newest;
    }

    private static int Find(ReadOnlySpan<PeerRef> peers, NodeId id)
    {
        for (var i = 0; i < peers.Length; i++)
        {
            if (peers[i].Id == id)
            {
                return i;
            }
        }

        return -1;
    }
}
