namespace Peerlink.Zeroconf.Mdns;

/// <summary>Where a published service is in RFC 6762 §8's start-up sequence.</summary>
public enum ServiceState
{
    /// <summary>Probing its unique names (§8.1); it answers no queries yet.</summary>
    Probing,

    /// <summary>The names are ours; the unsolicited announcements are going out (§8.3).</summary>
    Announcing,

    /// <summary>Announced; answering queries.</summary>
    Announced,

    /// <summary>Withdrawn; goodbyes sent if it had been announced (§10.1).</summary>
    Withdrawn,
}
