using Peerlink.Interop.Tests;
using Peerlink.TestSupport;

namespace Peerlink.MdnsBench;

/// <summary>
/// `avahi-publish -s` against an avahi-daemon that already runs in namespace A (as on a real machine):
/// publish is the client's start, stop is Ctrl-C on it (the daemon then sends the goodbyes).
/// </summary>
internal sealed class AvahiPublisher(AvahiDaemon daemon) : IPublisherSide
{
    public static AvahiPublisher Start(NetworkNamespaces ns) => new(AvahiDaemon.Start(ns.NamespaceA, ns.VethA, "plkbench-a"));

    public Task<IPublished> PublishAsync(string instance, int run)
    {
        var publication = daemon.Publish(instance, BenchService.Type, 9000 + run);
        return Task.FromResult<IPublished>(new ProcessPublished(publication.Process, null, wait => publication.WaitForEstablished(wait)));
    }

    public ValueTask DisposeAsync()
    {
        daemon.Dispose();
        return ValueTask.CompletedTask;
    }
}
