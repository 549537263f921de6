using System.Net;

namespace Peerlink.Nat.Ice;

/// <summary>
/// A pair in the checklist (RFC 8445 §6.1.2): a local candidate, the base its checks leave from, a remote
/// candidate, and the check's state. The agent changes the state; callers read it.
/// </summary>
public sealed class IceCandidatePair
{
    internal IceCandidatePair(IceCandidate local, IPEndPoint localBase, IceCandidate remote, IceRole role)
    {
        Local = local;
        LocalBase = localBase;
        Remote = remote;
        Recompute(role);
    }

    /// <summary>The local candidate (after pruning, a server reflexive one is replaced by its base, §6.1.2.4).</summary>
    public IceCandidate Local { get; }

    /// <summary>The local base checks and data leave from.</summary>
    public IPEndPoint LocalBase { get; }

    /// <summary>The remote candidate checks go to.</summary>
    public IceCandidate Remote { get; }

    /// <summary>The pair's priority for the agent's current role (§6.1.2.3).</summary>
    public ulong Priority { get; private set; }

    /// <summary>The pair's state (§6.1.2.6).</summary>
    public IceCandidatePairState State { get; internal set; }

    /// <summary>
    /// The local candidate the peer saw when a check succeeded (§7.2.5.3.1): the mapped address of the
    /// response, a known candidate or a new peer reflexive one. Null until the pair is valid.
    /// </summary>
    public IceCandidate? Mapped { get; internal set; }

    /// <summary>A check on the pair succeeded: it is in the valid list (§7.2.5.3.2).</summary>
    public bool IsValid => Mapped is not null;

    /// <summary>The pair was nominated (§8.1.1, §7.3.1.5).</summary>
    public bool IsNominated { get; internal set; }

    /// <summary>The pair's foundation: the local and remote candidates' foundations (§6.1.2.6).</summary>
    public string Foundation => Local.Foundation + ":" + Remote.Foundation;

    /// <summary>Controlled: a request with USE-CANDIDATE arrived before the pair succeeded (§7.3.1.5).</summary>
    internal bool NominateOnSuccess { get; set; }

    /// <summary>Controlling: the next check carries USE-CANDIDATE (§8.1.1).</summary>
    internal bool Nominating { get; set; }

    /// <summary>
    /// pair priority = 2^32 * MIN(G, D) + 2 * MAX(G, D) + (G &gt; D ? 1 : 0) (RFC 8445 §6.1.2.3), G the
    /// controlling agent's candidate priority, D the controlled agent's.
    /// </summary>
    public static ulong ComputePriority(uint controlling, uint controlled) =>
        ((ulong)Math.Min(controlling, controlled) << 32) + (2 * (ulong)Math.Max(controlling, controlled)) + (controlling > controlled ? 1ul : 0ul);

    /// <inheritdoc/>
    public override string ToString() => $"{LocalBase} ({IceCandidate.TypeName(Local.Type)}) -> {Remote.EndPoint} ({IceCandidate.TypeName(Remote.Type)}) {State}";

    /// <summary>The priority follows the role (§7.3.1.1: a role switch recomputes it).</summary>
    internal void Recompute(IceRole role) =>
        Priority = role == IceRole.Controlling ? ComputePriority(Local.Priority, Remote.Priority) : ComputePriority(Remote.Priority, Local.Priority);
}
