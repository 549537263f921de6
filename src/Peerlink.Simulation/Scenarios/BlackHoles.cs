using Peerlink.Core;
using Peerlink.Overlay.Engine;
using Peerlink.Wire;

namespace Peerlink.Simulation.Scenarios;

/// <summary>
/// Which peers of a <see cref="LookupScenario"/> are black holes (<see cref="LookupScenarioOptions.BlackHoles"/>),
/// whether they have gone dark yet, and what they swallowed. Node numbers are fixed at the start, so
/// a peer that rejoins under churn is a black hole again.
/// </summary>
internal sealed class BlackHoles
{
    private readonly bool[] _members;
    private readonly long[] _dropped = new long[byte.MaxValue + 1];

    public BlackHoles(LookupScenarioOptions options)
    {
        _members = new bool[options.Nodes];
        Count = (int)Math.Round(options.Nodes * options.BlackHoles);
        if (Count == 0)
        {
            return;
        }

        // A random source of their own: a run without black holes draws the same numbers as before.
        var order = Enumerable.Range(0, options.Nodes).ToArray();
        new Random(unchecked((options.Seed * 37) + 11)).Shuffle(order);
        foreach (var index in order.AsSpan(0, Count))
        {
            _members[index] = true;
        }
    }

    /// <summary>How many peers are black holes.</summary>
    public int Count { get; }

    /// <summary>Whether they drop requests yet (before, while the overlay forms, they are honest).</summary>
    public bool Dark { get; set; }

    /// <summary>Requests dropped so far, by request type.</summary>
    public IReadOnlyDictionary<string, long> Drops => Enumerable.Range(0, _dropped.Length).Where(t => _dropped[t] > 0)
        .ToDictionary(t => ((RequestType)t).ToString(), t => _dropped[t], StringComparer.Ordinal);

    /// <summary>Whether the node numbered <paramref name="index"/> is a black hole.</summary>
    public bool Contains(int index) => (uint)index < (uint)_members.Length && _members[index];

    /// <summary>The engine the simulator runs for node <paramref name="index"/>: <paramref name="node"/>, behind a black hole if it is one.</summary>
    public IProtocolEngine Wrap(int index, OverlayNode node) => Contains(index) ? new BlackHoleNode(node, this) : node;

    /// <summary>The overlay engine inside what <see cref="Wrap"/> gave.</summary>
    public static OverlayNode Unwrap(IProtocolEngine engine) => engine switch
    {
        BlackHoleNode b => b.Inner,
        SipPeerNode s => s.Overlay,
        _ => (OverlayNode)engine,
    };

    /// <summary>
    /// Whether a black hole drops requests of this type: the ones routed by key (they carry the
    /// workload, and a hop that swallows them cuts the path), not the maintenance that keeps it in
    /// tables. Replicate and Transfer get through: a black hole takes copies and never gives them out.
    /// </summary>
    public static bool Swallows(RequestType type) =>
        type is RequestType.Publish or RequestType.LookupObject or RequestType.LookupPeer or RequestType.RemoveObject;

    /// <summary>
    /// The keys of <paramref name="keys"/> that a live black hole owns now, by its own table: the objects
    /// a lookup can find only at a replica, once it gets past the owner.
    /// </summary>
    public HashSet<NodeId> Owned(Simulator sim, IEnumerable<NodeId> keys)
    {
        var owners = Enumerable.Range(0, Math.Min(sim.NodeCount, _members.Length)).Where(Contains).Select(sim.Node)
            .Select(sim.GetEngine).OfType<IProtocolEngine>().Select(Unwrap).ToList();
        return [.. keys.Where(k => owners.Exists(o => o.Topology.Owns(k)))];
    }

    /// <summary>A black hole dropped a request of this type.</summary>
    public void Dropped(RequestType type) => _dropped[(byte)type]++;
}
