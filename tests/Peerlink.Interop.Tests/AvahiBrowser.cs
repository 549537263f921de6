using Peerlink.TestSupport;

namespace Peerlink.Interop.Tests;

/// <summary>A live `avahi-browse -rpk TYPE` (no -t): instances as they come (`+`, `=`) and go (`-`).</summary>
internal sealed class AvahiBrowser : IDisposable
{
    public AvahiBrowser(NamespaceProcess process) => Process = process;

    public NamespaceProcess Process { get; }

    /// <summary>Every browse event so far, parsed, with when it was read.</summary>
    public IReadOnlyList<AvahiBrowseLine> Lines =>
        [.. Process.Output.Select(l => AvahiBrowseLine.Parse(l.Text, l.Timestamp)).OfType<AvahiBrowseLine>()];

    /// <summary>Waits (bounded) for a browse event that matches.</summary>
    public AvahiBrowseLine WaitFor(Func<AvahiBrowseLine, bool> match, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(match);
        var line = Process.WaitForLine(l => AvahiBrowseLine.Parse(l) is { } parsed && match(parsed), timeout);
        return AvahiBrowseLine.Parse(line.Text, line.Timestamp)!;
    }

    public void Dispose() => Process.Dispose();
}
