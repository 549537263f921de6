using Peerlink.Core;
using Peerlink.Overlay.Storage;
using Peerlink.Overlay.Transactions;
using Peerlink.Wire;

namespace Peerlink.Overlay.Engine;

/// <summary>Settings of one overlay node. Validated at construction; defaults work with no configuration.</summary>
public sealed record OverlayNodeOptions
{
    private readonly byte _initialTtl = 32;
    private readonly int _replicas = 3;
    private readonly int _parallelCopies = 3;
    private readonly int _maxAttempts = 5;
    private readonly int _hopTransmissions = 3;

    private static TimeSpan DefaultMinRto => RttEstimatorOptions.Default.MinRto;

    private static TimeSpan DefaultMaxRto => RttEstimatorOptions.Default.MaxRto;

    /// <summary>Wire settings: the overlay's ID length and decoding limits.</summary>
    public WireOptions Wire { get; init; } = WireOptions.Default;

    /// <summary>T0, T2, T3 (§6.3).</summary>
    public TransactionTimers Timers { get; init; } = TransactionTimers.Default;

    /// <summary>
    /// Whether a request to a peer is first retransmitted after that peer's own timeout, SRTT +
    /// 4·RTTVAR from the round trips measured to it (RFC 6298; Bamboo's per-neighbour timeouts),
    /// instead of after T0 for everyone. On by default; T2 still bounds the attempts. Round trips are
    /// measured either way (Pastry's proximity neighbour selection needs them).
    /// </summary>
    public bool PerPeerTimeouts { get; init; } = true;

    /// <summary>
    /// With <see cref="PerPeerTimeouts"/>: how many times a request is sent to a peer before the
    /// peer is taken for dead and the request routed another way (3: after RTO, 2·RTO and 4·RTO,
    /// 1.4 s at the 200 ms floor; never later than T2). With 1 % loss, three lost exchanges in a row
    /// happen about once in 100,000.
    /// </summary>
    public int HopTransmissions
    {
        get => _hopTransmissions;
        init => _hopTransmissions = value is >= 1 and <= 8 ? value : throw new ArgumentOutOfRangeException(nameof(HopTransmissions), value, "1 to 8 transmissions");
    }

    /// <summary>
    /// Bounds and size of the round-trip estimator; null (the default) derives them from
    /// <see cref="Timers"/>: a peer not yet measured is timed with T0, the floor is 200 ms (or T0 if
    /// less), the ceiling 5 s (or T0 if more), and the 16 peers used last are held (a lookup's next
    /// hops and the neighbours pinged; 32 bytes each, a small share of a node's 20 KiB).
    /// </summary>
    public RttEstimatorOptions? RoundTrips { get; init; }

    /// <summary>Storage quotas and lifetimes.</summary>
    public StoreLimits Store { get; init; } = StoreLimits.Default;

    /// <summary>
    /// The address the node's socket is bound to, when it differs from the node's own address: the node
    /// sits behind a NAT and its address is the server-reflexive one a STUN server saw (RFC 8445 §5.1.1.2).
    /// The node's Peer-Info then lists both candidates, the reflexive one first (what peers send to) and
    /// this host one after it. Null (the default) for a node reached at the address it is bound to.
    /// </summary>
    public NodeAddress? HostAddress { get; init; }

    /// <summary>
    /// The timers of the ICE agents a node runs with peers it exchanged a Connect with; null takes
    /// <see cref="DefaultIce"/>.
    /// </summary>
    public Nat.Ice.IceAgentOptions? Ice { get; init; }

    /// <summary>
    /// The ICE settings a node uses unless told otherwise: the agent's (RTO 500 ms), except that the
    /// controlling side nominates the first pair that succeeds (NominationDelay 0, as aioice does) rather
    /// than waiting a second for better ones, and checks are paced at Ta 20 ms (aioice's; RFC 8445 §14.2
    /// allows down to 5 ms): a node has one data stream per peer, not the media streams Ta's 50 ms was
    /// sized for. A path to a neighbour is wanted now, and a pair of higher priority still in progress
    /// is mostly a host pair across two NATs that will never answer (bench/RESULTS.md, ICE setup).
    /// </summary>
    public static Nat.Ice.IceAgentOptions DefaultIce { get; } = new() { NominationDelay = TimeSpan.Zero, Ta = TimeSpan.FromMilliseconds(20) };

    /// <summary>
    /// Whether this node's host runs a TURN server (RFC 8656) on the node's P2PP port + 1 for the overlay's
    /// members: the node says so in its Peer-Info's Resource-List (Cont-Type TURN).
    /// </summary>
    public bool OffersTurn { get; init; }

    /// <summary>
    /// The long-term credentials (RFC 8489 §9.2) a node behind a NAT uses at the TURN servers peers offer,
    /// to allocate a relayed candidate (RFC 8445 §5.1.1.2); null uses no relay.
    /// </summary>
    public TurnCredentials? TurnCredentials { get; init; }

    /// <summary>TTL of requests this node originates: the most hops a request may take.</summary>
    public byte InitialTtl
    {
        get => _initialTtl;
        init => _initialTtl = value > 0 ? value : throw new ArgumentOutOfRangeException(nameof(InitialTtl));
    }

    /// <summary>Copies of each stored object kept on the owner's successors (r).</summary>
    public int Replicas
    {
        get => _replicas;
        init => _replicas = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(Replicas));
    }

    /// <summary>Copies sent by a parallel request.</summary>
    public int ParallelCopies
    {
        get => _parallelCopies;
        init => _parallelCopies = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(ParallelCopies));
    }

    /// <summary>
    /// Routes an operation tries before it fails (5): after a next hop times out, it is dropped from
    /// the routing table and the request goes another way (reactive recovery). Under churn several
    /// entries in a row can be dead; with per-peer timeouts a dead hop costs about 1.4 s (three
    /// RTOs), so five tries take no longer than three did at T2 each. (500 Pastry peers, 15-minute
    /// sessions, 1 % loss: 98.6 % of lookups with 3 tries, 99.6 % with 5.)
    /// </summary>
    public int MaxAttempts
    {
        get => _maxAttempts;
        init => _maxAttempts = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(MaxAttempts));
    }

    /// <summary>
    /// Period of the topology's maintenance rounds (stabilize, check predecessor, fix one finger);
    /// the draft's reference timers are RMT = NMT = 30 s and KAT = 10 s (§4.9.1).
    /// </summary>
    public TimeSpan MaintenanceInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How often owned objects are copied again to the replica set, when it changed (§4.10: RT 30 s).</summary>
    public TimeSpan ReplicationInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How often owned objects are copied to the replica set even when it did not change: Kademlia's
    /// tReplicate (Maymounkov and Mazières §2.5, 3,600 s by default), which repairs a copy that a
    /// replica lost without anyone noticing.
    /// </summary>
    public TimeSpan RepublishInterval { get; init; } = TimeSpan.FromHours(1);

    /// <summary>The estimator's settings: <see cref="RoundTrips"/>, or those derived from <see cref="Timers"/>.</summary>
    public RttEstimatorOptions RoundTripOptions => RoundTrips ?? new RttEstimatorOptions
    {
        InitialRto = Timers.T0,
        MinRto = Timers.T0 < DefaultMinRto ? Timers.T0 : DefaultMinRto,
        MaxRto = Timers.T0 > DefaultMaxRto ? Timers.T0 : DefaultMaxRto,
        Capacity = 16,
    };

    /// <summary>
    /// How often a node publishes again what it published itself (and has not removed): Kademlia's
    /// tRepublish (Maymounkov and Mazières §2.5, 86,400 s), so that an object outlives the loss of
    /// every copy as long as its publisher lives. Checked on the replication rounds.
    /// </summary>
    public TimeSpan PublisherRepublishInterval { get; init; } = TimeSpan.FromHours(24);

    /// <summary>How long a received message is remembered to recognise its retransmissions (§4.3).</summary>
    public TimeSpan DuplicateWindow => Timers.T2 + Timers.T3;
}
