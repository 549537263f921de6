namespace Peerlink.Nat.Ice;

/// <summary>
/// Forming a checklist (RFC 8445 §6.1.2): pairing, pruning, ordering, the pair limit and the initial
/// states. Pure functions; the agent keeps the list.
/// </summary>
public static class IceChecklist
{
    /// <summary>The default limit on the number of pairs (§6.1.2.5 recommends 100).</summary>
    public const int DefaultPairLimit = 100;

    /// <summary>
    /// Pairs every local candidate with every remote candidate of the same component and IP address
    /// family (§6.1.2.2); replaces a server reflexive local candidate by its base and drops pairs whose
    /// local base and remote candidate repeat a higher-priority pair (§6.1.2.4); orders by priority, highest
    /// first (§6.1.2.3), and keeps at most <paramref name="limit"/> pairs (§6.1.2.5). Every pair is Frozen.
    /// </summary>
    public static List<IceCandidatePair> Form(IEnumerable<IceLocalCandidate> locals, IEnumerable<IceCandidate> remotes, IceRole role, int limit = DefaultPairLimit)
    {
        ArgumentNullException.ThrowIfNull(locals);
        ArgumentNullException.ThrowIfNull(remotes);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var localList = locals.ToList();
        var pairs = new List<IceCandidatePair>();
        foreach (var l in localList)
        {
            // §6.1.2.4: a server reflexive local candidate is replaced by its base, when the base is a candidate.
            var local = l.Candidate.Type == IceCandidateType.ServerReflexive
                ? localList.FirstOrDefault(b => b.Candidate.Type == IceCandidateType.Host && b.Candidate.EndPoint.Equals(l.Base))?.Candidate ?? l.Candidate
                : l.Candidate;
            foreach (var r in remotes)
            {
                if (r.Component == local.Component && l.Base.AddressFamily == r.Address.AddressFamily)
                {
                    pairs.Add(new IceCandidatePair(local, l.Base, r, role));
                }
            }
        }

        pairs.Sort((a, b) => b.Priority.CompareTo(a.Priority));
        var seen = new HashSet<(System.Net.IPEndPoint, System.Net.IPEndPoint, int)>();
        var kept = new List<IceCandidatePair>();
        foreach (var p in pairs)
        {
            // §6.1.2.4: redundant when the local candidates have the same base and the remote candidates are the same;
            // the list is sorted, so the first one seen has the higher priority.
            if (seen.Add((p.LocalBase, p.Remote.EndPoint, p.Remote.Component)) && kept.Count < limit)
            {
                kept.Add(p);
            }
        }

        return kept;
    }

    /// <summary>
    /// The initial states (§6.1.2.6): every pair Frozen, then for each foundation the first pair with it
    /// (lowest component, then highest priority) Waiting.
    /// </summary>
    public static void SetInitialStates(IReadOnlyList<IceCandidatePair> pairs)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        var unfrozen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var p in pairs.OrderBy(p => p.Local.Component).ThenByDescending(p => p.Priority))
        {
            p.State = unfrozen.Add(p.Foundation) ? IceCandidatePairState.Waiting : IceCandidatePairState.Frozen;
        }
    }
}
