namespace Peerlink.Z2zBench;

/// <summary>
/// One latency run: Avahi on link A established → listed resolved on link B, and SIGTERM → removed on
/// link B; with the steps between (when the exporter printed its put or withdrawal, when the importer
/// printed its advertisement or withdrawal), to show where the time goes.
/// </summary>
internal sealed record LatencySample(TimeSpan? Appear, TimeSpan? Disappear, string? Failure)
{
    public TimeSpan? Exported { get; init; }

    public TimeSpan? Imported { get; init; }

    public TimeSpan? ExportWithdrawn { get; init; }

    public TimeSpan? ImportWithdrawn { get; init; }
}
