namespace Peerlink.Z2zBench;

/// <summary>What one exporter of many services did, for one backend (times from the first PublishAsync call).</summary>
internal sealed record ScaleResult
{
    public required Backend Backend { get; init; }

    public required int Services { get; init; }

    /// <summary>How long the PublishAsync calls took (the responder probes and announces afterwards).</summary>
    public TimeSpan PublishCalls { get; init; }

    /// <summary>Distinct instances the exporter put, and when the last first put was (null: not all of them).</summary>
    public int Exported { get; init; }

    public TimeSpan? AllExported { get; init; }

    /// <summary>Distinct instances the importer on link B advertised, and when the last one was.</summary>
    public int Imported { get; init; }

    public TimeSpan? AllImported { get; init; }

    /// <summary>The exporter's CPU time (user + system) from its start to the end of the first round of puts.</summary>
    public TimeSpan? ExportCpu { get; init; }

    /// <summary><c>z2z status</c> right after the first round.</summary>
    public StatusSnapshot? FirstStatus { get; init; }

    /// <summary>A quiet window after the first round: its length, puts in it, exporter CPU in it.</summary>
    public TimeSpan IdleWindow { get; init; }

    public int IdlePuts { get; init; }

    public TimeSpan? IdleCpu { get; init; }

    /// <summary>The refresh round (every instance put a second time): instances refreshed, when the round began and ended after their first puts.</summary>
    public int Refreshed { get; init; }

    public TimeSpan? RefreshBegan { get; init; }

    public TimeSpan? RefreshTook { get; init; }

    public int RefreshPuts { get; init; }

    public TimeSpan? RefreshCpu { get; init; }

    /// <summary><c>z2z status</c> at the end, and what the importer still advertises then.</summary>
    public StatusSnapshot? LastStatus { get; init; }

    public int ImportedAtEnd { get; init; }

    /// <summary>What went wrong, in words, for the report.</summary>
    public List<string> Notes { get; init; } = [];
}
