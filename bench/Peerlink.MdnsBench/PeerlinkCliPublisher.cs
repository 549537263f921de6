using Peerlink.Interop.Tests;
using Peerlink.TestSupport;

namespace Peerlink.MdnsBench;

/// <summary>
/// `peerlink dnssd publish` as a user runs it: publish is the process start (so .NET's start-up and
/// RFC 6762 §8.1's 0-250 ms start-up jitter are in), stop is Ctrl-C (goodbyes, §10.1).
/// </summary>
internal sealed class PeerlinkCliPublisher(NetworkNamespaces ns, TimeSpan lifetime) : IPublisherSide
{
    private readonly List<PeerlinkDnssd> _processes = [];

    public Task<IPublished> PublishAsync(string instance, int run)
    {
        // A host name of its own per run, so no run finds the last one's address record in a cache.
        var port = (9000 + run).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var process = PeerlinkDnssd.Start(ns.NamespaceA, lifetime, "publish", instance, BenchService.Type, port, "--host", $"plkbench-cli-{run}.local", "--interface", ns.VethA);
        _processes.Add(process);
        return Task.FromResult<IPublished>(new ProcessPublished(process.Process, null, wait => process.WaitFor("established", null, wait)));
    }

    public ValueTask DisposeAsync()
    {
        foreach (var p in _processes)
        {
            p.Dispose();
        }

        return ValueTask.CompletedTask;
    }
}
