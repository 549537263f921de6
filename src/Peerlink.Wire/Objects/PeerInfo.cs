using Peerlink.Core;

namespace Peerlink.Wire;

//  Peer-Info (§9.3.1) is a container: its value is a sequence of TLV objects.
//   0                   1                   2                   3
//   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  | Type=0        |0|0| Reserved  |           Length              |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  //  [Peer-ID] [Address-Info] [Unhashed-ID] [Uptime] [Expires]   //
//  //  [Certificate] [Connections] [Node-Resource-Utilization]     //
//  //  [Resource-List] [ignorable extensions]*                     //
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
//  "The Peer-Info MUST include an address-info object or a peer-ID" (§9.3.1). We write the
//  sub-objects in the order above; we read them in any order, each at most once.

/// <summary>Peer-Info (§9.3.1): who a node is and how to reach it.</summary>
/// <param name="PeerId">The node's ID; the originator may leave it out (it is in the header).</param>
/// <param name="Address">Its ICE candidates.</param>
public sealed record PeerInfo(NodeId? PeerId, AddressInfo? Address) : P2ppObject
{
    /// <summary>The name the ID was hashed from.</summary>
    public Bytes? UnhashedId { get; init; }

    /// <summary>Uptime in seconds.</summary>
    public uint? Uptime { get; init; }

    /// <summary>Keepalive interval in seconds ("expires which defines the keepalive interval").</summary>
    public uint? Expires { get; init; }

    /// <summary>The node's certificate.</summary>
    public Certificate? Certificate { get; init; }

    /// <summary>Connection counts (capabilities, §4.11).</summary>
    public Connections? Connections { get; init; }

    /// <summary>Bandwidth and CPU (capabilities, §4.11).</summary>
    public NodeResourceUtilization? Utilization { get; init; }

    /// <summary>Services the node offers (STUN, TURN).</summary>
    public ResourceList? Services { get; init; }

    /// <summary>Ignorable sub-objects of unknown types, kept for forwarding.</summary>
    public ValueList<UnknownObject> Extensions { get; init; }

    /// <inheritdoc/>
    public override ObjectType Type => ObjectType.PeerInfo;

    internal override int ValueLength
    {
        get
        {
            if (PeerId is null && Address is null)
            {
                throw new ArgumentException("a Peer-Info needs a Peer-ID or an Address-Info (§9.3.1)");
            }

            var length = 0;
            length += PeerId is { } id ? HeaderLength + IdValue.Length(id) : 0;
            length += Address?.EncodedLength ?? 0;
            length += UnhashedId is { } u ? HeaderLength + u.Length : 0;
            length += Uptime is null ? 0 : HeaderLength + 4;
            length += Expires is null ? 0 : HeaderLength + 4;
            length += Certificate?.EncodedLength ?? 0;
            length += Connections?.EncodedLength ?? 0;
            length += Utilization?.EncodedLength ?? 0;
            length += Services?.EncodedLength ?? 0;
            foreach (var e in Extensions)
            {
                length += e.EncodedLength;
            }

            return length;
        }
    }

    internal override void WriteValue(ref WireWriter writer)
    {
        if (PeerId is { } id)
        {
            writer.WriteBytesObject(ObjectType.PeerId, id.Span);
        }

        Address?.Write(ref writer);
        if (UnhashedId is { } u)
        {
            writer.WriteBytesObject(ObjectType.UnhashedId, u.Span);
        }

        if (Uptime is { } up)
        {
            writer.WriteUInt32Object(ObjectType.Uptime, up);
        }

        if (Expires is { } e)
        {
            writer.WriteUInt32Object(ObjectType.Expires, e);
        }

        Certificate?.Write(ref writer);
        Connections?.Write(ref writer);
        Utilization?.Write(ref writer);
        Services?.Write(ref writer);
        foreach (var x in Extensions)
        {
            x.Write(ref writer);
        }
    }

    internal static PeerInfo ReadValue(ref WireReader value)
    {
        PeerIdObject? id = null;
        AddressInfo? address = null;
        UnhashedId? unhashed = null;
        Uptime? uptime = null;
        Expires? expires = null;
        Certificate? certificate = null;
        Connections? connections = null;
        NodeResourceUtilization? utilization = null;
        ResourceList? services = null;
        List<UnknownObject>? extensions = null;
        while (!value.IsEnd)
        {
            var at = value.Offset;
            var part = Read(ref value);
            var fresh = part switch
            {
                UnknownObject u => Slots.Add(ref extensions, u),
                PeerIdObject p => Slots.Once(ref id, p),
                AddressInfo a => Slots.Once(ref address, a),
                UnhashedId u => Slots.Once(ref unhashed, u),
                Uptime u => Slots.Once(ref uptime, u),
                Expires e => Slots.Once(ref expires, e),
                Certificate c => Slots.Once(ref certificate, c),
                Connections c => Slots.Once(ref connections, c),
                NodeResourceUtilization n => Slots.Once(ref utilization, n),
                ResourceList r => Slots.Once(ref services, r),
                _ => throw new MalformedMessageException(DecodeError.BadObject, at, $"{part.Type} is not allowed inside a Peer-Info", value.Context.Header),
            };
            if (!fresh)
            {
                throw new MalformedMessageException(DecodeError.BadObject, at, $"Peer-Info holds two {part.Type} objects", value.Context.Header);
            }
        }

        if (id is null && address is null)
        {
            value.Fail(DecodeError.BadObject, "Peer-Info has neither Peer-ID nor Address-Info (§9.3.1)");
        }

        return new PeerInfo(id?.Id, address)
        {
            UnhashedId = unhashed?.Value,
            Uptime = uptime?.Seconds,
            Expires = expires?.Seconds,
            Certificate = certificate,
            Connections = connections,
            Utilization = utilization,
            Services = services,
            Extensions = extensions is null ? default : ValueListMarshal.AsValueList(extensions.ToArray()),
        };
    }
}
