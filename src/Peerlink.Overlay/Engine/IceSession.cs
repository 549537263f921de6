using Peerlink.Core;
using Peerlink.Nat.Ice;

namespace Peerlink.Overlay.Engine;

/// <summary>One peer's ICE session: the agent and what became of it.</summary>
/// <param name="peer">The peer.</param>
/// <param name="peerAddress">Its address in the tables.</param>
/// <param name="agent">The agent.</param>
/// <param name="started">When the Connect went out or came in.</param>
internal sealed class IceSession(NodeId peer, NodeAddress peerAddress, IceAgent agent, TimeSpan started)
{
    public NodeId Peer { get; } = peer;

    public NodeAddress PeerAddress { get; } = peerAddress;

    public IceAgent Agent { get; } = agent;

    public TimeSpan Started { get; } = started;

    /// <summary>When the checks or the Connect failed; null while running or once selected.</summary>
    public TimeSpan? FailedAt { get; set; }

    /// <summary>The nominated path, once there is one.</summary>
    public PeerPath? Path { get; set; }

    /// <summary>The candidates sent to the peer in a Connect or its answer.</summary>
    public bool Offered { get; set; }
}
