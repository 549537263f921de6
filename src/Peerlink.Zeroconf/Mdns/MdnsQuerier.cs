using Peerlink.Core;
using Peerlink.Zeroconf.Dns;

namespace Peerlink.Zeroconf.Mdns;

/// <summary>
/// A sans-IO Multicast DNS querier (RFC 6762 §5.2): it keeps asking the questions it is given, caches
/// every answer it sees on the link, and tells listeners when records enter or leave the cache. The
/// driver hands it datagrams and the time, and calls <see cref="Poll"/> at <see cref="NextDeadline"/>;
/// it sends through its <see cref="IMdnsSender"/>, reads no clock, and takes its randomness (query and
/// refresh jitter) from the seeded <see cref="Random"/> it is given. Every call runs on one thread at a time.
/// </summary>
/// <remarks>
/// The driver must not feed our own multicast queries back to us (disable multicast loopback or drop
/// datagrams from our own address): a looped-back query would look like another host's and suppress
/// our next one (§7.3). Not yet done: the QU bit on the first query (§5.4); known answers continued over
/// several packets with TC (§7.2), so a query with very many known answers may fail to encode;
/// duplicate answer suppression is a responder's concern (§7.4); no passive failure detection (§10.5).
/// </remarks>
public sealed class MdnsQuerier
{
    /// <summary>Continuous querying backs off to one query an hour at most (RFC 6762 §5.2).</summary>
    internal static readonly TimeSpan MaxInterval = TimeSpan.FromMinutes(60);

    /// <summary>Another host's question counts as a duplicate of ours when ours is due within this long (§7.3).</summary>
    private static readonly TimeSpan DuplicateWindow = TimeSpan.FromSeconds(1);

    /// <summary>Refresh queries at 80, 85, 90 and 95 % of a record's TTL (§5.2).</summary>
    private const int RefreshCount = 4;

    private readonly IMdnsSender _sender;
    private readonly Random _random;
    private readonly MdnsQuerierOptions _options;
    private readonly List<ContinuousQuestion> _questions = [];

    /// <summary>The queries sent in the last <see cref="DuplicateWindow"/>, to know them when multicast loopback brings them back.</summary>
    private readonly Queue<(TimeSpan At, byte[] Packet)> _recentQueries = new();

    /// <summary>Creates a querier asking nothing, with an empty cache.</summary>
    public MdnsQuerier(IMdnsSender sender, Random random, MdnsQuerierOptions? options = null)
    {
        _sender = sender ?? throw new ArgumentNullException(nameof(sender));
        _random = random ?? throw new ArgumentNullException(nameof(random));
        _options = options ?? MdnsQuerierOptions.Default;
    }

    /// <summary>Records entered or left the cache; raised from inside <see cref="Receive"/> and <see cref="Poll"/>.</summary>
    public event Action<TimeSpan, RecordChange>? RecordChanged;

    /// <summary>What was received, dropped, suppressed and sent.</summary>
    public MdnsCounters Counters { get; } = new();

    /// <summary>Every record seen on the link and not yet expired.</summary>
    public RecordCache Cache { get; } = new();

    /// <summary>When <see cref="Poll"/> should next be called, or null when only packets can wake the querier.</summary>
    public TimeSpan? NextDeadline
    {
        get
        {
            var next = Cache.NextExpiry;
            foreach (var q in _questions)
            {
                next = RecordMatching.Earlier(next, q.NextAt);
            }

            foreach (var r in Cache.All)
            {
                next = RecordMatching.Earlier(next, r.RefreshAt);
            }

            return next;
        }
    }

    /// <summary>
    /// Starts asking <paramref name="question"/> continuously: the first query after a random 20-120 ms,
    /// so queriers started together do not collide (§5.2), then 1 s later, the interval doubling to an
    /// hour. With <paramref name="onlyWhenMissing"/> a due query is sent only while the cache has no
    /// answer. Asking a question already asked changes nothing but that flag.
    /// </summary>
    public void Ask(TimeSpan now, DnsQuestion question, bool onlyWhenMissing = false)
    {
        ArgumentNullException.ThrowIfNull(question);
        var existing = Find(question);
        if (existing is not null)
        {
            existing.OnlyWhenMissing &= onlyWhenMissing;
            return;
        }

        _questions.Add(new ContinuousQuestion(question, onlyWhenMissing, now + TimeSpan.FromMilliseconds(_random.Next(20, 121))));
    }

    /// <summary>Stops asking <paramref name="question"/>; its records stay cached until they expire.</summary>
    public void Cancel(DnsQuestion question) => _questions.RemoveAll(q => SameQuestion(q.Question, question));

    /// <summary>True while <paramref name="question"/> is being asked.</summary>
    public bool IsAsking(DnsQuestion question) => Find(question) is not null;

    /// <summary>
    /// A datagram arrived from <paramref name="from"/>. Malformed ones, non-zero OPCODE or RCODE, and
    /// responses not from port 5353 are counted and dropped (§6, §11, §18). Responses fill the cache,
    /// whoever asked (§5.2's passive observation); queries from others may suppress ours (§7.3).
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
        else if (IsOwnQuery(now, packet.Span))
        {
            // Our own query, looped back (IP_MULTICAST_LOOP is on so other stacks on this host hear us):
            // it must not count as another host asking the same question, or we would skip our next one.
            Counters.OwnQueriesHeard++;
        }
        else
        {
            OnQuery(now, message);
        }
    }

    /// <summary>Expires records and sends the queries and refresh queries due at <paramref name="now"/>.</summary>
    public void Poll(TimeSpan now)
    {
        foreach (var gone in Cache.Expire(now))
        {
            RecordChanged?.Invoke(now, new RecordChange(gone, Added: false));
        }

        var ask = new List<DnsQuestion>();
        foreach (var q in _questions.Where(q => q.NextAt <= now))
        {
            q.NextAt = now + q.Interval;
            q.Interval = q.Interval * 2 < MaxInterval ? q.Interval * 2 : MaxInterval;
            if (q.SuppressNext)
            {
                // §7.3: another host asked this with our known answers; treat ours as sent.
                q.SuppressNext = false;
                Counters.DuplicateQuestionsSuppressed++;
            }
            else if (!q.OnlyWhenMissing || !Cache.Answering(now, q.Question).Any())
            {
                ask.Add(q.Question);
            }
        }

        foreach (var r in Cache.All.Where(r => r.RefreshAt <= now).ToList())
        {
            // §5.2: a record someone is interested in is queried for at 80, 85, 90 and 95 % of its TTL,
            // so an answer arrives before it expires; records nobody asks about just age out.
            ScheduleRefresh(r, r.RefreshStep + 1);
            var question = new DnsQuestion(r.Record.Name, r.Record.Type) { Class = r.Record.Class };
            if (_questions.Exists(q => RecordMatching.Answers(q.Question, r.Record)) && !ask.Exists(a => SameQuestion(a, question)))
            {
                ask.Add(question);
            }
        }

        if (ask.Count > 0)
        {
            SendQuery(now, ask);
        }
    }

    /// <summary>The known answers our query for <paramref name="question"/> carries: cached answers with more than half their TTL left (§7.1).</summary>
    internal List<DnsRecord> KnownAnswers(TimeSpan now, DnsQuestion question) =>
        [.. Cache.Answering(now, question).Where(r => r.HasHalfTtlLeft(now)).Select(r => r.Record with { Ttl = r.RemainingTtl(now) })];

    private static bool SameQuestion(DnsQuestion a, DnsQuestion b) => a.Name == b.Name && a.Type == b.Type && a.Class == b.Class;

    private ContinuousQuestion? Find(DnsQuestion question) => _questions.Find(q => SameQuestion(q.Question, question));

    private void ScheduleRefresh(CachedRecord record, int step)
    {
        record.RefreshStep = step;
        if (step >= RefreshCount)
        {
            record.RefreshAt = null;
            return;
        }

        // §5.2: 80 % + 5 % per step, plus a random 0-2 % of the TTL so queriers do not refresh in step.
        var percent = 80 + (5 * step) + (_random.Next(0, 201) / 100.0);
        record.RefreshAt = record.Received + TimeSpan.FromSeconds(record.Record.Ttl * percent / 100.0);
    }

    private void OnResponse(TimeSpan now, DnsMessage message)
    {
        foreach (var record in message.Answers.Concat(message.Additionals))
        {
            if (record.Type == DnsRecordType.Opt)
            {
                continue;
            }

            var entry = Cache.Add(now, record, out var added);
            if (entry is not null)
            {
                ScheduleRefresh(entry, 0);
            }

            if (added)
            {
                RecordChanged?.Invoke(now, new RecordChange(entry!.Record, Added: true));
            }
        }
    }

    /// <summary>
    /// §7.3: another host's QM query asking one of our questions, due within the second, with every
    /// known answer ours would carry, makes ours redundant: its answers will reach us too. A QU question
    /// does not, since its answers may go to the asker alone.
    /// </summary>
    private void OnQuery(TimeSpan now, DnsMessage message)
    {
        foreach (var theirs in message.Questions.AsSpan())
        {
            var ours = Find(theirs);
            if (ours is null || theirs.UnicastResponse || ours.NextAt - now > DuplicateWindow)
            {
                continue;
            }

            var known = KnownAnswers(now, ours.Question);
            if (known.TrueForAll(k => message.Answers.Any(a => RecordMatching.SameRecord(a, k))))
            {
                ours.SuppressNext = true;
            }
        }
    }

    private bool IsOwnQuery(TimeSpan now, ReadOnlySpan<byte> packet)
    {
        while (_recentQueries.Count > 0 && now - _recentQueries.Peek().At > DuplicateWindow)
        {
            _recentQueries.Dequeue();
        }

        foreach (var (_, sent) in _recentQueries)
        {
            if (packet.SequenceEqual(sent))
            {
                return true;
            }
        }

        return false;
    }

    private void SendQuery(TimeSpan now, List<DnsQuestion> questions)
    {
        var known = new List<DnsRecord>();
        foreach (var q in questions)
        {
            known.AddRange(KnownAnswers(now, q).Where(k => !known.Exists(r => RecordMatching.SameRecord(r, k))));
        }

        var query = DnsMessage.Query(questions) with { Answers = [.. known] };
        var packet = DnsCodec.Encode(query, _options.Dns);
        _recentQueries.Enqueue((now, packet));
        _sender.Send(_options.MulticastGroup, packet);
        Counters.Sent++;
    }
}
