using Peerlink.TestSupport;

namespace Peerlink.Interop.Tests;

/// <summary>
/// A running `avahi-publish -s`: the service stays registered with its daemon while the process lives,
/// and the daemon sends goodbyes when it ends. Avahi renames on a conflict ("Taken" becomes "Taken #2"),
/// which shows up as the name in its "Established under name '...'" line (avahi-publish prints it on
/// stderr, after "Name collision, picking new name '...'." when it had to rename).
/// </summary>
internal sealed class AvahiPublication : IDisposable
{
    private const string EstablishedPrefix = "Established under name '";

    public AvahiPublication(NamespaceProcess process) => Process = process;

    public NamespaceProcess Process { get; }

    /// <summary>Waits (bounded) for the daemon to confirm the service, and returns the name it holds.</summary>
    public string WaitForEstablishedName(TimeSpan timeout)
    {
        var line = WaitForEstablished(timeout).Text;
        return line[EstablishedPrefix.Length..line.LastIndexOf('\'')];
    }

    /// <summary>The "Established under name" line, with when it was read.</summary>
    public TimedLine WaitForEstablished(TimeSpan timeout) =>
        Process.WaitForLine(l => l.StartsWith(EstablishedPrefix, StringComparison.Ordinal), timeout, onErrors: true);

    /// <summary>Withdraws the service; returns when (a Stopwatch timestamp).</summary>
    public long Stop() => Process.Stop();

    public void Dispose() => Process.Dispose();
}
