using Peerlink.Core;
using Peerlink.Zeroconf.Dns;
using Peerlink.Zeroconf.Mdns;
using Peerlink.Z2z.Records;

namespace Peerlink.Z2z.Engine;

/// <summary>
/// The sans-IO half of <c>z2z import</c>: it asks for the key's records every
/// <see cref="ImporterOptions.PollInterval"/>, and turns what comes back into services to advertise on
/// its link and to withdraw. A service stays while records for it keep being refreshed and goes with
/// its exporter's withdrawal, or when no refresh was seen for its TTL (the rendezvous unreachable
/// included: nothing is withdrawn early, and the next fetch that answers brings it all back).
/// Records of services already on this link, made by an importer, of types not asked for, with no
/// address reachable from elsewhere or long expired are ignored and counted, never advertised.
/// </summary>
public sealed class Importer
{
    private readonly ImporterOptions _options;
    private readonly Dictionary<(Bytes Exporter, string Type, string Instance), ImportedService> _imported = [];
    private readonly List<ImportAction> _actions = [];

    /// <summary>
    /// Withdrawals seen, by service, with their stamp and until when they are kept: a live record stamped
    /// no later (an old one replayed, or a stale replica) must not bring the service back.
    /// </summary>
    private readonly Dictionary<(Bytes Exporter, string Type, string Instance), (uint RefreshedAt, TimeSpan Until)> _tombstones = [];
    private TimeSpan? _nextFetch;
    private bool _fetching;

    /// <summary>Creates an importer with nothing imported; <see cref="Start"/> begins.</summary>
    public Importer(ImporterOptions options) => _options = options ?? throw new ArgumentNullException(nameof(options));

    /// <summary>What it fetched, advertised and ignored.</summary>
    public ImporterCounters Counters { get; } = new();

    /// <summary>The services advertised now.</summary>
    public IReadOnlyCollection<ImportedService> Imported => _imported.Values;

    /// <summary>When <see cref="Poll"/> is next due: a fetch or an expiry.</summary>
    public TimeSpan? NextDeadline
    {
        get
        {
            var next = _fetching ? null : _nextFetch;
            foreach (var s in _imported.Values)
            {
                next = next is { } n && n < s.ValidUntil ? n : s.ValidUntil;
            }

            return next;
        }
    }

    /// <summary>Starts: the first fetch is due at once.</summary>
    public void Start(TimeSpan now) => _nextFetch ??= now;

    /// <summary>Withdraws what is due and asks for a fetch when one is due.</summary>
    public void Poll(TimeSpan now)
    {
        foreach (var (key, s) in _imported.Where(i => i.Value.ValidUntil <= now).ToList())
        {
            Withdraw(key, s);
        }

        if (!_fetching && _nextFetch is { } due && due <= now)
        {
            _fetching = true;
            _actions.Add(new ImportAction(ImportActionKind.Fetch));
        }
    }

    /// <summary>A fetch answered with these records (already opened and decoded; the host counts the ones that did not decode).</summary>
    public void OnFetched(TimeSpan now, IEnumerable<ServiceRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        EndFetch(now);
        Counters.Fetches++;
        var newest = new Dictionary<(Bytes, string, string), ServiceRecord>();
        foreach (var r in records)
        {
            if (Accept(now, r) is { } usable)
            {
                var key = (r.Exporter, r.ServiceType, r.InstanceName);
                if (!newest.TryGetValue(key, out var seen) || seen.RefreshedAt < usable.RefreshedAt)
                {
                    newest[key] = usable;
                }
            }
        }

        foreach (var gone in _tombstones.Where(t => t.Value.Until <= now).Select(t => t.Key).ToList())
        {
            _tombstones.Remove(gone);
        }

        foreach (var (key, record) in newest)
        {
            _imported.TryGetValue(key, out var current);
            if (record.Withdrawn)
            {
                if (!_tombstones.TryGetValue(key, out var known) || known.RefreshedAt < record.RefreshedAt)
                {
                    _tombstones[key] = (record.RefreshedAt, now + TimeSpan.FromSeconds(record.Ttl) + _options.ClockSkew);
                }

                if (current is not null && current.Record.RefreshedAt <= record.RefreshedAt)
                {
                    Withdraw(key, current);
                }

                continue;
            }

            if (_tombstones.TryGetValue(key, out var tombstone) && record.RefreshedAt <= tombstone.RefreshedAt)
            {
                Counters.Stale++;
                continue; // withdrawn after this record was stamped
            }

            if (current is not null && current.Record.RefreshedAt >= record.RefreshedAt)
            {
                continue; // nothing newer
            }

            var service = ToService(record);
            var validUntil = now + TimeSpan.FromSeconds(record.Ttl);
            if (current is not null && current.Service == service)
            {
                _imported[key] = current with { Record = record, ValidUntil = validUntil }; // a refresh
                continue;
            }

            if (current is not null)
            {
                Withdraw(key, current); // changed: goodbye, then the new one probes and announces
            }

            var imported = new ImportedService(record, service, validUntil);
            _imported[key] = imported;
            _actions.Add(new ImportAction(ImportActionKind.Advertise, imported));
            Counters.Advertised++;
        }
    }

    /// <summary>A fetch failed: what is imported stays until its TTL; the next fetch is at the usual interval.</summary>
    public void OnFetchFailed(TimeSpan now)
    {
        EndFetch(now);
        Counters.FetchFailures++;
    }

    /// <summary>Withdraws everything (the importer is stopping).</summary>
    public void Stop()
    {
        foreach (var (key, s) in _imported.ToList())
        {
            Withdraw(key, s);
        }

        _nextFetch = null;
    }

    /// <summary>The actions since the last call, oldest first.</summary>
    public IReadOnlyList<ImportAction> TakeActions()
    {
        var taken = _actions.ToList();
        _actions.Clear();
        return taken;
    }

    private void EndFetch(TimeSpan now)
    {
        _fetching = false;
        _nextFetch = now + _options.PollInterval;
    }

    /// <summary>The record with only its usable addresses, or null (counted) when it must not be advertised.</summary>
    private ServiceRecord? Accept(TimeSpan now, ServiceRecord r)
    {
        if (!DnsName.TryParse(r.ServiceType, out var type) || type.LabelCount != 2
            || System.Text.Encoding.UTF8.GetByteCount(r.InstanceName) is < 1 or > DnsName.MaxLabelLength)
        {
            Counters.Malformed++;
            return null;
        }

        if (_options.Types.Count > 0 && !_options.Types.Any(t => string.Equals(t, r.ServiceType, StringComparison.OrdinalIgnoreCase)))
        {
            Counters.TypeNotAsked++;
            return null;
        }

        var stampedUntil = DateTimeOffset.FromUnixTimeSeconds(r.RefreshedAt + (long)r.Ttl);
        if (stampedUntil + _options.ClockSkew < _options.Epoch + now)
        {
            Counters.Expired++;
            return null;
        }

        if (r.Withdrawn)
        {
            return r;
        }

        if (DnsName.TryParse(r.HostName, out var host) && ImportedHosts.IsImported(host))
        {
            Counters.Loops++;
            return null;
        }

        ValueList<System.Net.IPAddress> reachable = [.. r.Addresses.Where(LinkAddresses.IsReachableFromElsewhere)];
        if (reachable.Count == 0)
        {
            Counters.OffEveryLink++;
            return null;
        }

        if (reachable.Any(a => LinkScope.IsInside(a, _options.LocalSubnets)))
        {
            Counters.AlreadyLocal++;
            return null;
        }

        return r with { Addresses = reachable };
    }

    private static ServiceInstance ToService(ServiceRecord r) =>
        new(r.InstanceName, DnsName.Parse(r.ServiceType), ImportedHosts.For(r), r.Port)
        {
            Txt = r.Txt,
            Addresses = r.Addresses,
        };

    private void Withdraw((Bytes, string, string) key, ImportedService service)
    {
        _imported.Remove(key);
        _actions.Add(new ImportAction(ImportActionKind.Withdraw, service));
        Counters.Withdrawn++;
    }
}
