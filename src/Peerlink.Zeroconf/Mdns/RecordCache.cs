using Peerlink.Zeroconf.Dns;

namespace Peerlink.Zeroconf.Mdns;

/// <summary>
/// A querier's cache (RFC 6762 §10): record sets keyed by (name, type, class), each record with the
/// time it expires. Time is handed in; nothing here reads a clock.
/// </summary>
public sealed class RecordCache
{
    /// <summary>A goodbye, or a flushed record, lingers one second (RFC 6762 §10.1, §10.2).</summary>
    internal static readonly TimeSpan Linger = TimeSpan.FromSeconds(1);

    private readonly Dictionary<(DnsName Name, DnsRecordType Type, DnsClass Class), List<CachedRecord>> _sets = [];

    /// <summary>Records held, expired ones not yet swept included.</summary>
    public int Count => _sets.Values.Sum(s => s.Count);

    /// <summary>The earliest expiry, or null when the cache is empty.</summary>
    internal TimeSpan? NextExpiry => _sets.Values.SelectMany(s => s).Select(r => (TimeSpan?)r.ExpiresAt).Min();

    /// <summary>Every record held.</summary>
    public IEnumerable<CachedRecord> All => _sets.Values.SelectMany(s => s);

    /// <summary>The unexpired records of one name, type and class at <paramref name="now"/>.</summary>
    public IReadOnlyList<CachedRecord> Find(TimeSpan now, DnsName name, DnsRecordType type, DnsClass rrclass = DnsClass.Internet) =>
        _sets.TryGetValue((name, type, rrclass), out var set) ? [.. set.Where(r => r.ExpiresAt > now)] : [];

    /// <summary>The unexpired records answering <paramref name="question"/> (ANY type or class included).</summary>
    public IEnumerable<CachedRecord> Answering(TimeSpan now, DnsQuestion question) =>
        All.Where(r => r.ExpiresAt > now && RecordMatching.Answers(question, r.Record));

    /// <summary>
    /// Takes in a received record. Returns the entry it made or refreshed (<paramref name="added"/> true
    /// when its data was new), or null for a goodbye, which only shortens an entry's life.
    /// </summary>
    internal CachedRecord? Add(TimeSpan now, DnsRecord record, out bool added)
    {
        added = false;
        var key = (record.Name, record.Type, record.Class);
        if (!_sets.TryGetValue(key, out var set))
        {
            if (record.Ttl == 0)
            {
                return null;
            }

            set = [];
            _sets[key] = set;
        }

        var existing = set.Find(r => RecordMatching.SameRecord(r.Record, record));
        if (record.Ttl == 0)
        {
            // §10.1: a goodbye; keep the record one more second so a late-arriving fresh copy can save it.
            if (existing is not null && existing.ExpiresAt > now + Linger)
            {
                existing.ExpiresAt = now + Linger;
                existing.RefreshAt = null;
            }

            return null;
        }

        if (record.CacheFlush)
        {
            // §10.2: this record is the whole set; the others received more than a second ago go in a second.
            // Those received within the second are siblings sent in the same burst and stay.
            foreach (var other in set.Where(r => r.Received < now - Linger && r.ExpiresAt > now + Linger))
            {
                other.ExpiresAt = now + Linger;
                other.RefreshAt = null;
            }
        }

        var plain = record with { CacheFlush = false };
        if (existing is null)
        {
            existing = new CachedRecord(plain, now);
            set.Add(existing);
            added = true;
        }
        else
        {
            existing.Record = plain;
            existing.Received = now;
            existing.ExpiresAt = now + TimeSpan.FromSeconds(plain.Ttl);
        }

        existing.RefreshStep = 0;
        return existing;
    }

    /// <summary>Removes and returns the records expired at <paramref name="now"/>.</summary>
    internal List<DnsRecord> Expire(TimeSpan now)
    {
        var gone = new List<DnsRecord>();
        foreach (var (key, set) in _sets.ToList())
        {
            gone.AddRange(set.Where(r => r.ExpiresAt <= now).Select(r => r.Record));
            set.RemoveAll(r => r.ExpiresAt <= now);
            if (set.Count == 0)
            {
                _sets.Remove(key);
            }
        }

        return gone;
    }
}
