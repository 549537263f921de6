using System.Net;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Peerlink.Core;
using Peerlink.Overlay.Engine;
using Peerlink.Zeroconf.Dns;
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
/// await using var printer = await mdns.PublishAsync(service, ct);          // probes, announces, answers
/// await using var browse = await mdns.BrowseAsync(DnsName.Parse("_ipp._tcp.local"), cancellationToken: ct);
/// await foreach (var change in browse.Changes.ReadAllAsync(ct)) { ... }    // Added, Updated, Removed
/// await mdns.StopAsync(ct); // goodbyes (TTL 0) for what is published, then the socket closes
/// </code>
/// </summary>
public sealed class MdnsHost : IAsyncDisposable
{
    private readonly EngineHost _host;
    private readonly TimeProvider _clock;

    /// <summary>Where each publication's changes go, by handle; touched on the loop only.</summary>
    private readonly Dictionary<int, Channel<ServiceChange>> _publications = [];

    /// <summary>Opens the socket (see <see cref="MdnsTransport"/> for what it refuses) and builds the engines; nothing runs until <see cref="StartAsync"/>.</summary>
    /// <exception cref="ArgumentException">No interface, an unknown one, or one without IPv4.</exception>
    /// <param name="options">The interface to pin to; required.</param>
    /// <param name="random">The engines' randomness (probe and answer delays, RFC 6762 §6, §8.1).</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="loggerFactory">Where logs go; nowhere when null.</param>
    public MdnsHost(MdnsTransportOptions options, Random random, TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(random);
        _clock = timeProvider ?? TimeProvider.System;
        Transport = new MdnsTransport(options, timeProvider, loggerFactory);
        // RFC 6762 §11: only what comes from the interface's own subnets (or link-local) is read.
        Responder = new MdnsResponder(Transport, random, new MdnsResponderOptions { OnLink = Transport.Subnets });
        Querier = new MdnsQuerier(Transport, random, new MdnsQuerierOptions { OnLink = Transport.Subnets });
        _host = new EngineHost(new Engines(Transport.LocalAddress, Responder, Querier), Transport, options: null, timeProvider, loggerFactory);
        Responder.ServiceChanged += OnServiceChanged;
    }

    /// <summary>The pinned socket (the host owns it).</summary>
    public MdnsTransport Transport { get; }

    /// <summary>Publishes services; use it on the loop only.</summary>
    public MdnsResponder Responder { get; }

    /// <summary>Asks questions and caches answers; use it on the loop only.</summary>
    public MdnsQuerier Querier { get; }

    /// <summary>The wall-clock time at the engines' time zero, for engines that stamp records with real time (z2z).</summary>
    public DateTimeOffset Epoch => _clock.GetUtcNow() - _host.Now;

    /// <summary>What the loop has done.</summary>
    public EngineHostCounters Counters => _host.Counters;

    /// <summary>Starts receiving and the loop. Once only.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        await _host.StartAsync(cancellationToken).ConfigureAwait(false);
        await InvokeAsync(Responder.LinkUp, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs <paramref name="work"/> on the engines' loop with its time; see <see cref="EngineHost.InvokeAsync{T}"/>.</summary>
    public Task<T> InvokeAsync<T>(Func<TimeSpan, T> work, CancellationToken cancellationToken = default) =>
        _host.InvokeAsync(work, cancellationToken);

    /// <summary>
    /// Publishes <paramref name="service"/>: it probes (0-250 ms, then three probes 250 ms apart), announces
    /// and answers; a conflict renames it ("Name (2)") and probes again (RFC 6762 §8, §9).
    /// </summary>
    /// <exception cref="ArgumentException">The instance label is empty or over 63 bytes, or a name is too long.</exception>
    public async Task<ServicePublication> PublishAsync(ServiceInstance service, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(service);
        var changes = Channel.CreateUnbounded<ServiceChange>(new UnboundedChannelOptions { SingleWriter = true });
        var handle = await InvokeAsync(now =>
        {
            var h = Responder.Publish(now, service);
            _publications[h] = changes;
            changes.Writer.TryWrite(new ServiceChange(h, Responder.GetState(h), Responder.GetInstanceName(h)));
            return h;
        }, cancellationToken).ConfigureAwait(false);
        return new ServicePublication(this, handle, changes);
    }

    /// <summary>Browses one service type, e.g. "_ipp._tcp.local" or a subtype "_color._sub._ipp._tcp.local" (RFC 6763 §4, §7.1), resolving each instance.</summary>
    /// <param name="typeName">The type to browse.</param>
    /// <param name="resolve">False to follow only the PTRs: instances come and go, and nothing more is asked.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    public async Task<ServiceBrowsing> BrowseAsync(DnsName typeName, bool resolve = true, CancellationToken cancellationToken = default)
    {
        var browsing = new ServiceBrowsing(this, new ServiceBrowser(Querier, typeName, resolve));
        await InvokeAsync(browsing.Start, cancellationToken).ConfigureAwait(false);
        return browsing;
    }

    /// <summary>Enumerates the service types on the link (RFC 6763 §9); each arrives as an instance named after the type.</summary>
    public async Task<ServiceBrowsing> BrowseServiceTypesAsync(DnsName? domain = null, CancellationToken cancellationToken = default)
    {
        var browsing = new ServiceBrowsing(this, ServiceBrowser.ForServiceTypes(Querier, domain ?? DnsName.FromLabels("local")));
        await InvokeAsync(browsing.Start, cancellationToken).ConfigureAwait(false);
        return browsing;
    }

    /// <summary>
    /// The addresses of <paramref name="hostName"/> ("printer.local"): those cached at once, else asks for
    /// its A and AAAA records and returns what arrived when the first one did, or none after <paramref name="timeout"/>.
    /// </summary>
    public async Task<IReadOnlyList<IPAddress>> ResolveHostAsync(DnsName hostName, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(hostName);
        var found = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var questions = new[] { new DnsQuestion(hostName, DnsRecordType.A), new DnsQuestion(hostName, DnsRecordType.Aaaa) };
        void OnChange(TimeSpan now, RecordChange change)
        {
            if (change.Added && change.Record.Data is AddressData && change.Record.Name == hostName)
            {
                found.TrySetResult();
            }
        }

        var ours = await InvokeAsync(now =>
        {
            if (Addresses(now, hostName).Count > 0)
            {
                found.TrySetResult();
                return [];
            }

            Querier.RecordChanged += OnChange;
            var asked = questions.Where(q => !Querier.IsAsking(q)).ToList();
            foreach (var q in asked)
            {
                Querier.Ask(now, q);
            }

            return asked;
        }, cancellationToken).ConfigureAwait(false);
        try
        {
            await found.Task.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Nobody answered: an empty list says so.
        }

        return await InvokeAsync(now =>
        {
            Querier.RecordChanged -= OnChange;
            foreach (var q in ours)
            {
                Querier.Cancel(q);
            }

            return Addresses(now, hostName);
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs <paramref name="work"/> on the engines' loop with its time; see <see cref="EngineHost.InvokeAsync(Action{TimeSpan}, CancellationToken)"/>.</summary>
    public Task InvokeAsync(Action<TimeSpan> work, CancellationToken cancellationToken = default) =>
        _host.InvokeAsync(work, cancellationToken);

    /// <summary>
    /// Withdraws every published service (the responder sends its goodbyes, RFC 6762 §10.1), stops the
    /// loop and closes the socket; <paramref name="cancellationToken"/> cuts the graceful part short.
    /// </summary>
    public Task StopAsync(CancellationToken cancellationToken = default) =>
        _host.StopAsync(now => Responder.Stop(now), cancellationToken);

    /// <summary>Stops without goodbyes and releases everything.</summary>
    public ValueTask DisposeAsync() => _host.DisposeAsync();

    private List<IPAddress> Addresses(TimeSpan now, DnsName hostName) =>
        [.. Querier.Cache.Find(now, hostName, DnsRecordType.A).Concat(Querier.Cache.Find(now, hostName, DnsRecordType.Aaaa))
            .Select(r => ((AddressData)r.Record.Data).Address)];

    private void OnServiceChanged(TimeSpan now, ServiceChange change)
    {
        if (_publications.TryGetValue(change.Handle, out var channel))
        {
            channel.Writer.TryWrite(change);
            if (change.State == ServiceState.Withdrawn)
            {
                channel.Writer.TryComplete();
                _publications.Remove(change.Handle);
            }
        }
    }

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
