using Peerlink.Core;
using Peerlink.Zeroconf.Dns;
using Peerlink.Zeroconf.Mdns;
using Peerlink.Z2z.Records;

namespace Peerlink.Z2z.Engine;

/// <summary>
/// The sans-IO half of <c>z2z export</c>: it is told what the link's DNS-SD browsers see and turns that
/// into records to put under the key. A resolved instance is put at once and again at half its TTL; a
/// change (port, TXT, addresses) is put at once; a goodbye or expiry puts a withdrawal that lives
/// <see cref="ExporterOptions.WithdrawnTtl"/>, so importers polling meanwhile take the service down.
/// No loops: an instance an importer advertises (host name <see cref="ImportedHosts.Prefix"/>...) or one
/// with an address off this link is never exported. The caller drains <see cref="TakeActions"/> and
/// calls <see cref="Poll"/> at <see cref="NextDeadline"/>.
/// </summary>
public sealed class Exporter
{
    private readonly ExporterOptions _options;
    private readonly Dictionary<(string Type, string Instance), ExportedService> _exported = [];
    private readonly List<RendezvousAction> _actions = [];

    /// <summary>Creates an exporter with nothing exported.</summary>
    public Exporter(ExporterOptions options) => _options = options ?? throw new ArgumentNullException(nameof(options));

    /// <summary>What it has done and skipped.</summary>
    public ExporterCounters Counters { get; } = new();

    /// <summary>The services it keeps in the rendezvous now.</summary>
    public IReadOnlyCollection<ExportedService> Exported => _exported.Values;

    /// <summary>When <see cref="Poll"/> is next due (a refresh), or null with nothing exported.</summary>
    public TimeSpan? NextDeadline => _exported.Count == 0 ? null : _exported.Values.Min(e => e.RefreshAt);

    /// <summary>An instance was added, resolved, changed or removed on the link (a <see cref="ServiceBrowser"/>'s report).</summary>
    public void OnBrowse(TimeSpan now, BrowseChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        var service = change.Service;
        if (service.Name.LabelCount < 4)
        {
            return; // not "instance._app._proto.domain"
        }

        var labels = service.Name.Labels;
        var key = ($"{labels[1]}.{labels[2]}", labels[0]);
        if (change.Kind == BrowseChangeKind.Removed || !service.IsResolved)
        {
            if (change.Kind == BrowseChangeKind.Removed)
            {
                Withdraw(now, key);
            }

            return;
        }

        if (!IsLocal(service))
        {
            Counters.SkippedNotLocal++;
            Withdraw(now, key); // it may have been local before (an address moved off the link)
            return;
        }

        var record = new ServiceRecord(_options.Id, key.Item1, key.Item2, service.Port)
        {
            HostName = service.HostName!.ToString(),
            Addresses = service.Addresses,
            Txt = service.Txt ?? TxtData.Empty,
            Ttl = (uint)_options.Ttl.TotalSeconds,
        };
        if (_exported.TryGetValue(key, out var current) && Same(current.Record, record))
        {
            return;
        }

        Put(now, key, record);
    }

    /// <summary>Refreshes what is due.</summary>
    public void Poll(TimeSpan now)
    {
        foreach (var (key, e) in _exported.Where(e => e.Value.RefreshAt <= now).ToList())
        {
            Put(now, key, e.Record);
        }
    }

    /// <summary>The records to put since the last call, oldest first.</summary>
    public IReadOnlyList<RendezvousAction> TakeActions()
    {
        var taken = _actions.ToList();
        _actions.Clear();
        return taken;
    }

    /// <summary>Puts a withdrawal for every exported service (the exporter is stopping).</summary>
    public void Stop(TimeSpan now)
    {
        foreach (var key in _exported.Keys.ToList())
        {
            Withdraw(now, key);
        }
    }

    private static bool Same(ServiceRecord a, ServiceRecord b) =>
        a.Port == b.Port && a.HostName == b.HostName && a.Addresses == b.Addresses && a.Txt == b.Txt;

    private bool IsLocal(BrowsedService service) =>
        !ImportedHosts.IsImported(service.HostName!)
        && service.Addresses.Count > 0
        && service.Addresses.All(a => LinkScope.IsInside(a, _options.LocalSubnets));

    private void Put(TimeSpan now, (string, string) key, ServiceRecord record)
    {
        var stamped = record with { RefreshedAt = EpochSeconds(now) };
        _exported[key] = new ExportedService(stamped, now, now + (_options.Ttl / 2));
        _actions.Add(new RendezvousAction(stamped));
        Counters.Puts++;
    }

    private void Withdraw(TimeSpan now, (string, string) key)
    {
        if (!_exported.Remove(key, out var gone))
        {
            return;
        }

        var withdrawal = gone.Record with { Withdrawn = true, RefreshedAt = EpochSeconds(now), Ttl = (uint)_options.WithdrawnTtl.TotalSeconds };
        _actions.Add(new RendezvousAction(withdrawal));
        Counters.Withdrawals++;
    }

    private uint EpochSeconds(TimeSpan now) => (uint)(_options.Epoch + now).ToUnixTimeSeconds();
}
