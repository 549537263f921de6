using Peerlink.Core;
using Peerlink.Wire;

namespace Peerlink.Overlay.Transactions;

/// <summary>What the transaction table asks its owner to do when time passes.</summary>
/// <typeparam name="TState">What the owner attached to each transaction.</typeparam>
public interface ITransactionSink<in TState>
{
    /// <summary>Send these bytes again (T1 fired); <paramref name="state"/> is the transaction's.</summary>
    void Retransmit(NodeAddress destination, ReadOnlyMemory<byte> bytes, TState state);

    /// <summary>
    /// The transaction failed: T2 fired before an ACK (<paramref name="acknowledged"/> false: the next
    /// hop is probably dead), or the wait for the response ran out after an ACK (the hop is alive;
    /// something beyond it failed).
    /// </summary>
    void Failed(TransactionKey key, TState state, bool acknowledged);
}

/// <summary>
/// The hop-by-hop message state machines of draft-baset-p2psip-p2pp-01 §6.2, for every message this
/// node sends, as data: no timers of its own, the owner hands it the time. Unreliable transports
/// (Figures 8 and 9): Trans_Msg retransmits at T0, 2·T0, 4·T0, ... until an ACK or T2; a request then
/// waits for its response under T3. Reliable transports (Figures 10 and 11): a request waits under T3;
/// other messages need no state.
/// </summary>
/// <remarks>
/// Round trips for per-neighbour timeouts (RFC 6298, as Bamboo times its neighbours): the first
/// retransmission can come after a timeout the owner measured for the next hop instead of T0 (later
/// ones double it), and the table reports the round trip of a transmission answered before any
/// retransmission (Karn's rule, RFC 6298 §3): the ACK's, or over UDP the responseACK's when the next
/// hop answered the request itself.
/// </remarks>
/// <typeparam name="TState">What the owner attaches to a transaction (the pending operation).</typeparam>
public sealed class TransactionTable<TState>
{
    private readonly Dictionary<TransactionKey, Entry> _entries = [];
    private readonly TransactionTimers _timers;

    // The earliest deadline, kept because the engine's owner asks for it after every event. Adding an
    // entry can only move it earlier; anything else that touches the entry that set it recomputes it.
    private TimeSpan? _next;
    private bool _stale;

    /// <summary>Creates an empty table.</summary>
    public TransactionTable(TransactionTimers? timers = null) => _timers = timers ?? TransactionTimers.Default;

    /// <summary>Open transactions.</summary>
    public int Count => _entries.Count;

    /// <summary>When <see cref="Poll"/> next has work, or null when nothing is open.</summary>
    public TimeSpan? NextDeadline
    {
        get
        {
            if (_stale)
            {
                _stale = false;
                _next = null;
                foreach (var e in _entries.Values)
                {
                    var due = e.Due;
                    if (_next is null || due < _next)
                    {
                        _next = due;
                    }
                }
            }

            return _next;
        }
    }

    /// <summary>
    /// A message was sent: start its state machine. Returns false when nothing needs tracking (a
    /// response or indication over a reliable transport terminates once sent).
    /// </summary>
    /// <param name="now">The time of sending.</param>
    /// <param name="key">The transaction.</param>
    /// <param name="to">The next hop.</param>
    /// <param name="bytes">The message, kept for retransmission.</param>
    /// <param name="reliable">Whether the transport is reliable (§6.2.2).</param>
    /// <param name="state">The owner's state, handed back at the end.</param>
    /// <param name="responseTimeout">
    /// How long a request waits for its response once acknowledged, instead of T3: a recursive request
    /// is answered from the end of its path, which takes longer than one hop.
    /// </param>
    /// <param name="retransmitAfter">
    /// When to retransmit first instead of T0: the next hop's measured timeout (its RTO). Later
    /// retransmissions double it, as they double T0; T2 still ends the attempts.
    /// </param>
    /// <param name="giveUpAfter">
    /// How long an unacknowledged message is retried before it fails, when sooner than T2: a peer
    /// with a measured timeout is given up after a few of its own timeouts, not after T2 (Bamboo
    /// routes around a silent neighbour as soon as its timeout says so).
    /// </param>
    /// <exception cref="InvalidOperationException">A transaction with this key is already open.</exception>
    public bool Sent(TimeSpan now, TransactionKey key, NodeAddress to, ReadOnlyMemory<byte> bytes, bool reliable, TState state, TimeSpan? responseTimeout = null, TimeSpan? retransmitAfter = null, TimeSpan? giveUpAfter = null)
    {
        if (reliable && key.Kind != MessageKind.Request)
        {
            return false;
        }

        var wait = responseTimeout ?? _timers.T3;
        var first = retransmitAfter is { } rto && rto > TimeSpan.Zero ? rto : _timers.T0;
        var entry = new Entry(to, bytes, state, wait, now, first)
        {
            Reliable = reliable,
            Acknowledged = reliable, // §6.2.2: no ACKs on reliable transports; the request waits at once.
            RetransmitAt = now + first,
            FailAt = now + (reliable ? wait : giveUpAfter is { } limit && limit > TimeSpan.Zero && limit < _timers.T2 ? limit : _timers.T2),
        };
        if (!_entries.TryAdd(key, entry))
        {
            throw new InvalidOperationException($"transaction {key} is already open");
        }

        if (!_stale && (_next is null || entry.Due < _next))
        {
            _next = entry.Due;
        }

        return true;
    }

    /// <summary>
    /// An ACK arrived for <paramref name="key"/>. A request moves to Wait_Resp (T3); any other
    /// message's transaction ends. Returns false when no such transaction is open.
    /// </summary>
    public bool Acked(TimeSpan now, TransactionKey key, NodeAddress? from = null) => Acked(now, key, from, out _, out _);

    /// <summary>
    /// An ACK arrived for <paramref name="key"/>, as <see cref="Acked(TimeSpan, TransactionKey, NodeAddress?)"/>;
    /// also hands back the transaction's state and, for the first ACK of a message sent once, its
    /// round trip (<paramref name="roundTrip"/>; null after a retransmission, by Karn's rule).
    /// </summary>
    public bool Acked(TimeSpan now, TransactionKey key, NodeAddress? from, out TState state, out TimeSpan? roundTrip)
    {
        roundTrip = null;

        // An ACK counts only from the hop the message went to: a spoofed one must not end a transaction.
        if (!_entries.TryGetValue(key, out var entry) || (from is { } sender && sender != entry.To))
        {
            state = default!;
            return false;
        }

        state = entry.State;
        Touch(entry);
        if (!entry.Acknowledged && entry.Attempt == 0)
        {
            roundTrip = now - entry.SentAt;
        }

        if (key.Kind != MessageKind.Request)
        {
            _entries.Remove(key);
            return true;
        }

        if (!entry.Acknowledged)
        {
            entry.Acknowledged = true;
            entry.FailAt = now + entry.ResponseTimeout;
        }

        return true;
    }

    /// <summary>
    /// A response (or responseACK) arrived: the request transaction it answers ends, and its state is
    /// handed back. False when no request with this source-ID and transaction-ID is open (§4.3: drop it).
    /// </summary>
    public bool Answered(NodeId sourceId, uint transactionId, out TState state, NodeAddress? from = null) =>
        Answered(TimeSpan.Zero, sourceId, transactionId, from, out state, out _);

    /// <summary>
    /// A response arrived, as <see cref="Answered(NodeId, uint, out TState, NodeAddress?)"/>; also hands
    /// back the round trip when the response is the first word from the next hop on a request sent
    /// once over UDP (a responseACK: the next hop answered the request itself). Null otherwise:
    /// after an ACK the response comes from further along the path, and over a reliable transport
    /// the request may have been relayed.
    /// </summary>
    public bool Answered(TimeSpan now, NodeId sourceId, uint transactionId, NodeAddress? from, out TState state, out TimeSpan? roundTrip)
    {
        roundTrip = null;
        var key = new TransactionKey(sourceId, transactionId, MessageKind.Request);
        if (_entries.TryGetValue(key, out var entry) && (from is not { } sender || sender == entry.To))
        {
            if (!entry.Acknowledged && entry.Attempt == 0)
            {
                roundTrip = now - entry.SentAt;
            }

            Touch(entry);
            _entries.Remove(key);
            state = entry.State;
            return true;
        }

        state = default!;
        return false;
    }

    /// <summary>The state of the open transaction <paramref name="key"/>, if there is one.</summary>
    public bool TryGetState(TransactionKey key, out TState state)
    {
        if (_entries.TryGetValue(key, out var entry))
        {
            state = entry.State;
            return true;
        }

        state = default!;
        return false;
    }

    /// <summary>Ends a transaction without an outcome (its operation was cancelled).</summary>
    public bool Abandon(TransactionKey key)
    {
        if (!_entries.Remove(key, out var entry))
        {
            return false;
        }

        Touch(entry);
        return true;
    }

    /// <summary>Runs what is due at <paramref name="now"/>: retransmissions and failures.</summary>
    public void Poll(TimeSpan now, ITransactionSink<TState> sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        _stale = true;
        List<(TransactionKey Key, TState State, bool Acknowledged)>? failed = null;
        foreach (var (key, e) in _entries)
        {
            if (now >= e.FailAt)
            {
                // Over a reliable transport nothing is acknowledged hop by hop: silence is all we know.
                (failed ??= []).Add((key, e.State, e.Acknowledged && !e.Reliable));
            }
            else if (!e.Acknowledged && now >= e.RetransmitAt)
            {
                e.Attempt++;
                e.RetransmitAt = now + (e.FirstRetransmit * (1 << Math.Min(e.Attempt, 16)));
                sink.Retransmit(e.To, e.Bytes, e.State);
            }
        }

        if (failed is null)
        {
            return;
        }

        foreach (var (key, state, acknowledged) in failed)
        {
            _entries.Remove(key);
            sink.Failed(key, state, acknowledged);
        }
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    // The entry is about to change or go: if it set the earliest deadline, find it again when asked.
    private void Touch(Entry entry)
    {
        if (entry.Due == _next)
        {
            _stale = true;
        }
    }

    private sealed class Entry(NodeAddress to, ReadOnlyMemory<byte> bytes, TState state, TimeSpan responseTimeout, TimeSpan sentAt, TimeSpan firstRetransmit)
    {
        public TimeSpan SentAt { get; } = sentAt;

        public TimeSpan FirstRetransmit { get; } = firstRetransmit;

        public TimeSpan ResponseTimeout { get; } = responseTimeout;

        public NodeAddress To { get; } = to;

        public ReadOnlyMemory<byte> Bytes { get; } = bytes;

        public TState State { get; } = state;

        public bool Acknowledged { get; set; }

        public bool Reliable { get; init; }

        public int Attempt { get; set; }

        public TimeSpan RetransmitAt { get; set; }

        public TimeSpan FailAt { get; set; }

        /// <summary>When this entry next needs the owner's attention.</summary>
        public TimeSpan Due => Acknowledged ? FailAt : Min(RetransmitAt, FailAt);
    }
}
