using Peerlink.Core;
using Peerlink.Zeroconf.Dns;

namespace Peerlink.Zeroconf.Mdns;

/// <summary>
/// A sans-IO Multicast DNS responder (RFC 6762) publishing DNS-SD instances (RFC 6763). The driver hands
/// it datagrams and the time; it sends through the <see cref="IMdnsSender"/> it was built with and says
/// in <see cref="NextDeadline"/> when <see cref="Poll"/> is next due. It reads no clock and opens no socket;
/// its randomness (probe and answer delays) comes from the seeded <see cref="Random"/> it is given.
/// Every call runs on one thread at a time.
/// </summary>
/// <remarks>
/// Not yet done: the host name is not probed, only the instance name (SRV, TXT) is, and the host's
/// A/AAAA records are published as they are (a host daemon usually owns them; §8.1 wants every unique
/// record probed); delayed answers are not aggregated across queries (§6 allows up to 500 ms); known
/// answers continued over several packets (TC, §7.2) are not gathered, the answer is only delayed
/// 400-500 ms; no NSEC negative answers (§6.1). A QU question is answered by unicast when each record was multicast within a quarter of its
/// TTL, else by multicast (§5.4); probes are always defended by multicast.
/// </remarks>
public sealed class MdnsResponder
{
    /// <summary>Probes in one round (RFC 6762 §8.1).</summary>
    private const int ProbeCount = 3;

    /// <summary>Unsolicited announcements after probing: at least two (RFC 6762 §8.3).</summary>
    private const int AnnounceCount = 2;

    /// <summary>Most TTL in a legacy unicast reply (RFC 6762 §6.7).</summary>
    private const uint LegacyMaxTtl = 10;

    /// <summary>Probes go 250 ms apart, and the name is ours 250 ms after the third (RFC 6762 §8.1).</summary>
    private static readonly TimeSpan ProbeInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>§8.1: after 15 conflicts within 10 s, a host waits 5 s before each further probe round.</summary>
    private const int ConflictBurst = 15;

    private static readonly TimeSpan ConflictWindow = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan ConflictBackoff = TimeSpan.FromSeconds(5);

    /// <summary>Announcements go one second apart (RFC 6762 §8.3); the loser of a tie-break waits as long (§8.2).</summary>
    private static readonly TimeSpan OneSecond = TimeSpan.FromSeconds(1);

    /// <summary>Publications this soon after <see cref="LinkUp"/> wait the random start-up delay (§8.1).</summary>
    private static readonly TimeSpan StartupWindow = TimeSpan.FromSeconds(1);

    /// <summary>A multicast this recent is taken as heard by everyone on the link (Avahi uses 500 ms too).</summary>
    private static readonly TimeSpan RecentlySent = TimeSpan.FromMilliseconds(500);

    private readonly IMdnsSender _sender;
    private readonly Random _random;
    private readonly MdnsResponderOptions _options;
    private readonly List<PublishedService> _services = [];
    private readonly List<PendingResponse> _pending = [];

    /// <summary>When each of our records (at full TTL, no cache-flush bit) was last multicast.</summary>
    private readonly Dictionary<DnsRecord, TimeSpan> _lastMulticast = [];
    private int _nextHandle = 1;
    private TimeSpan? _linkUpAt;

    /// <summary>Creates a responder with nothing published.</summary>
    public MdnsResponder(IMdnsSender sender, Random random, MdnsResponderOptions? options = null)
    {
        _sender = sender ?? throw new ArgumentNullException(nameof(sender));
        _random = random ?? throw new ArgumentNullException(nameof(random));
        _options = options ?? MdnsResponderOptions.Default;
    }

    /// <summary>Raised, with the time, when a published service changes state or name (on the engine's loop).</summary>
    public event Action<TimeSpan, ServiceChange>? ServiceChanged;

    /// <summary>What was received, dropped and sent.</summary>
    public MdnsCounters Counters { get; } = new();

    /// <summary>When <see cref="Poll"/> should next be called, or null when only packets can wake the responder.</summary>
    public TimeSpan? NextDeadline
    {
        get
        {
            TimeSpan? next = null;
            foreach (var s in _services)
            {
                next = RecordMatching.Earlier(next, s.NextAt);
            }

            foreach (var p in _pending)
            {
                next = RecordMatching.Earlier(next, p.Due);
            }

            return next;
        }
    }

    /// <summary>
    /// Says the interface came up (or the responder started on it) at <paramref name="now"/>. RFC 6762 §8.1's
    /// random 0-250 ms before the first probe is there so that hosts powered on together do not probe in
    /// step; a service published later, on a link that has long been up, probes at once (as Bonjour's
    /// mDNSResponder does). Without this call every publication waits the random delay.
    /// </summary>
    public void LinkUp(TimeSpan now) => _linkUpAt = now;

    /// <summary>
    /// Starts publishing <paramref name="service"/>: the first probe goes after a random 0-250 ms
    /// (RFC 6762 §8.1) when the link came up less than a second ago (or <see cref="LinkUp"/> was never
    /// called), so hosts powered on together do not probe in step; otherwise at once. Returns a handle.
    /// </summary>
    /// <exception cref="ArgumentException">The instance label is empty or over 63 bytes, or a name is too long.</exception>
    public int Publish(TimeSpan now, ServiceInstance service)
    {
        ArgumentNullException.ThrowIfNull(service);
        var published = new PublishedService(_nextHandle++, service);

        // Two of our own with one name would conflict only through multicast loopback; rename here.
        while (_services.Exists(s => s.State != ServiceState.Withdrawn && s.InstanceName == published.InstanceName))
        {
            published.Rename();
        }

        _services.Add(published);
        StartProbing(now, published, jitter: _linkUpAt is not { } up || now - up < StartupWindow);
        return published.Handle;
    }

    /// <summary>The start-up state of a published service.</summary>
    /// <exception cref="ArgumentException">No service has this handle.</exception>
    public ServiceState GetState(int handle) => Get(handle).State;

    /// <summary>The instance's full name now, which a conflict may have changed ("Name (2)._ipp._tcp.local").</summary>
    /// <exception cref="ArgumentException">No service has this handle.</exception>
    public DnsName GetInstanceName(int handle) => Get(handle).InstanceName;

    /// <summary>Stops publishing one service; if its records were announced, multicasts their goodbye (TTL 0, RFC 6762 §10.1).</summary>
    /// <exception cref="ArgumentException">No service has this handle.</exception>
    public void Withdraw(TimeSpan now, int handle) => Withdraw(now, [Get(handle)]);

    /// <summary>Withdraws every service at once, goodbyes in one message where they fit.</summary>
    public void Stop(TimeSpan now) => Withdraw(now, [.. _services.Where(s => s.State != ServiceState.Withdrawn)]);

    /// <summary>
    /// A datagram arrived from <paramref name="from"/>. Malformed ones are counted and dropped; so are
    /// messages with a non-zero OPCODE or RCODE (RFC 6762 §18.3, §18.11), and responses not from port
    /// 5353 (§11), which could be spoofed from off-link and must not make us rename.
    /// </summary>
    public void Receive(TimeSpan now, NodeAddress from, ReadOnlyMemory<byte> packet)
    {
        if (!MdnsInbound.TryAccept(from, packet, _options, Counters, out var message))
        {
            return;
        }

        if (message.IsResponse)
        {
            OnResponse(now, message);
        }
        else
        {
            OnQuery(now, from, message);
        }
    }

    /// <summary>Sends the probes, announcements and delayed answers due at <paramref name="now"/>.</summary>
    public void Poll(TimeSpan now)
    {
        foreach (var s in _services)
        {
            if (s.NextAt is { } at && at <= now)
            {
                Advance(now, s);
            }
        }

        for (var i = 0; i < _pending.Count;)
        {
            if (_pending[i].Due <= now)
            {
                var p = _pending[i];
                _pending.RemoveAt(i);
                SendMulticastAnswer(now, [.. p.Answers.Where(r => IsLive(r) && !WasJustSent(now, r))], [.. p.Additionals.Where(IsLive)]);
            }
            else
            {
                i++;
            }
        }
    }

    /// <summary>A record as sent: cache-flush on unique records (RFC 6762 §10.2); in legacy replies never, TTL at most 10 s (§6.7).</summary>
    private static DnsRecord OnWire(DnsRecord record, bool legacy) => legacy
        ? record with { CacheFlush = false, Ttl = Math.Min(record.Ttl, LegacyMaxTtl) }
        : record with { CacheFlush = ServiceRecords.IsUnique(record) };

    private PublishedService Get(int handle) =>
        _services.Find(s => s.Handle == handle) ?? throw new ArgumentException($"no service has handle {handle}", nameof(handle));

    private void Raise(TimeSpan now, PublishedService service) =>
        ServiceChanged?.Invoke(now, new ServiceChange(service.Handle, service.State, service.InstanceName));

    /// <summary>Multicast in the last half second: everyone listening has it (RFC 6762 §6, §7.4).</summary>
    private bool WasJustSent(TimeSpan now, DnsRecord record) =>
        _lastMulticast.TryGetValue(record, out var last) && now - last < RecentlySent;

    private bool IsLive(DnsRecord record) => _services.Exists(s => s.IsLive && s.Owns(record));

    private void StartProbing(TimeSpan now, PublishedService service, bool backOff = false, bool jitter = true)
    {
        service.State = ServiceState.Probing;
        service.Step = 0;
        service.NextAt = now + (backOff ? ConflictBackoff : jitter ? TimeSpan.FromMilliseconds(_random.Next(0, 251)) : TimeSpan.Zero);
        Raise(now, service);
    }

    private void Advance(TimeSpan now, PublishedService service)
    {
        if (service.State == ServiceState.Probing)
        {
            if (service.Step < ProbeCount)
            {
                SendProbe(service);
                service.Step++;
                service.NextAt = now + ProbeInterval;
                return;
            }

            // 250 ms after the third probe without a conflict: the name is ours (§8.1).
            service.State = ServiceState.Announcing;
            service.Step = 0;
            Raise(now, service);
        }

        if (service.State == ServiceState.Announcing)
        {
            SendResponse(now, _options.MulticastGroup, service.Records, [], legacy: false, id: 0, questions: []);
            service.Step++;
            if (service.Step >= AnnounceCount)
            {
                service.State = ServiceState.Announced;
                service.NextAt = null;
            }
            else
            {
                service.NextAt = now + OneSecond;
            }
        }
    }

    /// <summary>
    /// A probe (RFC 6762 §8.1): a query for ANY of the instance name with the QU bit, since nobody has
    /// our records cached to answer by multicast, and the proposed records in the authority section
    /// for simultaneous probes to be told apart (§8.2).
    /// </summary>
    private void SendProbe(PublishedService service)
    {
        var probe = new DnsMessage
        {
            Questions = [new DnsQuestion(service.InstanceName, DnsRecordType.Any) { UnicastResponse = true }],
            Authorities = [.. service.ProbedRecords],
        };
        Send(_options.MulticastGroup, probe);
    }

    private void OnResponse(TimeSpan now, DnsMessage message)
    {
        SuppressDuplicateAnswers(now, message);
        foreach (var service in _services)
        {
            if (service.State == ServiceState.Withdrawn)
            {
                continue;
            }

            foreach (var record in message.Answers.Concat(message.Additionals))
            {
                if (IsConflict(service, record))
                {
                    Counters.Conflicts++;
                    var burst = service.NoteConflict(now, ConflictWindow) >= ConflictBurst;
                    if (service.State == ServiceState.Probing)
                    {
                        // §8.1: someone answers for the name we probe: it is theirs; pick another and probe it.
                        service.Rename();
                    }

                    // §9: after announcing, a conflicting unique record sends us back to probing, where the
                    // owner's defence (or its absence) decides who keeps the name.
                    StartProbing(now, service, backOff: burst);
                    break;
                }
            }
        }
    }

    /// <summary>
    /// In probing, any response record named by our instance name that is not ours (§8.1); afterwards,
    /// a record of the same name, type and class as one of our unique records with other data (§9).
    /// </summary>
    private static bool IsConflict(PublishedService service, DnsRecord record)
    {
        if (record.Name != service.InstanceName || service.Owns(record))
        {
            return false;
        }

        return service.State == ServiceState.Probing
            || service.ProbedRecords.Any(r => r.Type == record.Type && r.Class == record.Class);
    }

    private void OnQuery(TimeSpan now, NodeAddress from, DnsMessage message)
    {
        Counters.Queries++;
        TieBreak(now, message);

        var legacy = from.Port != MdnsAddresses.Port;

        // A probe (proposed records in the authority section, §8.2) for a name we own is defended at
        // once by multicast, whatever its QU bit and however recently the records went out (§6, §8.1).
        var probe = message.Authorities.Count > 0;
        var multicast = new List<DnsRecord>();
        var unicast = new List<DnsRecord>();
        foreach (var q in message.Questions)
        {
            foreach (var service in _services.Where(s => s.IsLive))
            {
                foreach (var record in service.Records.Where(r => RecordMatching.Answers(q, r)))
                {
                    if (multicast.Contains(record) || IsKnown(message, record, count: true))
                    {
                        continue;
                    }

                    // §5.4: a QU question is answered by unicast, unless the record has not been
                    // multicast within a quarter of its TTL: then everyone's cache gains from a multicast.
                    var recent = _lastMulticast.TryGetValue(record, out var last) && now - last < TimeSpan.FromSeconds(record.Ttl / 4.0);
                    if (!legacy && !probe && q.UnicastResponse && recent)
                    {
                        if (!unicast.Contains(record))
                        {
                            unicast.Add(record);
                        }
                    }
                    else
                    {
                        unicast.Remove(record);
                        multicast.Add(record);
                    }
                }
            }
        }

        if (legacy)
        {
            // §6.7: a one-shot querier from another port gets a conventional reply: unicast to its
            // address and port, its ID and question echoed, no cache-flush bits, short TTLs.
            if (multicast.Count > 0)
            {
                SendResponse(now, from, multicast, Additionals(message, multicast), legacy: true, message.Id, message.Questions);
            }

            return;
        }

        if (unicast.Count > 0)
        {
            SendResponse(now, from, unicast, Additionals(message, unicast), legacy: false, id: 0, questions: []);
        }

        // §6: no record is multicast more than once a second, probe defence aside. One multicast in the
        // last half second the asker will have heard (as Avahi assumes); one from longer ago goes out
        // again when its second is up, for an asker that started listening since.
        if (!probe)
        {
            var later = multicast.Where(r => _lastMulticast.TryGetValue(r, out var last) && now - last >= RecentlySent && now - last < OneSecond).ToList();
            multicast.RemoveAll(r => _lastMulticast.TryGetValue(r, out var last) && now - last < OneSecond);
            if (later.Count > 0)
            {
                var due = later.Max(r => _lastMulticast[r]) + OneSecond;
                _pending.Add(new PendingResponse(due, later, Additionals(message, later)));
            }
        }

        if (multicast.Count == 0)
        {
            return;
        }

        var additionals = Additionals(message, multicast);
        if (message.Truncated)
        {
            // §6, §7.2: more known answers follow; wait 400-500 ms for them.
            _pending.Add(new PendingResponse(now + TimeSpan.FromMilliseconds(_random.Next(400, 501)), multicast, additionals));
        }
        else if (probe || multicast.TrueForAll(ServiceRecords.IsUnique))
        {
            // §6: only unique records, so no other responder answers the same: answer at once.
            SendMulticastAnswer(now, multicast, additionals);
        }
        else
        {
            // §6: shared records may have many owners; a random 20-120 ms spreads their answers.
            _pending.Add(new PendingResponse(now + TimeSpan.FromMilliseconds(_random.Next(20, 121)), multicast, additionals));
        }
    }

    /// <summary>
    /// §8.2: a probe for a name we are probing, from another host, is a simultaneous probe. The
    /// lexicographically later set of proposed records wins; the loser waits a second and probes again.
    /// </summary>
    private void TieBreak(TimeSpan now, DnsMessage message)
    {
        foreach (var service in _services.Where(s => s.State == ServiceState.Probing))
        {
            if (!message.Questions.Any(q => q.Name == service.InstanceName))
            {
                continue;
            }

            var theirs = message.Authorities.Where(r => r.Name == service.InstanceName).ToList();
            if (theirs.Count > 0 && ProbeTieBreak.Compare(service.ProbedRecords, theirs) < 0)
            {
                Counters.Conflicts++;
                service.Step = 0;
                service.NextAt = now + OneSecond;
            }
        }
    }

    /// <summary>
    /// §7.1: a record the querier lists with at least half our TTL left is one it knows; do not send it.
    /// </summary>
    /// <summary>
    /// §7.4: another host just multicast an answer we were about to send, with at least our TTL; ours
    /// counts as sent (which also starts its one-second rate limit, §6). Our own responses heard back
    /// through loopback match nothing pending, since what was sent left the queue.
    /// </summary>
    private void SuppressDuplicateAnswers(TimeSpan now, DnsMessage message)
    {
        for (var i = 0; i < _pending.Count; i++)
        {
            var p = _pending[i];
            var left = p.Answers.Where(ours => !message.Answers.Any(theirs => RecordMatching.SameRecord(theirs, ours) && theirs.Ttl >= ours.Ttl)).ToList();
            if (left.Count == p.Answers.Count)
            {
                continue;
            }

            foreach (var heard in p.Answers.Except(left))
            {
                _lastMulticast[heard] = now;
            }

            Counters.DuplicateAnswersSuppressed += p.Answers.Count - left.Count;
            _pending[i] = p with { Answers = left };
        }

        _pending.RemoveAll(p => p.Answers.Count == 0);
    }

    private bool IsKnown(DnsMessage query, DnsRecord record, bool count)
    {
        foreach (var known in query.Answers)
        {
            if (known.Name == record.Name && known.Class == record.Class && known.Data == record.Data && known.Ttl >= record.Ttl / 2.0)
            {
                if (count)
                {
                    Counters.KnownAnswersSuppressed++;
                }

                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// RFC 6763 §12: with a PTR answer for an instance, its SRV, TXT and the host's addresses; with an
    /// SRV answer, the host's addresses. Records already answered or known to the querier are left out.
    /// </summary>
    private List<DnsRecord> Additionals(DnsMessage query, List<DnsRecord> answers)
    {
        var additionals = new List<DnsRecord>();
        foreach (var answer in answers)
        {
            foreach (var service in _services.Where(s => s.IsLive && s.Owns(answer)))
            {
                foreach (var r in service.Records)
                {
                    var isAddress = r.Type is DnsRecordType.A or DnsRecordType.Aaaa;
                    var wanted = answer.Data switch
                    {
                        PtrData ptr => ptr.Target == service.InstanceName && (isAddress || r.Name == service.InstanceName),
                        SrvData => isAddress,
                        _ => false,
                    };
                    if (wanted && !answers.Contains(r) && !additionals.Contains(r) && !IsKnown(query, r, count: false))
                    {
                        additionals.Add(r);
                    }
                }
            }
        }

        return additionals;
    }

    private void SendMulticastAnswer(TimeSpan now, List<DnsRecord> answers, List<DnsRecord> additionals)
    {
        if (answers.Count > 0)
        {
            SendResponse(now, _options.MulticastGroup, answers, additionals, legacy: false, id: 0, questions: []);
        }
    }

    private void SendResponse(TimeSpan now, NodeAddress to, IReadOnlyList<DnsRecord> answers, IReadOnlyList<DnsRecord> additionals, bool legacy, ushort id, ValueList<DnsQuestion> questions)
    {
        var message = DnsMessage.Response(answers.Select(r => OnWire(r, legacy))) with
        {
            Id = id,
            Questions = questions,
            Additionals = [.. additionals.Select(r => OnWire(r, legacy))],
        };
        Send(to, message);
        if (to == _options.MulticastGroup)
        {
            foreach (var r in answers.Concat(additionals).Where(r => r.Ttl > 0))
            {
                _lastMulticast[r] = now;
            }
        }
    }

    private void Withdraw(TimeSpan now, List<PublishedService> services)
    {
        var goodbyes = new List<DnsRecord>();
        foreach (var s in services)
        {
            var wasLive = s.IsLive;
            s.State = ServiceState.Withdrawn;
            s.NextAt = null;
            Raise(now, s);
            if (!wasLive)
            {
                continue;
            }

            // §10.1: TTL 0 says the record is gone. A record another live service still owns (the
            // host's addresses, the type enumeration PTR) stays.
            foreach (var r in s.Records)
            {
                if (!IsLive(r) && !goodbyes.Contains(r))
                {
                    goodbyes.Add(r);
                }
            }
        }

        _pending.RemoveAll(p => !p.Answers.Any(IsLive));
        if (goodbyes.Count > 0)
        {
            SendResponse(now, _options.MulticastGroup, [.. goodbyes.Select(r => r with { Ttl = 0 })], [], legacy: false, id: 0, questions: []);
        }
    }

    private void Send(NodeAddress to, DnsMessage message)
    {
        _sender.Send(to, DnsCodec.Encode(message, _options.Dns));
        Counters.Sent++;
    }
}
