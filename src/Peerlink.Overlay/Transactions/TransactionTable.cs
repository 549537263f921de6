using Peerlink.Core;
using Peerlink.Wire;

namespace Peerlink.Overlay.Transactions;

/// <summary>What the transaction table asks its owner to do when time passes.</summary>
/// <typeparam name="TState">What the owner attached to each transaction.</typeparam>
public interface ITransactionSink<in TState>
{
    /// <summary>Send these bytes again (T1 fired).</summary>
    void Retransmit(NodeAddress destination, ReadOnlyMemory<byte> bytes);

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
    /// <exception cref="InvalidOperationException">A transaction with this key is already open.</exception>
    public bool Sent(TimeSpan now, TransactionKey key, NodeAddress to, ReadOnlyMemory<byte> bytes, bool reliable, TState state, TimeSpan? responseTimeout = null)
    {
        if (reliable && key.Kind != MessageKind.Request)
        {
            return false;
        }

        var wait = responseTimeout ?? _timers.T3;
        var entry = new Entry(to, bytes, state, wait)
        {
            Reliable = reliable,
            Acknowledged = reliable, // §6.2.2: no ACKs on reliable transports; the request waits at once.
            RetransmitAt = now + _timers.T0,
            FailAt = now + (reliable ? wait : _timers.T2),
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
    public bool Acked(TimeSpan now, TransactionKey key, NodeAddress? from = null)
    {
        // An ACK counts only from the hop the message went to: a spoofed one must not end a transaction.
        if (!_entries.TryGetValue(key, out var entry) || (from is { } sender && sender != entry.To))
        {
            return false;
        }

        Touch(entry);
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
    public bool Answered(NodeId sourceId, uint transactionId, out TState state, NodeAddress? from = null)
    {
        var key = new TransactionKey(sourceId, transactionId, MessageKind.Request);
        if (_entries.TryGetValue(key, out var entry) && (from is not { } sender || sender == entry.To))
        {
            Touch(entry);
            _entries.Remove(key);
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
                e.RetransmitAt = now + (_timers.T0 * (1 << Math.Min(e.Attempt, 16)));
                sink.Retransmit(e.To, e.Bytes);
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

    private sealed class Entry(NodeAddress to, ReadOnlyMemory<byte> bytes, TState state, TimeSpan responseTimeout)
    {
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
