namespace Peerlink.Wire;

//  Connections (§9.3.15):
//   0                   1                   2                   3
//   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |    Number of Neighbor Peers   |   Number of Routing Peers     |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |    Number of clients          |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+

/// <summary>Connections (§9.3.15): how many neighbours, routing peers and clients a peer has.</summary>
/// <param name="Neighbors">Neighbour peers.</param>
/// <param name="RoutingPeers">Routing-table peers.</param>
/// <param name="Clients">Attached clients.</param>
public sealed record Connections(ushort Neighbors, ushort RoutingPeers, ushort Clients) : P2ppObject
{
    /// <inheritdoc/>
    public override ObjectType Type => ObjectType.Connections;

    internal override int ValueLength => 6;

    internal override void WriteValue(ref WireWriter writer)
    {
        writer.WriteUInt16(Neighbors);
        writer.WriteUInt16(RoutingPeers);
        writer.WriteUInt16(Clients);
    }
}
