using Peerlink.Core;

namespace Peerlink.Wire;

//  Address-Info (§9.3.1): Num, then Num candidates, each laid out as the figure after Num.
//   0                   1                   2                   3
//   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |      Num      |R|Resv.| IP-ver|   Foundation  | Component-ID  |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |                             Priority                          |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |   TT  |   HT  |           Port                | Peer address //
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |  [R=1: Rel-Port (16)          | Rel-Address (same IP-ver)]   //
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
//  Num is 8 bits as drawn (the text says 4); the rel-addr/rel-port layout is ours. See docs/wire-format.md.

/// <summary>Address-Info (§9.3.1): the ICE candidates a node can be reached at.</summary>
/// <param name="Candidates">1 to 255 candidates, in preference order.</param>
public sealed record AddressInfo(ValueList<IceCandidate> Candidates) : P2ppObject
{
    /// <inheritdoc/>
    public override ObjectType Type => ObjectType.AddressInfo;

    internal override int ValueLength
    {
        get
        {
            if (Candidates.Count is < 1 or > byte.MaxValue)
            {
                throw new ArgumentException($"Address-Info holds 1 to 255 candidates, not {Candidates.Count}");
            }

            var length = 1;
            foreach (var c in Candidates)
            {
                if (!Enum.IsDefined(c.Transport) || !Enum.IsDefined(c.Kind))
                {
                    throw new ArgumentException($"candidate transport {(byte)c.Transport} or type {(byte)c.Kind} is not assigned (4-bit fields)");
                }

                var addr = c.EndPoint.AddressLength;
                length += 10 + addr;
                if (c.Related is { } rel)
                {
                    if (rel.IsIPv4 != c.EndPoint.IsIPv4)
                    {
                        throw new ArgumentException("a candidate's related address must be of its address family");
                    }

                    length += 2 + addr;
                }
            }

            return length;
        }
    }

    internal override void WriteValue(ref WireWriter writer)
    {
        writer.WriteByte((byte)Candidates.Count);
        Span<byte> address = stackalloc byte[16];
        foreach (var c in Candidates)
        {
            var version = c.EndPoint.IsIPv4 ? 4 : 6;
            writer.WriteByte((byte)((c.Related is null ? 0 : 0x80) | version));
            writer.WriteByte(c.Foundation);
            writer.WriteByte(c.ComponentId);
            writer.WriteUInt32(c.Priority);
            writer.WriteByte((byte)(((int)c.Transport << 4) | (int)c.Kind));
            writer.WriteUInt16(c.Port);
            writer.WriteBytes(address[..c.EndPoint.WriteAddressBytes(address)]);
            if (c.Related is { } rel)
            {
                writer.WriteUInt16(rel.Port);
                writer.WriteBytes(address[..rel.WriteAddressBytes(address)]);
            }
        }
    }

    internal static AddressInfo ReadValue(ref WireReader value)
    {
        var count = value.ReadByte();
        if (count == 0)
        {
            value.Fail(DecodeError.BadObject, "Address-Info with no candidates");
        }

        var candidates = new IceCandidate[count];
        for (var i = 0; i < count; i++)
        {
            var first = value.ReadByte();
            var hasRelated = (first & 0x80) != 0;
            var version = first & 0x0F;
            if (version is not (4 or 6))
            {
                value.Fail(DecodeError.BadObject, $"candidate {i}: IP version {version}, expected 4 or 6");
            }

            var foundation = value.ReadByte();
            var component = value.ReadByte();
            var priority = value.ReadUInt32();
            var types = value.ReadByte();
            var transport = types >> 4;
            var kind = types & 0x0F;
            if (transport > (int)CandidateTransport.Tcp)
            {
                value.Fail(DecodeError.BadObject, $"candidate {i}: transport type {transport} (0 UDP, 1 TCP)");
            }

            if (kind > (int)CandidateType.Relayed)
            {
                value.Fail(DecodeError.BadObject, $"candidate {i}: address type {kind} (0 host .. 3 relayed)");
            }

            var port = value.ReadUInt16();
            var addressLength = version == 4 ? 4 : 16;
            var address = NodeAddress.FromBytes(value.ReadSpan(addressLength), port);
            NodeAddress? related = null;
            if (hasRelated)
            {
                var relatedPort = value.ReadUInt16();
                related = NodeAddress.FromBytes(value.ReadSpan(addressLength), relatedPort);
            }

            candidates[i] = new IceCandidate(address, (CandidateTransport)transport, (CandidateType)kind, foundation, component, priority, related);
        }

        return new AddressInfo(ValueListMarshal.AsValueList(candidates));
    }
}
