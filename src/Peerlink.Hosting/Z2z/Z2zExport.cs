using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Peerlink.Zeroconf.Dns;
using Peerlink.Z2z.Engine;
using Peerlink.Z2z.Records;

namespace Peerlink.Hosting.Z2z;

/// <summary>
/// <c>z2z export</c> on a running <see cref="MdnsHost"/>: browses the types, feeds what the browsers see
/// to an <see cref="Exporter"/> on the mDNS loop, and puts the records it asks for into the rendezvous.
/// A put that fails is retried at the next tick (once a second), so nothing is lost while the rendezvous
/// is away; <see cref="RunAsync"/> ends with withdrawals of everything exported.
/// </summary>
public sealed class Z2zExport : IDisposable
{
    private static readonly TimeSpan Tick = TimeSpan.FromSeconds(1);

    private readonly MdnsHost _mdns;
    private readonly IRendezvous _rendezvous;
    private readonly Func<ServiceRecord, byte[]> _encode;
    private readonly Exporter _exporter;
    private readonly ILogger _log;
    private readonly Dictionary<RecordKey, ServiceRecord> _unsent = [];

    // One flush at a time: the browsers' feeds and the tick all flush.
    private readonly SemaphoreSlim _flushing = new(1, 1);

    /// <summary>Binds an exporter to the link and the rendezvous.</summary>
    /// <param name="mdns">The started mDNS host on the exporting link.</param>
    /// <param name="rendezvous">Where the records go.</param>
    /// <param name="exporter">The engine (its options name the link's subnets).</param>
    /// <param name="encode">Encodes (and seals, with a secret) one record; throws <see cref="ArgumentException"/> for one that does not fit.</param>
    /// <param name="loggerFactory">Where logs go.</param>
    public Z2zExport(MdnsHost mdns, IRendezvous rendezvous, Exporter exporter, Func<ServiceRecord, byte[]> encode, ILoggerFactory? loggerFactory = null)
    {
        _mdns = mdns ?? throw new ArgumentNullException(nameof(mdns));
        _rendezvous = rendezvous ?? throw new ArgumentNullException(nameof(rendezvous));
        _exporter = exporter ?? throw new ArgumentNullException(nameof(exporter));
        _encode = encode ?? throw new ArgumentNullException(nameof(encode));
        _log = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<Z2zExport>();
    }

    /// <summary>Records that would not encode (over 1 KB): never put.</summary>
    public long TooLarge { get; private set; }

    /// <summary>Puts the rendezvous refused or could not take (each retried).</summary>
    public long PutFailures { get; private set; }

    /// <summary>The engine's counters.</summary>
    public ExporterCounters Counters => _exporter.Counters;

    /// <summary>Raised (off the loop) after a record reached the rendezvous: a put, a refresh or a withdrawal.</summary>
    public event Action<ServiceRecord>? Sent;

    /// <summary>What is exported now (read on the mDNS loop).</summary>
    public Task<IReadOnlyList<ExportedService>> ExportedAsync(CancellationToken cancellationToken = default) =>
        _mdns.InvokeAsync(_ => (IReadOnlyList<ExportedService>)[.. _exporter.Exported], cancellationToken);

    /// <summary>Exports <paramref name="types"/> until cancelled, then withdraws (bounded by <paramref name="stopGrace"/>).</summary>
    public async Task RunAsync(IReadOnlyList<DnsName> types, TimeSpan stopGrace, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(types);
        var browsings = new List<ServiceBrowsing>();
        try
        {
            foreach (var type in types)
            {
                var browsing = await _mdns.BrowseAsync(type, resolve: true, cancellationToken).ConfigureAwait(false);
                browsings.Add(browsing);
                _ = FeedAsync(browsing, cancellationToken);
            }

            using var timer = new PeriodicTimer(Tick);
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                await _mdns.InvokeAsync(_exporter.Poll, cancellationToken).ConfigureAwait(false);
                await FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping: withdraw below.
        }
        finally
        {
            foreach (var b in browsings)
            {
                await b.DisposeAsync().ConfigureAwait(false);
            }
        }

        using var grace = new CancellationTokenSource(stopGrace);
        try
        {
            await _mdns.InvokeAsync(_exporter.Stop, grace.Token).ConfigureAwait(false);
            await FlushAsync(grace.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Z2zLog.WithdrawCutShort(_log, _unsent.Count);
        }
    }

    /// <summary>Releases the flush lock; call after <see cref="RunAsync"/> has ended.</summary>
    public void Dispose() => _flushing.Dispose();

    private async Task FeedAsync(ServiceBrowsing browsing, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var change in browsing.Changes.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                await _mdns.InvokeAsync(now => _exporter.OnBrowse(now, change), cancellationToken).ConfigureAwait(false);
                await FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // The export is stopping.
        }
    }

    /// <summary>Puts what the engine asked for, and what failed before; a newer record for a service replaces an unsent older one.</summary>
    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        await _flushing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await FlushOnceAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _flushing.Release();
        }
    }

    private async Task FlushOnceAsync(CancellationToken cancellationToken)
    {
        var actions = await _mdns.InvokeAsync(_ => _exporter.TakeActions(), cancellationToken).ConfigureAwait(false);
        List<ServiceRecord> batch;
        lock (_unsent)
        {
            foreach (var a in actions)
            {
                _unsent[RecordKey.Of(a.Record)] = a.Record;
            }

            batch = [.. _unsent.Values];
        }

        foreach (var record in batch)
        {
            byte[] bytes;
            try
            {
                bytes = _encode(record);
            }
            catch (ArgumentException e)
            {
                TooLarge++;
                Z2zLog.NotExported(_log, record.InstanceName, record.ServiceType, e.Message);
                Forget(record);
                continue;
            }

            try
            {
                await _rendezvous.PutAsync(RecordKey.Of(record), bytes, TimeSpan.FromSeconds(record.Ttl), cancellationToken).ConfigureAwait(false);
                Forget(record);
                Z2zLog.Put(_log, record.Withdrawn ? "withdrawn" : "put", record.InstanceName, record.ServiceType);
                Sent?.Invoke(record);
            }
            catch (RendezvousException e)
            {
                PutFailures++;
                Z2zLog.PutFailed(_log, record.InstanceName, e.Message);
            }
        }
    }

    private void Forget(ServiceRecord record)
    {
        lock (_unsent)
        {
            if (_unsent.TryGetValue(RecordKey.Of(record), out var current) && ReferenceEquals(current, record))
            {
                _unsent.Remove(RecordKey.Of(record));
            }
        }
    }
}
