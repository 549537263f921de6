using Peerlink.Core;

namespace Peerlink.Overlay.Engine;

/// <summary>
/// The path ICE selected to a peer (RFC 8445 §8.1.1): from which of this node's candidates to which of the
/// peer's, and what kind each is. P2PP to the peer goes over it.
/// </summary>
/// <param name="Peer">The peer's ID.</param>
/// <param name="PeerAddress">The address the peer's Peer-Info gives (what the routing tables hold).</param>
/// <param name="LocalType">host, srflx, prflx or relay: this node's side as the peer sees it.</param>
/// <param name="Local">This node's candidate on the path.</param>
/// <param name="RemoteType">host, srflx, prflx or relay: the peer's side.</param>
/// <param name="Remote">Where packets for the peer go.</param>
/// <param name="SetupTime">From the Connect (or the answer to one) to the nomination.</param>
public sealed record PeerPath(NodeId Peer, NodeAddress PeerAddress, string LocalType, NodeAddress Local, string RemoteType, NodeAddress Remote, TimeSpan SetupTime)
{
    /// <inheritdoc/>
    public override string ToString() => $"{LocalType} {Local} -> {RemoteType} {Remote}";
}
