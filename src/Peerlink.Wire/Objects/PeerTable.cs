using Peerlink.Core;

namespace Peerlink.Wire;

//  Routing-Table (§9.3.5) and Neighbor-Table (§9.3.6):
//   0                   1                   2                   3
//   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |  Num entries  |                                               |
//  +-+-+-+-+-+-+-+-+               [Peer-Info]+                    +
//  //                                                             //
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+

/// <summary>The shared layout of Routing-Table and Neighbor-Table: a count and that many Peer-Infos.</summary>
public abstract record PeerTable(ValueList<PeerInfo> Entries) : P2ppObject
{
    internal override int ValueLength
    {
        get
        {
            if (Entries.Count > byte.MaxValue)
            {
                throw new ArgumentException($"a {Type} holds at most 255 entries, not {Entries.Count}");
            }

            var length = 1;
            foreach (var e in Entries)
            {
                length += e.EncodedLength;
            }

            return length;
        }
    }

    internal override void WriteValue(ref WireWriter writer)
    {
        writer.WriteByte((byte)Entries.Count);
        foreach (var e in Entries)
        {
            e.Write(ref writer);
        }
    }

    internal static ValueList<PeerInfo> ReadEntries(ref WireReader value)
    {
        int count = value.ReadByte();
        var entries = new List<PeerInfo>(count);
        while (!value.IsEnd)
        {
            var at = value.Offset;
            switch (Read(ref value))
            {
                case PeerInfo info:
                    entries.Add(info);
                    break;
                case UnknownObject:
                    break; // AB=01: "deleted and the rest of the message processed as usual" (§9.2)
                default:
                    throw new MalformedMessageException(DecodeError.BadObject, at, "a table holds only Peer-Info objects", value.Context.Header);
            }
        }

        if (entries.Count != count)
        {
            value.Fail(DecodeError.BadObject, $"Num entries says {count}, the table holds {entries.Count}");
        }

        return ValueListMarshal.AsValueList(entries.ToArray());
    }
}

/// <summary>Routing-Table (§9.3.5).</summary>
/// <param name="Entries">The peers.</param>
public sealed record RoutingTable(ValueList<PeerInfo> Entries) : PeerTable(Entries)
{
    /// <inheritdoc/>
    public override ObjectType Type => ObjectType.RoutingTable;
}

/// <summary>Neighbor-Table (§9.3.6).</summary>
/// <param name="Entries">The peers.</param>
public sealed record NeighborTable(ValueList<PeerInfo> Entries) : PeerTable(Entries)
{
    /// <inheritdoc/>
    public override ObjectType Type => ObjectType.NeighborTable;
}
