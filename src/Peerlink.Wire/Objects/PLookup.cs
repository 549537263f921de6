using Peerlink.Core;

namespace Peerlink.Wire;

//  PLookup (§9.3.7):
//   0                   1                   2                   3
//   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |    Num    |E|R|              Peer-IDa                        //
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  //                   [R=1: Peer-IDb]                           //
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
//  The IDs have no length field: one ID fills the rest of the value, or two of equal width when R=1.

/// <summary>What a PLookup asks for.</summary>
public enum PeerLookupMode : byte
{
    /// <summary>E=0, R=0: up to Num peers closest to Peer-IDa.</summary>
    Closest = 0,

    /// <summary>E=1: the peer whose ID is exactly Peer-IDa.</summary>
    Exact = 1,

    /// <summary>R=1: up to Num peers with IDs in [Peer-IDa, Peer-IDb].</summary>
    Range = 2,
}

/// <summary>PLookup (§9.3.7): find peers by ID.</summary>
/// <param name="Count">Most peers to return, 0 to 63.</param>
/// <param name="Mode">Exact, closest, or range.</param>
/// <param name="Target">Peer-IDa.</param>
/// <param name="RangeEnd">Peer-IDb, only for <see cref="PeerLookupMode.Range"/>.</param>
public sealed record PLookup(byte Count, PeerLookupMode Mode, NodeId Target, NodeId? RangeEnd = null) : P2ppObject
{
    /// <summary>Largest Num (6 bits).</summary>
    public const int MaxCount = 63;

    /// <inheritdoc/>
    public override ObjectType Type => ObjectType.PLookup;

    internal override int ValueLength
    {
        get
        {
            if (!Enum.IsDefined(Mode))
            {
                throw new ArgumentException($"PLookup mode {(byte)Mode} is not closest, exact or range");
            }

            if (Count > MaxCount)
            {
                throw new ArgumentException($"PLookup Num is 0 to {MaxCount}, not {Count}");
            }

            if ((Mode == PeerLookupMode.Range) != (RangeEnd is not null))
            {
                throw new ArgumentException("a PLookup has Peer-IDb exactly when it is a range lookup");
            }

            if (RangeEnd is { } end && end.Length != Target.Length)
            {
                throw new ArgumentException("range ends of a PLookup have one width");
            }

            return 1 + IdValue.Length(Target) + (RangeEnd?.Length ?? 0);
        }
    }

    internal override void WriteValue(ref WireWriter writer)
    {
        writer.WriteByte((byte)((Count << 2) | (Mode == PeerLookupMode.Exact ? 2 : 0) | (Mode == PeerLookupMode.Range ? 1 : 0)));
        writer.WriteBytes(Target.Span);
        if (RangeEnd is { } end)
        {
            writer.WriteBytes(end.Span);
        }
    }

    internal static PLookup ReadValue(ref WireReader value)
    {
        var first = value.ReadByte();
        var exact = (first & 2) != 0;
        var range = (first & 1) != 0;
        if (exact && range)
        {
            value.Fail(DecodeError.BadObject, "PLookup sets both E and R (R only when E is not set)");
        }

        var idBytes = value.Remaining;
        if (range && idBytes % 2 != 0)
        {
            value.Fail(DecodeError.BadObject, $"range PLookup with {idBytes} ID bytes cannot hold two IDs of one width");
        }

        var width = range ? idBytes / 2 : idBytes;
        if (width is < 1 or > NodeId.MaxLength)
        {
            value.Fail(DecodeError.BadObject, $"PLookup ID of {width} bytes; IDs are 1 to {NodeId.MaxLength}");
        }

        var target = NodeId.FromBytes(value.ReadSpan(width));
        NodeId? end = range ? NodeId.FromBytes(value.ReadSpan(width)) : null;
        var mode = exact ? PeerLookupMode.Exact : range ? PeerLookupMode.Range : PeerLookupMode.Closest;
        return new PLookup((byte)(first >> 2), mode, target, end);
    }
}
