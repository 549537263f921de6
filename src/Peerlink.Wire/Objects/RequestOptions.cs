namespace Peerlink.Wire;

//  Request-Options (§9.3.3), one 32-bit word:
//   0                   1                   2                   3
//   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |P|R|N|E|A|S|L|F|                  (reserved)                   |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+

/// <summary>Request-Options flags (§9.3.3). Reserved bits are kept as received.</summary>
[Flags]
public enum RequestOptionBits : uint
{
    /// <summary>No flag.</summary>
    None = 0,

    /// <summary>P: this copy of a parallel lookup is the primary one.</summary>
    Primary = 1u << 31,

    /// <summary>R: send me your routing table.</summary>
    RoutingTable = 1u << 30,

    /// <summary>N: send me your neighbour table.</summary>
    NeighborTable = 1u << 29,

    /// <summary>E: send the tables later, in a separate ExchangeTable request.</summary>
    SeparateRequest = 1u << 28,

    /// <summary>A: include a partial copy of the tables, as the UDP MTU allows.</summary>
    PartialCopy = 1u << 27,

    /// <summary>S: this Join is sent to the new peer's immediate neighbours.</summary>
    ToNeighbors = 1u << 26,

    /// <summary>L: every hop appends its Peer-Info (route log).</summary>
    RouteLog = 1u << 25,

    /// <summary>
    /// F (ours, first reserved bit): the sender found the key between itself and the receiver, so
    /// the receiver is the key's owner and serves the request (Chord's find_successor answer is the
    /// predecessor's word, not the successor's; the successor may not yet know its predecessor died).
    /// Other implementations ignore reserved bits (docs/wire-format.md).
    /// </summary>
    Final = 1u << 24,
}

/// <summary>Request-Options (§9.3.3).</summary>
/// <param name="Flags">The flags.</param>
public sealed record RequestOptions(RequestOptionBits Flags) : P2ppObject
{
    /// <inheritdoc/>
    public override ObjectType Type => ObjectType.RequestOptions;

    internal override int ValueLength => 4;

    internal override void WriteValue(ref WireWriter writer) => writer.WriteUInt32((uint)Flags);
}
