using Peerlink.Overlay;
using Peerlink.Overlay.Topologies.Chord;

namespace Peerlink.Cli;

/// <summary>
/// A <see cref="ChordTable"/> that says what changed in it: each call's <see cref="TableChange"/> names
/// the parts to compare with what was last logged (successor, predecessor, fingers). The table
/// itself is untouched.
/// </summary>
internal sealed class LoggedChordTable(ChordTable inner, NodeLog log) : LoggedTable(inner, log)
{
    private readonly Dictionary<int, PeerRef> _fingers = [];
    private PeerRef? _successor;
    private PeerRef? _predecessor;

    /// <summary>The table.</summary>
    public ChordTable Inner => inner;

    /// <summary>Logs the part of the table <paramref name="change"/> names, where it differs from the last line about it.</summary>
    public override TableChange Report(TableChange change)
    {
        if (change.HasFlag(TableChange.Successors) && inner.Successor != _successor)
        {
            _successor = inner.Successor;
            Log.Line(_successor is { } s ? $"successor now {s}" : "no successor: alone in the overlay");
        }

        if (change.HasFlag(TableChange.Predecessor) && inner.Predecessor != _predecessor)
        {
            _predecessor = inner.Predecessor;
            Log.Line(_predecessor is { } p ? $"predecessor now {p}" : "predecessor unknown");
        }

        if (change.HasFlag(TableChange.Fingers))
        {
            ReportFingers();
        }

        return change;
    }

    // Finger i is the first peer at or after self + 2^i (Chord paper, Table 1); the table keeps one a
    // non-empty interval, so most i have none.
    private void ReportFingers()
    {
        for (var i = Self.Id.BitLength - 1; i >= 0; i--)
        {
            var now = inner.FingerFor(i);
            var had = _fingers.TryGetValue(i, out var before);
            if (now is { } finger && (!had || before != finger))
            {
                _fingers[i] = finger;
                Log.Line($"finger {i} -> {finger}");
            }
            else if (now is null && had)
            {
                _fingers.Remove(i);
                Log.Line($"finger {i} dropped");
            }
        }
    }
}
