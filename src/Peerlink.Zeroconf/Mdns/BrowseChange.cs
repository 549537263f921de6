namespace Peerlink.Zeroconf.Mdns;

/// <summary>What happened to a browsed instance.</summary>
public enum BrowseChangeKind
{
    /// <summary>A PTR for it appeared: it is on the link.</summary>
    Added,

    /// <summary>Its SRV, TXT or addresses changed (arrived, changed or left).</summary>
    Updated,

    /// <summary>Its last PTR expired or said goodbye (RFC 6762 §10.1).</summary>
    Removed,
}

/// <summary>One change a <see cref="ServiceBrowser"/> reports, with the instance as it now stands (as it last stood, when removed).</summary>
/// <param name="Kind">What happened.</param>
/// <param name="Service">The instance.</param>
public sealed record BrowseChange(BrowseChangeKind Kind, BrowsedService Service);
