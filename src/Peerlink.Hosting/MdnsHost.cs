using Microsoft.Extensions.Logging;
using Peerlink.Core;
using Peerlink.Overlay.Engine;
using Peerlink.Zeroconf.Mdns;

namespace Peerlink.Hosting;

/// <summary>
/// One mDNS stack on one interface: an <see cref="MdnsResponder"/> and an <see cref="MdnsQuerier"/>
/// sharing one pinned <see cref="MdnsTransport"/>, driven by an <see cref="EngineHost"/> (packets in
/// go to both engines, each sends straight to the socket, Poll runs at the earlier of their deadlines,
/// with the injected <see cref="TimeProvider"/>). Touch the engines only inside <see cref="InvokeAsync{T}"/>.
/// <code>
/// await using var mdns = new MdnsHost(new MdnsTransportOptions { InterfaceName = "eth1" }, new Random(seed));
/// await mdns.StartAsync(ct);
/// var handle = await mdns.InvokeAsync(now => mdns.Responder.Publish(now, service), ct);
/// await mdns.StopAsync(ct); // goodbyes (TTL 0) for what is published, then the socket closes
/// </code>
/// </summary>
public sealed class MdnsHost : IAsyncDisposable
{
    private readonly EngineHost _host;

    /// <summary>Opens the socket (see <see cref="MdnsTransport"/> for what it refuses) and builds the engines; nothing runs until <see cref="StartAsync"/>.</summary>
    /// <exception cref="ArgumentException">No interface, an unknown one, or one without IPv4.</exception>
    /// <param name="options">The interface to pin to; required.</param>
    /// <param name="random">The engines' randomness (probe and answer delays, RFC 6762 §6, §8.1).</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="loggerFactory">Where logs go; nowhere when null.</param>
    public MdnsHost(MdnsTransportOptions options, Random random, TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(random);
        Transport = new MdnsTransport(options, timeProvider, loggerFactory);
        Responder = new MdnsResponder(Transport, random);
        Querier = new MdnsQuerier(Transport, random);
        _host = new EngineHost(new Engines(Transport.LocalAddress, Responder, Querier), Transport, options: null, timeProvider, loggerFactory);
    }

    /// <summary>The pinned socket (the host owns it).</summary>
    public MdnsTransport Transport { get; }

    /// <summary>Publishes services; use it on the loop only.</summary>
    public MdnsResponder Responder { get; }

    /// <summary>Asks questions and caches answers; use it on the loop only.</summary>
    public MdnsQuerier Querier { get; }

    /// <summary>What the loop has done.</summary>
    public EngineHostCounters Counters => _host.Counters;

    /// <summary>Starts receiving and the loop. Once only.</summary>
    public Task StartAsync(CancellationToken cancellationToken = default) => _host.StartAsync(cancellationToken);

    /// <summary>Runs <paramref name="work"/> on the engines' loop with its time; see <see cref="EngineHost.InvokeAsync{T}"/>.</summary>
    public Task<T> InvokeAsync<T>(Func<TimeSpan, T> work, CancellationToken cancellationToken = default) =>
        _host.InvokeAsync(work, cancellationToken);

    /// <summary>
    /// Withdraws every published service (the responder sends its goodbyes, RFC 6762 §10.1), stops the
    /// loop and closes the socket; <paramref name="cancellationToken"/> cuts the graceful part short.
    /// </summary>
    public Task StopAsync(CancellationToken cancellationToken = default) =>
        _host.StopAsync(now => Responder.Stop(now), cancellationToken);

    /// <summary>Stops without goodbyes and releases everything.</summary>
    public ValueTask DisposeAsync() => _host.DisposeAsync();

    // The two engines as the one IProtocolEngine the host drives.
    private sealed class Engines(NodeAddress address, MdnsResponder responder, MdnsQuerier querier) : IProtocolEngine
    {
        public NodeAddress Address => address;

        public TimeSpan? NextDeadline => (responder.NextDeadline, querier.NextDeadline) switch
        {
            ({ } r, { } q) => r < q ? r : q,
            (var r, var q) => r ?? q,
        };

        public void Receive(TimeSpan now, NodeAddress from, ReadOnlyMemory<byte> packet)
        {
            responder.Receive(now, from, packet);
            querier.Receive(now, from, packet);
        }

        public void Poll(TimeSpan now)
        {
            responder.Poll(now);
            querier.Poll(now);
        }
    }
}
