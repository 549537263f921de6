using Peerlink.Interop.Tests;
using Peerlink.TestSupport;

namespace Peerlink.MdnsBench;

/// <summary>
/// python-zeroconf's Scripts/zeroconf_publish.py: publish is the script's start, and also (a second
/// origin) its "registering" line just before register_service(); stop is Ctrl-C (goodbyes).
/// </summary>
internal sealed class ZeroconfPublisher(NetworkNamespaces ns, TimeSpan lifetime) : IPublisherSide
{
    private readonly ZeroconfPython _python = new(ns.NamespaceA, ns.AddressA);

    public Task<IPublished> PublishAsync(string instance, int run)
    {
        var process = _python.Publish(instance, BenchService.Type, 9000 + run, $"plkbench-zc-{run}", lifetime);
        return Task.FromResult<IPublished>(new ProcessPublished(
            process.Process,
            wait => process.WaitFor(e => e.Event == "registering", wait).Timestamp,
            wait => process.WaitForRegistered(wait)));
    }

    public ValueTask DisposeAsync()
    {
        _python.Dispose();
        return ValueTask.CompletedTask;
    }
}
