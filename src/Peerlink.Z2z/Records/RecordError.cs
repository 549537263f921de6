namespace Peerlink.Z2z.Records;

/// <summary>Why a value was dropped, where, and a sentence for the log (never shown to the value's author).</summary>
/// <param name="Drop">The reason the engine counts.</param>
/// <param name="Offset">The byte offset in the value (in the opened plain record for faults found after opening a sealed one).</param>
/// <param name="Detail">What was wrong, for a debug log.</param>
public readonly record struct RecordError(RecordDrop Drop, int Offset, string Detail)
{
    /// <summary>No error: what a successful decode reports.</summary>
    public static RecordError None => default;

    /// <inheritdoc/>
    public override string ToString() => Drop == RecordDrop.None ? "none" : $"{Drop} at {Offset}: {Detail}";
}
