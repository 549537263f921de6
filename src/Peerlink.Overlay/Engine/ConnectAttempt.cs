using Peerlink.Core;

namespace Peerlink.Overlay.Engine;

/// <summary>
/// A Connect (ICE offer) this node sent for <see cref="Peer"/> through <see cref="Hop"/>: its answer
/// starts the connectivity checks; silence or a 418 tries another first hop.
/// </summary>
internal sealed class ConnectAttempt(PeerRef peer, PeerRef hop, IReadOnlyList<NodeId> tried) : Pending
{
    public PeerRef Peer { get; } = peer;

    public PeerRef Hop { get; } = hop;

    /// <summary>The first hops tried so far, this one included.</summary>
    public IReadOnlyList<NodeId> Tried { get; } = tried;
}
