using System.Net;
using Peerlink.Core;

namespace Peerlink.Nat.Stun;

/// <summary>
/// STUN client transactions, sans-IO (RFC 8489 §6.2). <see cref="Start"/> queues a request and its
/// retransmissions; <see cref="Receive"/> matches responses by transaction ID; <see cref="Poll"/> sends what is
/// due and ends transactions that ran out of time. The caller hands in <c>now</c> and sends what
/// <see cref="DrainSends"/> gives; finished transactions come out of <see cref="DrainResults"/>.
///
/// Over UDP a request goes out at 0, RTO, 3 RTO, 7 RTO, ... (the interval doubles, §6.2.1), Rc times in all,
/// and the transaction fails Rm × RTO after the last send: with the defaults at 0, 0.5, 1.5, 3.5, 7.5, 15.5
/// and 31.5 s, failing at 39.5 s. Over TCP it is sent once and fails after Ti (§6.2.2).
/// </summary>
public sealed class StunTransactions
{
    private readonly StunTransactionOptions _options;
    private readonly Random _random;
    private readonly Dictionary<Bytes, Pending> _pending = [];
    private readonly List<(IPEndPoint To, byte[] Bytes)> _sends = [];
    private readonly List<StunTransactionResult> _results = [];

    /// <summary>Creates the table; <paramref name="random"/> makes the transaction IDs (§6: 96 bits, uniformly random).</summary>
    public StunTransactions(Random random, StunTransactionOptions? options = null)
    {
        _random = random ?? throw new ArgumentNullException(nameof(random));
        _options = (options ?? new StunTransactionOptions()).Validated();
    }

    /// <summary>Transactions still waiting.</summary>
    public int Outstanding => _pending.Count;

    /// <summary>Responses that matched no outstanding transaction (late, duplicated or forged), and datagrams that were not STUN responses.</summary>
    public long Unmatched { get; private set; }

    /// <summary>Requests sent again because no response came (§6.2.1).</summary>
    public long Retransmissions { get; private set; }

    /// <summary>When <see cref="Poll"/> next has something to do, or null.</summary>
    public TimeSpan? NextDeadline
    {
        get
        {
            TimeSpan? next = null;
            foreach (var p in _pending.Values)
            {
                if (next is null || p.Due < next)
                {
                    next = p.Due;
                }
            }

            return next;
        }
    }

    /// <summary>A fresh random transaction ID.</summary>
    public Bytes NewTransactionId()
    {
        Span<byte> id = stackalloc byte[12];
        _random.NextBytes(id);
        return Bytes.Copy(id);
    }

    /// <summary>
    /// Starts a transaction: <paramref name="request"/> is an encoded request whose transaction ID (bytes 8-19)
    /// identifies it. It is sent at once; over a <paramref name="reliable"/> transport it is never sent again.
    /// </summary>
    /// <exception cref="ArgumentException">Not a STUN request, or its transaction ID is already outstanding.</exception>
    /// <exception cref="InvalidOperationException"><see cref="StunTransactionOptions.MaxOutstanding"/> are outstanding.</exception>
    public Bytes Start(TimeSpan now, IPEndPoint to, byte[] request, bool reliable = false)
    {
        ArgumentNullException.ThrowIfNull(to);
        ArgumentNullException.ThrowIfNull(request);
        if (!StunCodec.TryDecode(request, out var message, out var error) || message.Class != StunClass.Request)
        {
            throw new ArgumentException($"not a STUN request: {error ?? message?.Class.ToString()}", nameof(request));
        }

        if (_pending.Count >= _options.MaxOutstanding)
        {
            throw new InvalidOperationException($"{_pending.Count} STUN transactions are outstanding; at most {_options.MaxOutstanding}");
        }

        if (_pending.ContainsKey(message.TransactionId))
        {
            throw new ArgumentException("that transaction ID is already outstanding", nameof(request));
        }

        var pending = new Pending(to, request, now, reliable)
        {
            Sends = 1,
            Rto = _options.InitialRto,
            Due = now + (reliable ? _options.ReliableTimeout : _options.MaxSends == 1 ? _options.InitialRto * _options.LastWaitMultiplier : _options.InitialRto),
        };
        _pending.Add(message.TransactionId, pending);
        _sends.Add((to, request));
        return message.TransactionId;
    }

    /// <summary>
    /// Hands in a datagram; true when it was the response to an outstanding transaction (which then ends).
    /// The response is matched by transaction ID alone: the caller checks its integrity (§6.3.3 leaves that to the usage).
    /// </summary>
    public bool Receive(TimeSpan now, IPEndPoint from, ReadOnlySpan<byte> datagram)
    {
        ArgumentNullException.ThrowIfNull(from);
        if (!StunCodec.TryDecode(datagram, out var message, out _)
            || message.Class is not (StunClass.SuccessResponse or StunClass.ErrorResponse)
            || !_pending.Remove(message.TransactionId, out var pending))
        {
            Unmatched++;
            return false;
        }

        _results.Add(new StunTransactionResult(message.TransactionId, message, Bytes.Copy(datagram), from, pending.Sends, now - pending.Started));
        return true;
    }

    /// <summary>Ends a transaction without a result (the caller lost interest); false when it was not outstanding.</summary>
    public bool Cancel(Bytes transactionId) => _pending.Remove(transactionId);

    /// <summary>Retransmits what is due at <paramref name="now"/> and times out what has waited long enough.</summary>
    public void Poll(TimeSpan now)
    {
        List<Bytes>? ended = null;
        foreach (var (id, p) in _pending)
        {
            if (p.Due > now)
            {
                continue;
            }

            if (p.Reliable || p.Sends >= _options.MaxSends)
            {
                (ended ??= []).Add(id);
                continue;
            }

            // §6.2.1: each retransmission waits twice as long as the one before.
            _sends.Add((p.To, p.Request));
            Retransmissions++;
            p.Sends++;
            p.Rto *= 2;
            p.Due += p.Sends == _options.MaxSends ? _options.InitialRto * _options.LastWaitMultiplier : p.Rto;
        }

        foreach (var id in ended ?? [])
        {
            _pending.Remove(id, out var p);
            _results.Add(new StunTransactionResult(id, null, Bytes.Empty, null, p!.Sends, now - p.Started));
        }
    }

    /// <summary>The datagrams to send, in order; the list is emptied.</summary>
    public IReadOnlyList<(IPEndPoint To, byte[] Bytes)> DrainSends()
    {
        var sends = _sends.ToArray();
        _sends.Clear();
        return sends;
    }

    /// <summary>The transactions that ended, in order; the list is emptied.</summary>
    public IReadOnlyList<StunTransactionResult> DrainResults()
    {
        var results = _results.ToArray();
        _results.Clear();
        return results;
    }

    private sealed class Pending(IPEndPoint to, byte[] request, TimeSpan started, bool reliable)
    {
        public IPEndPoint To { get; } = to;

        public byte[] Request { get; } = request;

        public TimeSpan Started { get; } = started;

        public bool Reliable { get; } = reliable;

        public int Sends { get; set; }

        public TimeSpan Rto { get; set; }

        public TimeSpan Due { get; set; }
    }
}
