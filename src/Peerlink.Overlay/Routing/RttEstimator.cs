using Peerlink.Core;

namespace Peerlink.Overlay;

/// <summary>
/// Per-neighbour retransmission timeouts computed as TCP does (RFC 6298, "Computing TCP's
/// Retransmission Timer"), the timeout Bamboo uses for its neighbours (Rhea et al., "Handling Churn
/// in a DHT", USENIX 2004, "Calculating good timeouts": a timeout fitted to each peer instead of one
/// fixed value). A pure data structure: the engine hands in measured round trips and timeouts, and
/// reads back the RTO.
/// </summary>
/// <remarks>
/// <para>
/// Per peer, RFC 6298 §2: the first sample R sets SRTT = R, RTTVAR = R/2; each later sample R'
/// sets RTTVAR = (1 − β)·RTTVAR + β·|SRTT − R'| and then SRTT = (1 − α)·SRTT + α·R' with α = 1/8,
/// β = 1/4 (RTTVAR first, with the old SRTT, as the RFC orders it). RTO = SRTT + max(G, 4·RTTVAR),
/// clamped to [<see cref="RttEstimatorOptions.MinRto"/>, <see cref="RttEstimatorOptions.MaxRto"/>].
/// A timeout doubles the RTO (§5.5), up to the ceiling; the next sample recomputes it from SRTT and
/// RTTVAR, which ends the backoff.
/// </para>
/// <para>
/// Karn's rule (§3) is the caller's: a request that was retransmitted gives no sample, since its
/// answer cannot be matched to one transmission.
/// </para>
/// <para>
/// State is kept small for 100,000 nodes in one process: at most
/// <see cref="RttEstimatorOptions.Capacity"/> peers, 32 bytes each, in one array that grows as peers
/// are sampled; times in whole microseconds. When full, the least recently used peer (sampled or
/// timed out longest ago) makes room. Reading an RTO does not count as use, so reads have no side effect.
/// </para>
/// </remarks>
public sealed class RttEstimator
{
    // Samples above this are cut to it: nothing real takes so long, and it keeps the arithmetic in range.
    private const long MaxSampleMicroseconds = 600_000_000;
    private const int NoSample = -1;

    private readonly int _minRto;
    private readonly int _maxRto;
    private readonly int _initialRto;
    private readonly int _granularity;
    private Entry[] _entries = [];
    private int _count;
    private long _clock;

    /// <summary>Creates an empty estimator.</summary>
    /// <param name="options">Bounds and size; <see cref="RttEstimatorOptions.Default"/> when null.</param>
    /// <exception cref="ArgumentException">The bounds are inconsistent (MinRto ≤ InitialRto ≤ MaxRto does not hold).</exception>
    public RttEstimator(RttEstimatorOptions? options = null)
    {
        Options = options ?? RttEstimatorOptions.Default;
        Options.Validate();
        _minRto = Microseconds(Options.MinRto);
        _maxRto = Microseconds(Options.MaxRto);
        _initialRto = Microseconds(Options.InitialRto);
        _granularity = Microseconds(Options.Granularity);
    }

    /// <summary>The bounds and size in use.</summary>
    public RttEstimatorOptions Options { get; }

    /// <summary>Peers held.</summary>
    public int Count => _count;

    /// <summary>The timeout for a request to <paramref name="peer"/>: <see cref="RttEstimatorOptions.InitialRto"/> when it is not held.</summary>
    public TimeSpan Rto(NodeId peer)
    {
        var at = IndexOf(peer);
        return TimeSpan.FromMicroseconds(at >= 0 ? _entries[at].Rto : _initialRto);
    }

    /// <summary>What is held for <paramref name="peer"/>, if anything.</summary>
    public bool TryGet(NodeId peer, out RttEstimate estimate)
    {
        var at = IndexOf(peer);
        if (at < 0)
        {
            estimate = default;
            return false;
        }

        ref var e = ref _entries[at];
        estimate = e.Srtt == NoSample
            ? new RttEstimate(null, null, TimeSpan.FromMicroseconds(e.Rto))
            : new RttEstimate(TimeSpan.FromMicroseconds(e.Srtt), TimeSpan.FromMicroseconds(e.RttVar), TimeSpan.FromMicroseconds(e.Rto));
        return true;
    }

    /// <summary>
    /// A round trip to <paramref name="peer"/> was measured (from a request sent once, Karn's rule):
    /// updates SRTT and RTTVAR (RFC 6298 (2.2), (2.3)) and returns the new RTO, which ends any backoff.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="rtt"/> is negative.</exception>
    public TimeSpan Sample(NodeId peer, TimeSpan rtt)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rtt, TimeSpan.Zero);
        ref var e = ref Use(peer);
        long r = Math.Min(rtt.Ticks / TimeSpan.TicksPerMicrosecond, MaxSampleMicroseconds);
        long srtt, rttVar;
        if (e.Srtt == NoSample)
        {
            // (2.2) first measurement.
            srtt = r;
            rttVar = r / 2;
        }
        else
        {
            // (2.3) β = 1/4, then α = 1/8; RTTVAR uses the SRTT from before this sample.
            rttVar = ((3 * (long)e.RttVar) + Math.Abs(e.Srtt - r)) / 4;
            srtt = ((7 * (long)e.Srtt) + r) / 8;
        }

        e.Srtt = (int)srtt;
        e.RttVar = (int)rttVar;
        e.Rto = Clamp(srtt + Math.Max(_granularity, 4 * rttVar));
        return TimeSpan.FromMicroseconds(e.Rto);
    }

    /// <summary>
    /// A request to <paramref name="peer"/> timed out: the RTO doubles ("back off the timer", RFC 6298
    /// (5.5)), up to <see cref="RttEstimatorOptions.MaxRto"/>. Returns the new RTO. A peer not held
    /// is added with twice the initial RTO.
    /// </summary>
    public TimeSpan Backoff(NodeId peer)
    {
        ref var e = ref Use(peer);
        e.Rto = Clamp(2L * e.Rto);
        return TimeSpan.FromMicroseconds(e.Rto);
    }

    /// <summary>Forgets <paramref name="peer"/> (it left or was found dead). Returns whether it was held.</summary>
    public bool Forget(NodeId peer)
    {
        var at = IndexOf(peer);
        if (at < 0)
        {
            return false;
        }

        _entries[at] = _entries[--_count];
        _entries[_count] = default;
        return true;
    }

    // The entry of a peer, added if missing (evicting the least recently used when full), marked used.
    private ref Entry Use(NodeId peer)
    {
        if (peer.IsEmpty)
        {
            throw new ArgumentException("a peer needs an ID", nameof(peer));
        }

        var at = IndexOf(peer);
        if (at < 0)
        {
            at = FreeSlot();
            _entries[at] = new Entry { Id = peer, Hash = peer.GetHashCode(), Srtt = NoSample, RttVar = 0, Rto = _initialRto };
        }

        _entries[at].LastUse = ++_clock;
        return ref _entries[at];
    }

    private int FreeSlot()
    {
        var capacity = Options.Capacity;
        if (_count < capacity)
        {
            if (_count == _entries.Length)
            {
                Array.Resize(ref _entries, Math.Min(capacity, Math.Max(4, _entries.Length * 2)));
            }

            return _count++;
        }

        var oldest = 0;
        for (var i = 1; i < _count; i++)
        {
            if (_entries[i].LastUse < _entries[oldest].LastUse)
            {
                oldest = i;
            }
        }

        return oldest;
    }

    private int IndexOf(NodeId peer)
    {
        var hash = peer.GetHashCode();
        for (var i = 0; i < _count; i++)
        {
            if (_entries[i].Hash == hash && _entries[i].Id == peer)
            {
                return i;
            }
        }

        return -1;
    }

    private int Clamp(long rto) => (int)Math.Clamp(rto, _minRto, _maxRto);

    private static int Microseconds(TimeSpan value) => (int)(value.Ticks / TimeSpan.TicksPerMicrosecond);

    // 32 bytes: the ID's reference, its hash for a cheap first comparison, times in microseconds.
    private struct Entry
    {
        public NodeId Id;
        public int Hash;
        public int Srtt;
        public int RttVar;
        public int Rto;
        public long LastUse;
    }
}
