using Peerlink.Core;

namespace Peerlink.Overlay;

/// <summary>What a maintenance round asks the engine to do.</summary>
public enum MaintenanceKind
{
    /// <summary>ExchangeTable with the neighbour table from <see cref="MaintenanceAction.Peer"/> (Chord's stabilize).</summary>
    ExchangeNeighbors,

    /// <summary>KeepAlive to <see cref="MaintenanceAction.Peer"/> (Chord's check_predecessor).</summary>
    Ping,

    /// <summary>
    /// LookupPeer for the peers closest to <see cref="MaintenanceAction.Target"/> (Chord's fix_fingers).
    /// With <see cref="MaintenanceAction.Peer"/> set, the lookup starts there rather than at this
    /// node's own next hop: a path that is not ours can find peers our table cannot lead to.
    /// </summary>
    FindPeers,

    /// <summary>
    /// ExchangeTable with the routing table (RequestOptions R flag) from <see cref="MaintenanceAction.Peer"/>,
    /// whose entries in row <see cref="MaintenanceAction.Row"/> are the ones wanted (Bamboo's local
    /// tuning). P2PP's ExchangeTable names no row, so the peer sends its whole table and the
    /// topology keeps what fits: the row says what the request is for, not what goes on the wire.
    /// </summary>
    ExchangeRow,
}

/// <summary>One maintenance step a topology decided on; the engine does the talking.</summary>
/// <param name="Kind">What to do.</param>
/// <param name="Peer">Whom to ask (ExchangeNeighbors, Ping, ExchangeRow); where a FindPeers starts, when set.</param>
/// <param name="Target">What to look for (FindPeers).</param>
/// <param name="Count">How many peers closest to <paramref name="Target"/> to ask for (FindPeers; Kademlia asks for k).</param>
/// <param name="Row">The routing-table row asked for (ExchangeRow).</param>
public readonly record struct MaintenanceAction(MaintenanceKind Kind, PeerRef Peer = default, NodeId Target = default, byte Count = 1, int Row = 0);
