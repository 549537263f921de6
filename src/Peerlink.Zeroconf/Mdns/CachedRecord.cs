using Peerlink.Zeroconf.Dns;

namespace Peerlink.Zeroconf.Mdns;

/// <summary>
/// One record in a querier's cache: the record as last received (no cache-flush bit), when, and when
/// it expires. Times are the engine's <c>now</c>, never a clock read.
/// </summary>
public sealed class CachedRecord
{
    internal CachedRecord(DnsRecord record, TimeSpan received)
    {
        Record = record;
        Received = received;
        ExpiresAt = received + TimeSpan.FromSeconds(record.Ttl);
    }

    /// <summary>The record, with the TTL it arrived with and the cache-flush bit cleared.</summary>
    public DnsRecord Record { get; internal set; }

    /// <summary>When it was last received.</summary>
    public TimeSpan Received { get; internal set; }

    /// <summary>When it leaves the cache: TTL after receipt, sooner after a goodbye or a cache flush (RFC 6762 §10.1, §10.2).</summary>
    public TimeSpan ExpiresAt { get; internal set; }

    /// <summary>Refresh queries already due for this receipt: 0 to 4, for 80, 85, 90 and 95 % of the TTL (RFC 6762 §5.2).</summary>
    internal int RefreshStep { get; set; }

    /// <summary>When the next refresh query is due, or null when all four are spent or the record is going.</summary>
    internal TimeSpan? RefreshAt { get; set; }

    /// <summary>Whole seconds of TTL left at <paramref name="now"/>, as sent in a known answer (RFC 6762 §7.1).</summary>
    public uint RemainingTtl(TimeSpan now) => ExpiresAt <= now ? 0 : (uint)(ExpiresAt - now).TotalSeconds;

    /// <summary>More than half the TTL it arrived with is left: it may go in a known-answer list (RFC 6762 §7.1).</summary>
    public bool HasHalfTtlLeft(TimeSpan now) => (ExpiresAt - now).TotalSeconds > Record.Ttl / 2.0;
}
