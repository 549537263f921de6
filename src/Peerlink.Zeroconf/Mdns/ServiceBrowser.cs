using System.Net;
using Peerlink.Zeroconf.Dns;

namespace Peerlink.Zeroconf.Mdns;

/// <summary>
/// Browses one DNS-SD service type on a <see cref="MdnsQuerier"/> (RFC 6763 §4): asks continuously for
/// its PTRs, and for each instance found asks for the SRV and TXT, then the host's A and AAAA, while
/// they are missing from the cache. Changes pile up until <see cref="DrainChanges"/>. A browser made by
/// <see cref="ForServiceTypes"/> enumerates service types instead (§9) and resolves nothing.
/// </summary>
/// <remarks>
/// Not yet done: questions are not counted across browsers, so when two browsers on one querier
/// resolve instances on the same host, the first to lose its last instance there stops the address
/// queries for both (the cached addresses stay and are still refreshed while the other asks SRV).
/// Only the first SRV and TXT of an instance are used; SRV priority and weight are not weighed.
/// </remarks>
public sealed class ServiceBrowser
{
    private readonly MdnsQuerier _querier;
    private readonly bool _resolve;
    private readonly Dictionary<DnsName, BrowsedService> _services = [];
    private readonly List<BrowseChange> _changes = [];
    private bool _started;

    /// <summary>Creates a browser for <paramref name="typeName"/>, e.g. "_ipp._tcp.local"; <see cref="Start"/> begins.</summary>
    public ServiceBrowser(MdnsQuerier querier, DnsName typeName)
        : this(querier, typeName, resolve: true)
    {
    }

    /// <summary>Creates a browser for <paramref name="typeName"/>; with <paramref name="resolve"/> false it only follows the PTRs (instances come and go, unresolved).</summary>
    public ServiceBrowser(MdnsQuerier querier, DnsName typeName, bool resolve)
    {
        _querier = querier ?? throw new ArgumentNullException(nameof(querier));
        TypeName = typeName ?? throw new ArgumentNullException(nameof(typeName));
        _resolve = resolve;
    }

    /// <summary>The name browsed: a service type, or "_services._dns-sd._udp.&lt;domain&gt;".</summary>
    public DnsName TypeName { get; }

    /// <summary>The instances (or service types) on the link now.</summary>
    public IReadOnlyCollection<BrowsedService> Services => _services.Values;

    private DnsQuestion PtrQuestion => new(TypeName, DnsRecordType.Ptr);

    /// <summary>A browser of the service types on the link (RFC 6763 §9): PTRs of "_services._dns-sd._udp.<paramref name="domain"/>".</summary>
    public static ServiceBrowser ForServiceTypes(MdnsQuerier querier, DnsName domain) =>
        new(querier, ServiceRecords.ServiceEnumerationName(domain ?? throw new ArgumentNullException(nameof(domain))), resolve: false);

    /// <summary>Starts browsing: PTRs already cached are reported at once, and the PTR question is asked (RFC 6762 §5.2).</summary>
    public void Start(TimeSpan now)
    {
        if (_started)
        {
            return;
        }

        _started = true;
        _querier.RecordChanged += OnRecordChanged;
        foreach (var ptr in _querier.Cache.Find(now, TypeName, DnsRecordType.Ptr))
        {
            OnRecordChanged(now, new RecordChange(ptr.Record, Added: true));
        }

        _querier.Ask(now, PtrQuestion);
    }

    /// <summary>Stops browsing and asking; what is known stays in <see cref="Services"/>.</summary>
    public void Stop()
    {
        if (!_started)
        {
            return;
        }

        _started = false;
        _querier.RecordChanged -= OnRecordChanged;
        _querier.Cancel(PtrQuestion);
        foreach (var s in _services.Values.ToList())
        {
            CancelResolution(s);
        }
    }

    /// <summary>The changes since the last call, oldest first.</summary>
    public IReadOnlyList<BrowseChange> DrainChanges()
    {
        var drained = _changes.ToList();
        _changes.Clear();
        return drained;
    }

    private void OnRecordChanged(TimeSpan now, RecordChange change)
    {
        var record = change.Record;
        if (record.Name == TypeName && record.Data is PtrData ptr)
        {
            OnPtr(now, ptr.Target, change.Added);
            return;
        }

        if (!_resolve)
        {
            return;
        }

        foreach (var s in _services.Values.ToList())
        {
            if (record.Name == s.Name || (s.HostName is { } host && record.Name == host))
            {
                Refresh(now, s.Name);
            }
        }
    }

    private void OnPtr(TimeSpan now, DnsName instance, bool added)
    {
        if (added && !_services.ContainsKey(instance))
        {
            var service = new BrowsedService(instance);
            _services[instance] = service;
            _changes.Add(new BrowseChange(BrowseChangeKind.Added, service));
            if (_resolve)
            {
                // RFC 6763 §12: the SRV and TXT usually come as additionals with the PTR; ask only for what did not.
                _querier.Ask(now, new DnsQuestion(instance, DnsRecordType.Srv), onlyWhenMissing: true);
                _querier.Ask(now, new DnsQuestion(instance, DnsRecordType.Txt), onlyWhenMissing: true);
                Refresh(now, instance);
            }
        }
        else if (!added && _services.TryGetValue(instance, out var gone)
            && _querier.Cache.Find(now, TypeName, DnsRecordType.Ptr).All(r => ((PtrData)r.Record.Data).Target != instance))
        {
            _services.Remove(instance);
            CancelResolution(gone);
            _changes.Add(new BrowseChange(BrowseChangeKind.Removed, gone));
        }
    }

    /// <summary>Rebuilds an instance from the cache; reports it when it changed, and asks for a new host's addresses.</summary>
    private void Refresh(TimeSpan now, DnsName instance)
    {
        var old = _services[instance];
        var srv = _querier.Cache.Find(now, instance, DnsRecordType.Srv).Select(r => (SrvData)r.Record.Data).FirstOrDefault();
        var txt = _querier.Cache.Find(now, instance, DnsRecordType.Txt).Select(r => (TxtData)r.Record.Data).FirstOrDefault();
        var host = srv?.Target;
        IPAddress[] addresses = host is null
            ? []
            : [.. _querier.Cache.Find(now, host, DnsRecordType.A).Concat(_querier.Cache.Find(now, host, DnsRecordType.Aaaa)).Select(r => ((AddressData)r.Record.Data).Address)];
        var current = old with { HostName = host, Port = srv?.Port ?? 0, Txt = txt, Addresses = [.. addresses] };
        if (current == old)
        {
            return;
        }

        if (old.HostName is { } oldHost && oldHost != host)
        {
            CancelAddresses(oldHost, instance);
        }

        if (host is not null)
        {
            _querier.Ask(now, new DnsQuestion(host, DnsRecordType.A), onlyWhenMissing: true);
            _querier.Ask(now, new DnsQuestion(host, DnsRecordType.Aaaa), onlyWhenMissing: true);
        }

        _services[instance] = current;
        _changes.Add(new BrowseChange(BrowseChangeKind.Updated, current));
    }

    private void CancelResolution(BrowsedService service)
    {
        if (!_resolve)
        {
            return;
        }

        _querier.Cancel(new DnsQuestion(service.Name, DnsRecordType.Srv));
        _querier.Cancel(new DnsQuestion(service.Name, DnsRecordType.Txt));
        if (service.HostName is { } host)
        {
            CancelAddresses(host, service.Name);
        }
    }

    /// <summary>Stops asking for a host's addresses unless another instance still runs on it.</summary>
    private void CancelAddresses(DnsName host, DnsName instance)
    {
        if (_services.Values.Any(s => s.Name != instance && s.HostName == host))
        {
            return;
        }

        _querier.Cancel(new DnsQuestion(host, DnsRecordType.A));
        _querier.Cancel(new DnsQuestion(host, DnsRecordType.Aaaa));
    }
}
