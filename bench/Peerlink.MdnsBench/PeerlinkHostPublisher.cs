using System.Diagnostics;
using System.Net;
using Peerlink.Hosting;
using Peerlink.TestSupport;
using Peerlink.Zeroconf.Dns;
using Peerlink.Zeroconf.Mdns;

namespace Peerlink.MdnsBench;

/// <summary>
/// Peerlink in process: one long-running <see cref="MdnsHost"/> in namespace A (the daemon's equivalent),
/// started well before the first publish, so the responder skips RFC 6762 §8.1's 0-250 ms start-up
/// jitter as it does on a link that has been up over a second. Publish is the PublishAsync call; stop
/// is disposing the publication, which sends the goodbyes (§10.1).
/// </summary>
internal sealed class PeerlinkHostPublisher : IPublisherSide
{
    private readonly MdnsHost _host;
    private readonly IPAddress _address;

    private PeerlinkHostPublisher(MdnsHost host, IPAddress address)
    {
        _host = host;
        _address = address;
    }

    public static async Task<PeerlinkHostPublisher> StartAsync(NetworkNamespaces ns)
    {
        // The socket must be made inside the namespace; it stays there whichever thread uses it later.
        var host = NetworkNamespaces.RunIn(ns.NamespaceA, () =>
            new MdnsHost(new MdnsTransportOptions { InterfaceName = ns.VethA }, new Random()));
        try
        {
            await host.StartAsync().ConfigureAwait(false);
            return new PeerlinkHostPublisher(host, IPAddress.Parse(ns.AddressA));
        }
        catch
        {
            await host.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async Task<IPublished> PublishAsync(string instance, int run)
    {
        var service = new ServiceInstance(instance, BenchService.TypeName, DnsName.Parse("plkbench-a.local"), (ushort)(9000 + run))
        {
            Addresses = [_address],
        };
        var started = Stopwatch.GetTimestamp();
        var publication = await _host.PublishAsync(service).ConfigureAwait(false);
        return new Published(started, publication);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync().ConfigureAwait(false);
        await _host.DisposeAsync().ConfigureAwait(false);
    }

    private sealed class Published(long started, ServicePublication publication) : IPublished
    {
        public long Started => started;

        public long? ProtocolStarted(TimeSpan wait) => null;

        public async Task WaitEstablishedAsync(TimeSpan wait)
        {
            using var timeout = new CancellationTokenSource(wait);
            try
            {
                await foreach (var change in publication.Changes.ReadAllAsync(timeout.Token).ConfigureAwait(false))
                {
                    if (change.State is ServiceState.Announcing or ServiceState.Announced)
                    {
                        return;
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }

            throw new TimeoutException($"the publication did not reach Announcing within {wait.TotalSeconds} s");
        }

        public async Task<long> StopAsync()
        {
            var at = Stopwatch.GetTimestamp();
            await publication.DisposeAsync().ConfigureAwait(false);
            return at;
        }
    }
}
