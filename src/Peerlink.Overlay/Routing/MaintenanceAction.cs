using Peerlink.Core;

namespace Peerlink.Overlay;

/// <summary>What a maintenance round asks the engine to do.</summary>
public enum MaintenanceKind
{
    /// <summary>ExchangeTable with the neighbour table from <see cref="MaintenanceAction.Peer"/> (Chord's stabilize).</summary>
    ExchangeNeighbors,

    /// <summary>KeepAlive to <see cref="MaintenanceAction.Peer"/> (Chord's check_predecessor).</summary>
    Ping,

    /// <summary>LookupPeer for the peers closest to <see cref="MaintenanceAction.Target"/> (Chord's fix_fingers).</summary>
    FindPeers,
}

/// <summary>One maintenance step a topology decided on; the engine does the talking.</summary>
/// <param name="Kind">What to do.</param>
/// <param name="Peer">Whom to ask (ExchangeNeighbors, Ping).</param>
/// <param name="Target">What to look for (FindPeers).</param>
/// <param name="Count">How many peers closest to <paramref name="Target"/> to ask for (FindPeers; Kademlia asks for k).</param>
public readonly record struct MaintenanceAction(MaintenanceKind Kind, PeerRef Peer = default, NodeId Target = default, byte Count = 1);
