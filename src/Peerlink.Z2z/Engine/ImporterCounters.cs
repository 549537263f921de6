namespace Peerlink.Z2z.Engine;

/// <summary>What an importer fetched, advertised and ignored (each ignored record once per fetch).</summary>
public sealed class ImporterCounters
{
    /// <summary>Fetches that answered.</summary>
    public long Fetches { get; internal set; }

    /// <summary>Fetches that failed (rendezvous unreachable): what was imported stays until its TTL.</summary>
    public long FetchFailures { get; internal set; }

    /// <summary>Records that decoded but cannot be advertised: a service type that is not two labels, an instance label of 0 or over 63 bytes.</summary>
    public long Malformed { get; internal set; }

    /// <summary>Records whose service type was not asked for.</summary>
    public long TypeNotAsked { get; internal set; }

    /// <summary>Records with no address a host elsewhere could reach (loopback, link-local, multicast, unspecified).</summary>
    public long OffEveryLink { get; internal set; }

    /// <summary>Records of services on this very link (an exporter here put them): already visible, not advertised twice.</summary>
    public long AlreadyLocal { get; internal set; }

    /// <summary>Records of services an importer made (exported back by mistake somewhere): never advertised, no loops.</summary>
    public long Loops { get; internal set; }

    /// <summary>Records whose own stamps say they expired long ago.</summary>
    public long Expired { get; internal set; }

    /// <summary>Live records older than a withdrawal seen for the same service (a replay, or a stale copy): ignored.</summary>
    public long Stale { get; internal set; }

    /// <summary>Services advertised on this link (a change counts again).</summary>
    public long Advertised { get; internal set; }

    /// <summary>Services withdrawn from this link (goodbye from the exporter, or TTL run out).</summary>
    public long Withdrawn { get; internal set; }
}
