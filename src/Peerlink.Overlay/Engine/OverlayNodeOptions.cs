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
    private readonly int _maxAttempts = 3;

    /// <summary>Wire settings: the overlay's ID length and decoding limits.</summary>
    public WireOptions Wire { get; init; } = WireOptions.Default;

    /// <summary>T0, T2, T3 (§6.3).</summary>
    public TransactionTimers Timers { get; init; } = TransactionTimers.Default;

    /// <summary>Storage quotas and lifetimes.</summary>
    public StoreLimits Store { get; init; } = StoreLimits.Default;

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
    /// Routes an operation tries before it fails: after a next hop times out, it is dropped from the
    /// routing table and the request goes another way (reactive recovery).
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

    /// <summary>How long a received message is remembered to recognise its retransmissions (§4.3).</summary>
    public TimeSpan DuplicateWindow => Timers.T2 + Timers.T3;
}
