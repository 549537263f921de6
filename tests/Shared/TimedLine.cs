using System.Diagnostics;

namespace Peerlink.TestSupport;

/// <summary>
/// One line a child process printed, stamped with <see cref="Stopwatch.GetTimestamp"/> when it was read,
/// so latencies between processes (a publisher here, a browser in the other namespace) share one clock.
/// </summary>
/// <param name="Timestamp">When the line was read, in <see cref="Stopwatch"/> ticks.</param>
/// <param name="Text">The line without its end-of-line.</param>
internal sealed record TimedLine(long Timestamp, string Text)
{
    /// <summary>The time from <paramref name="start"/> (a <see cref="Stopwatch"/> timestamp) to this line.</summary>
    public TimeSpan Since(long start) => Stopwatch.GetElapsedTime(start, Timestamp);

    public override string ToString() => Text;
}
