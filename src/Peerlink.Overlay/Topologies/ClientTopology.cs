using Peerlink.Core;

namespace Peerlink.Overlay.Topologies;

/// <summary>
/// A client's view of the overlay (§3.2): no routing table, everything goes to the one peer it is
/// attached to, which routes on its behalf. A client owns no keys and never enters peers' tables
/// (its messages carry P=0).
/// </summary>
public sealed class ClientTopology(PeerRef self, PeerRef attachedPeer) : ITopology
{
    /// <inheritdoc/>
    public PeerRef Self { get; } = self;

    /// <inheritdoc/>
    public bool UsesRoundTrips => false;

    /// <inheritdoc/>
    public IReadOnlyList<MaintenanceAction> TakeRepairs() => [];

    /// <summary>The peer this client talks through.</summary>
    public PeerRef AttachedPeer { get; private set; } = attachedPeer;

    /// <inheritdoc/>
    public IEnumerable<PeerRef> Neighbors => [AttachedPeer];

    /// <inheritdoc/>
    public IEnumerable<PeerRef> AllPeers => [AttachedPeer];

    /// <inheritdoc/>
    public bool TryGetAddress(NodeId id, out NodeAddress address)
    {
        address = AttachedPeer.Address;
        return id == AttachedPeer.Id;
    }

    /// <inheritdoc/>
    public bool Owns(NodeId key) => false;

    /// <inheritdoc/>
    public TableChange Learn(PeerRef peer) => TableChange.None;

    /// <inheritdoc/>
    public bool Disowns(NodeId key, out RouteDecision instead)
    {
        instead = RouteDecision.Local;
        return false;
    }

    /// <inheritdoc/>
    public RouteDecision Route(NodeId key) => RouteDecision.Forward(AttachedPeer, ownsKey: false);

    /// <inheritdoc/>
    public IReadOnlyList<PeerRef> Closest(NodeId key, int count) => [AttachedPeer];

    /// <inheritdoc/>
    public IEnumerable<PeerRef> ReplicaSet(int count) => [];

    /// <inheritdoc/>
    public TableChange Observe(PeerRef peer, TimeSpan? rtt = null)
    {
        // The attached peer may answer from its real ID when the client knew only its address.
        if (peer.Address == AttachedPeer.Address && peer.Id != AttachedPeer.Id)
        {
            AttachedPeer = peer;
            return TableChange.Successors;
        }

        return TableChange.None;
    }

    /// <inheritdoc/>
    public TableChange MergeNeighbors(PeerRef from, IReadOnlyList<PeerRef> neighbors) => TableChange.None;

    /// <inheritdoc/>
    public TableChange Remove(NodeId id) => TableChange.None; // a client keeps its one peer and lets requests fail

    /// <inheritdoc/>
    public IReadOnlyList<MaintenanceAction> Maintenance(long round) => [new MaintenanceAction(MaintenanceKind.Ping, AttachedPeer)];
}
