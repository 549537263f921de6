using Peerlink.Zeroconf.Dns;

namespace Peerlink.Zeroconf.Mdns;

/// <summary>One published instance inside a responder: its current name, records and start-up step.</summary>
internal sealed class PublishedService
{
    public PublishedService(int handle, ServiceInstance service)
    {
        Handle = handle;
        Service = service;
        Attempt = 1;
        InstanceName = ServiceRecords.TypeName(service).Prepend(service.InstanceName);
        Records = ServiceRecords.Build(service, InstanceName);
    }

    public int Handle { get; }

    public ServiceInstance Service { get; }

    /// <summary>1 for the name as given, n for "Name (n)".</summary>
    public int Attempt { get; private set; }

    public DnsName InstanceName { get; private set; }

    /// <summary>The whole set at full TTL, without cache-flush bits.</summary>
    public IReadOnlyList<DnsRecord> Records { get; private set; }

    public ServiceState State { get; set; }

    /// <summary>Probes sent in this round (Probing) or announcements sent (Announcing).</summary>
    public int Step { get; set; }

    /// <summary>When the next probe or announcement is due; null when none is.</summary>
    public TimeSpan? NextAt { get; set; }

    /// <summary>True while the names are ours: announcing or announced.</summary>
    public bool IsLive => State is ServiceState.Announcing or ServiceState.Announced;

    /// <summary>The unique records named by the instance name (SRV, TXT): what probes propose (RFC 6762 §8.1).</summary>
    public IEnumerable<DnsRecord> ProbedRecords => Records.Where(r => r.Name == InstanceName && ServiceRecords.IsUnique(r));

    /// <summary>Whether <paramref name="record"/> is one of ours: same name, type, class and data (TTL and cache-flush bit aside).</summary>
    public bool Owns(DnsRecord record) => Find(record) is not null;

    /// <summary>Our copy of <paramref name="record"/>, or null.</summary>
    public DnsRecord? Find(DnsRecord record)
    {
        foreach (var r in Records)
        {
            if (r.Name == record.Name && r.Class == record.Class && r.Data == record.Data)
            {
                return r;
            }
        }

        return null;
    }

    /// <summary>When the conflicts of the last ten seconds were seen (RFC 6762 §8.1's rate limit).</summary>
    private readonly Queue<TimeSpan> _conflicts = new();

    /// <summary>Notes a conflict at <paramref name="now"/>; returns how many fell in the ten seconds up to it.</summary>
    public int NoteConflict(TimeSpan now, TimeSpan window)
    {
        _conflicts.Enqueue(now);
        while (now - _conflicts.Peek() > window)
        {
            _conflicts.Dequeue();
        }

        return _conflicts.Count;
    }

    /// <summary>Takes the next name after a conflict: "Name (2)", "Name (3)" ...</summary>
    public void Rename()
    {
        Attempt++;
        InstanceName = ServiceRecords.TypeName(Service).Prepend(ServiceRecords.InstanceLabel(Service.InstanceName, Attempt));
        Records = ServiceRecords.Build(Service, InstanceName);
    }
}
