using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Peerlink.Z2z.Engine;
using Peerlink.Z2z.Records;

namespace Peerlink.Hosting.Z2z;

/// <summary>
/// <c>z2z import</c> on a running <see cref="MdnsHost"/>: runs an <see cref="Importer"/> on the mDNS loop,
/// fetches the key's records when it asks, and publishes and withdraws the services it names with the
/// host's responder (which probes, renames on a collision with a local name, and says goodbye).
/// Values that do not open or decode are counted in <see cref="Undecodable"/> and never advertised.
/// </summary>
public sealed class Z2zImport
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(250);

    private readonly MdnsHost _mdns;
    private readonly IRendezvous _rendezvous;
    private readonly Importer _importer;
    private readonly Func<ReadOnlyMemory<byte>, ServiceRecord?> _decode;
    private readonly ILogger _log;
    private readonly Dictionary<ImportedService, ServicePublication> _published = [];

    /// <summary>Binds an importer to the link and the rendezvous.</summary>
    /// <param name="mdns">The started mDNS host on the importing link.</param>
    /// <param name="rendezvous">Where the records are.</param>
    /// <param name="importer">The engine (its options name the link's subnets and the types).</param>
    /// <param name="decode">Opens (with a secret) and decodes one value; null for one that does not.</param>
    /// <param name="loggerFactory">Where logs go.</param>
    public Z2zImport(MdnsHost mdns, IRendezvous rendezvous, Importer importer, Func<ReadOnlyMemory<byte>, ServiceRecord?> decode, ILoggerFactory? loggerFactory = null)
    {
        _mdns = mdns ?? throw new ArgumentNullException(nameof(mdns));
        _rendezvous = rendezvous ?? throw new ArgumentNullException(nameof(rendezvous));
        _importer = importer ?? throw new ArgumentNullException(nameof(importer));
        _decode = decode ?? throw new ArgumentNullException(nameof(decode));
        _log = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<Z2zImport>();
    }

    /// <summary>Values that did not open or decode (malformed, oversized, unknown version, wrong secret).</summary>
    public long Undecodable { get; private set; }

    /// <summary>The engine's counters.</summary>
    public ImporterCounters Counters => _importer.Counters;

    /// <summary>Raised (off the loop) when a service is advertised or withdrawn here.</summary>
    public event Action<ImportAction>? Changed;

    /// <summary>What is imported now (read on the mDNS loop).</summary>
    public Task<IReadOnlyList<ImportedService>> ImportedAsync(CancellationToken cancellationToken = default) =>
        _mdns.InvokeAsync(_ => (IReadOnlyList<ImportedService>)[.. _importer.Imported], cancellationToken);

    /// <summary>Imports until cancelled, then withdraws everything it advertised (goodbyes).</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await _mdns.InvokeAsync(_importer.Start, cancellationToken).ConfigureAwait(false);
        try
        {
            using var timer = new PeriodicTimer(Tick);
            do
            {
                var actions = await _mdns.InvokeAsync(now => { _importer.Poll(now); return _importer.TakeActions(); }, cancellationToken).ConfigureAwait(false);
                await ApplyAsync(actions, cancellationToken).ConfigureAwait(false);
            }
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }

        foreach (var publication in _published.Values)
        {
            await publication.DisposeAsync().ConfigureAwait(false);
        }

        _published.Clear();
    }

    private async Task ApplyAsync(IReadOnlyList<ImportAction> actions, CancellationToken cancellationToken)
    {
        foreach (var action in actions)
        {
            switch (action.Kind)
            {
                case ImportActionKind.Fetch:
                    await FetchAsync(cancellationToken).ConfigureAwait(false);
                    break;
                case ImportActionKind.Advertise:
                    var service = action.Service!;
                    _published[service] = await _mdns.PublishAsync(service.Service, cancellationToken).ConfigureAwait(false);
                    Log("advertised", service);
                    Changed?.Invoke(action);
                    break;
                case ImportActionKind.Withdraw:
                    if (_published.Remove(action.Service!, out var publication))
                    {
                        await publication.DisposeAsync().ConfigureAwait(false);
                    }

                    Log("withdrawn", action.Service!);
                    Changed?.Invoke(action);
                    break;
            }
        }
    }

    private void Log(string what, ImportedService service)
    {
        if (_log.IsEnabled(LogLevel.Information))
        {
            var addresses = string.Join(", ", service.Service.Addresses);
            Z2zLog.Imported(_log, what, service.Record.InstanceName, service.Record.ServiceType, addresses);
        }
    }

    private async Task FetchAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<ReadOnlyMemory<byte>> values;
        try
        {
            values = await _rendezvous.GetAllAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (RendezvousException e)
        {
            Z2zLog.FetchFailed(_log, e.Message);
            await _mdns.InvokeAsync(_importer.OnFetchFailed, cancellationToken).ConfigureAwait(false);
            return;
        }

        var records = new List<ServiceRecord>(values.Count);
        foreach (var v in values)
        {
            if (_decode(v) is { } r)
            {
                records.Add(r);
            }
            else
            {
                Undecodable++;
            }
        }

        var next = await _mdns.InvokeAsync(now => { _importer.OnFetched(now, records); return _importer.TakeActions(); }, cancellationToken).ConfigureAwait(false);
        await ApplyAsync(next, cancellationToken).ConfigureAwait(false);
    }
}
