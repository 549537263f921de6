namespace Peerlink.Cli;

/// <summary>
/// Human-readable lines about one node ("successor now ...", "peer ... marked dead"), each stamped
/// with the local time. Written from the engine's loop and from the command's own thread, so the
/// writes are serialised here.
/// </summary>
internal sealed class NodeLog(TextWriter output, TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly Lock _gate = new();

    /// <summary>A line stamped with the local time.</summary>
    public void Line(string text) => Plain($"{_time.GetLocalNow():HH:mm:ss.fff} {text}");

    /// <summary>A line as it is (a value a request found).</summary>
    public void Plain(string text)
    {
        lock (_gate)
        {
            output.WriteLine(text);
            output.Flush();
        }
    }
}
