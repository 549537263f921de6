using Peerlink.TestSupport;

namespace Peerlink.Interop.Tests;

/// <summary>One running python-zeroconf script and the JSON events it has printed.</summary>
internal sealed class ZeroconfProcess : IDisposable
{
    public ZeroconfProcess(NamespaceProcess process) => Process = process;

    public NamespaceProcess Process { get; }

    /// <summary>Every event so far, with when it was read.</summary>
    public IReadOnlyList<ZeroconfEvent> Events =>
        [.. Process.Output.Select(l => ZeroconfEvent.TryParse(l.Text, l.Timestamp)).OfType<ZeroconfEvent>()];

    /// <summary>Waits (bounded) for an event that matches.</summary>
    public ZeroconfEvent WaitFor(Func<ZeroconfEvent, bool> match, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(match);
        var line = Process.WaitForLine(l => ZeroconfEvent.TryParse(l, 0) is { } e && match(e), timeout);
        return ZeroconfEvent.Parse(line.Text, line.Timestamp);
    }

    /// <summary>For a publisher: waits for its "registered" line (probing is over) and returns it.</summary>
    public ZeroconfEvent WaitForRegistered(TimeSpan timeout) => WaitFor(e => e.Event == "registered", timeout);

    /// <summary>SIGTERM: a publisher sends its goodbyes and exits. Returns when (a Stopwatch timestamp).</summary>
    public long Stop() => Process.Stop();

    public void Dispose() => Process.Dispose();
}
