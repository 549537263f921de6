namespace Peerlink.Z2z.Engine;

/// <summary>What an exporter has done and skipped.</summary>
public sealed class ExporterCounters
{
    /// <summary>Records put (first puts, refreshes and changes).</summary>
    public long Puts { get; internal set; }

    /// <summary>Withdrawals put after a service's goodbye.</summary>
    public long Withdrawals { get; internal set; }

    /// <summary>Services not exported because an importer made them (its host name) or an address is off this link: no loops.</summary>
    public long SkippedNotLocal { get; internal set; }
}
