using Peerlink.Core;
using Peerlink.Wire;

namespace Peerlink.Overlay.Engine;

/// <summary>What the node remembers about a message it sent, until its transaction ends.</summary>
internal abstract class Pending;

/// <summary>A message whose outcome matters to nobody (replicas, responses, relayed responses).</summary>
internal sealed class FireAndForget : Pending
{
    public static FireAndForget Instance { get; } = new();
}

/// <summary>
/// A Replicate to one of the replica set: if it goes unanswered (the copy may not be there), the next
/// replication round sends the owned objects again.
/// </summary>
internal sealed class ReplicaPush : Pending
{
    public static ReplicaPush Instance { get; } = new();
}

/// <summary>A request this node forwarded recursively: its response goes back to <see cref="Upstream"/>.</summary>
/// <remarks>
/// It keeps the bytes it sent, not the decoded message: a forwarded request waits for its answer for
/// the whole rest of the path (seconds), and every hop of every recursive lookup holds one, so a
/// decoded message graph here is what fills a 100,000-node simulation's old generation. The rare
/// reroute decodes the bytes again.
/// </remarks>
internal sealed class Forwarded(NodeAddress upstream, P2ppHeader request, PeerRef nextHop, byte[] bytes) : Pending
{
    /// <summary>The message as forwarded, to send again along another route.</summary>
    public byte[] Bytes { get; } = bytes;

    /// <summary>Whether it was already rerouted once.</summary>
    public bool Rerouted { get; init; }

    public NodeAddress Upstream { get; } = upstream;

    public P2ppHeader Request { get; } = request;

    public PeerRef NextHop { get; } = nextHop;
}

/// <summary>A maintenance request to <see cref="Peer"/>: if it goes unanswered, the peer is dead.</summary>
internal sealed class Probe(PeerRef peer) : Pending
{
    public PeerRef Peer { get; } = peer;
}

/// <summary>One copy of an operation's request on its way to <see cref="Hop"/>.</summary>
internal sealed class Attempt(Operation operation, PeerRef hop) : Pending
{
    public Operation Operation { get; } = operation;

    public PeerRef Hop { get; } = hop;
}

/// <summary>An operation this node started (Publish, LookupObject, RemoveObject, LookupPeer).</summary>
internal sealed class Operation(RequestType type, NodeId key, ValueList<P2ppObject> body, RoutingMode mode, Action<OverlayResult> done)
{
    public RequestType Type { get; } = type;

    public NodeId Key { get; } = key;

    public ValueList<P2ppObject> Body { get; } = body;

    public RoutingMode Mode { get; } = mode;

    /// <summary>Where the request goes first instead of this node's own next hop, once; null for the route.</summary>
    public PeerRef? Via { get; init; }

    /// <summary>After a node lookup: the closest peers not yet tried, closest first; null without one.</summary>
    public Queue<PeerRef>? Candidates { get; set; }

    /// <summary>The node lookup this operation runs or ran first; null for routed operations.</summary>
    public Search? Search { get; set; }

    /// <summary>Whether the node lookup is still under way.</summary>
    public bool Searching => Search is { Done: false };

    /// <summary>Peers the request itself went to (a lookup for a value asks each once).</summary>
    public HashSet<NodeId> Tried { get; } = [];

    public int Attempts { get; set; }

    public int Outstanding { get; set; }

    public int IterativeHops { get; set; }

    public bool Finished { get; private set; }

    public void Finish(OverlayResult result)
    {
        if (Finished)
        {
            return;
        }

        Finished = true;
        done(result);
    }
}

/// <summary>One request of a node lookup (<see cref="Engine.Search"/>) on its way to <see cref="Peer"/>.</summary>
internal sealed class SearchStep(Search search, PeerRef peer) : Pending
{
    public Search Search { get; } = search;

    public PeerRef Peer { get; } = peer;
}
