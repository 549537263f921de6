using Peerlink.Zeroconf.Dns;

namespace Peerlink.Zeroconf.Mdns;

/// <summary>A question a querier keeps asking (RFC 6762 §5.2), with when it is next due and the interval after that.</summary>
internal sealed class ContinuousQuestion(DnsQuestion question, bool onlyWhenMissing, TimeSpan nextAt)
{
    public DnsQuestion Question { get; } = question;

    /// <summary>Asked only while the cache holds no answer (resolution of an instance's SRV, TXT and addresses).</summary>
    public bool OnlyWhenMissing { get; set; } = onlyWhenMissing;

    public TimeSpan NextAt { get; set; } = nextAt;

    /// <summary>The wait after the next query: 1 s first, doubling up to 60 minutes (§5.2).</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Another host asked the same just before ours was due: skip ours this round (§7.3).</summary>
    public bool SuppressNext { get; set; }
}
