namespace Peerlink.Wire;

//  General object format (draft-baset-p2psip-p2pp-01 §9.2):
//
//   0                   1                   2                   3
//   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |  Object-Type  |A|B| Reserved  |           Length              |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  //                          Value                              //
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
//  AB=00 mandatory: an unknown type rejects the whole message ("Unrecognized Object").
//  AB=01 ignorable: an unknown type is skipped (we keep it, to forward it unchanged).
//  AB=10 and AB=11 are reserved.

/// <summary>A P2PP TLV object. Each kind is a record in <c>Objects/</c> holding its own layout.</summary>
public abstract record P2ppObject
{
    /// <summary>Size of the object header.</summary>
    public const int HeaderLength = 4;

    /// <summary>Largest value the 16-bit Length field can describe.</summary>
    public const int MaxValueLength = ushort.MaxValue;

    /// <summary>The object's type code.</summary>
    public abstract ObjectType Type { get; }

    /// <summary>Bytes of the value, computed from the fields.</summary>
    internal abstract int ValueLength { get; }

    /// <summary>Whether an old receiver may skip this object (AB=01).</summary>
    internal virtual bool Ignorable => false;

    /// <summary>Header plus value.</summary>
    internal int EncodedLength => HeaderLength + CheckedValueLength();

    internal abstract void WriteValue(ref WireWriter writer);

    internal void Write(ref WireWriter writer)
    {
        var length = CheckedValueLength();
        writer.WriteObjectHeader((byte)Type, Ignorable, length);
        var start = writer.Position;
        WriteValue(ref writer);
        if (writer.Position - start != length)
        {
            throw new InvalidOperationException($"{Type} wrote {writer.Position - start} bytes, computed {length}");
        }
    }

    private int CheckedValueLength()
    {
        var length = ValueLength;
        if (length > MaxValueLength)
        {
            throw new ArgumentException($"{Type} value is {length} bytes; a P2PP object holds at most {MaxValueLength}");
        }

        return length;
    }

    /// <summary>Reads one TLV object at the reader's position, with its nested objects.</summary>
    internal static P2ppObject Read(ref WireReader reader)
    {
        var start = reader.Offset;
        var type = reader.ReadByte();
        var flags = reader.ReadByte();
        var length = reader.ReadUInt16();
        var context = reader.Context;
        if (++context.Objects > context.Options.MaxObjects)
        {
            reader.Fail(DecodeError.TooComplex, $"more than {context.Options.MaxObjects} objects");
        }

        var ab = flags >> 6;
        if (ab >= 2)
        {
            throw new MalformedMessageException(DecodeError.ReservedFlags, start, $"object type {type} has reserved A/B bits {(ab == 2 ? "10" : "11")}", context.Header);
        }

        if (reader.Remaining < length)
        {
            reader.Fail(DecodeError.Truncated, $"object type {type} at byte {start} declares {length} byte(s), {reader.Remaining} left");
        }

        var value = reader.ReadSub(length);
        if (!Enum.IsDefined((ObjectType)type))
        {
            if (ab == 0)
            {
                throw new MalformedMessageException(DecodeError.UnrecognizedObject, start, $"mandatory object of unknown type {type} (Unrecognized Object)", context.Header, type);
            }

            return new UnknownObject(type, Core.Bytes.Copy(value.ReadRest()));
        }

        if (++context.Depth > context.Options.MaxDepth)
        {
            value.Fail(DecodeError.TooComplex, $"objects nested deeper than {context.Options.MaxDepth}");
        }

        context.Deepest = Math.Max(context.Deepest, context.Depth);
        var result = type == (byte)ObjectType.PeerInfo && context.Options.Cache is { } cache
            ? ReadCached(cache, ref value)
            : ReadValue((ObjectType)type, ref value);
        context.Depth--;
        value.ExpectEnd((ObjectType)type);
        return result;
    }

    // A Peer-Info seen before, byte for byte, is the same immutable object: counted against the
    // limits as if decoded again (its nested objects and levels), so the cache changes no verdict.
    private static P2ppObject ReadCached(DecodeCache cache, ref WireReader value)
    {
        var context = value.Context;
        var bytes = value.PeekRest();
        if (cache.TryGet(bytes, out var known, out var nestedObjects, out var nestedDepth))
        {
            if ((context.Objects += nestedObjects) > context.Options.MaxObjects)
            {
                value.Fail(DecodeError.TooComplex, $"more than {context.Options.MaxObjects} objects");
            }

            if (context.Depth + nestedDepth > context.Options.MaxDepth)
            {
                value.Fail(DecodeError.TooComplex, $"objects nested deeper than {context.Options.MaxDepth}");
            }

            context.Deepest = Math.Max(context.Deepest, context.Depth + nestedDepth);
            value.ReadRest();
            return known;
        }

        var (objectsBefore, deepestBefore) = (context.Objects, context.Deepest);
        context.Deepest = context.Depth;
        var decoded = ReadValue(ObjectType.PeerInfo, ref value);
        cache.Add(bytes, decoded, context.Objects - objectsBefore, context.Deepest - context.Depth);
        context.Deepest = Math.Max(deepestBefore, context.Deepest);
        return decoded;
    }

    private static P2ppObject ReadValue(ObjectType type, ref WireReader value) => type switch
    {
        ObjectType.PeerInfo => PeerInfo.ReadValue(ref value),
        ObjectType.PeerId => PeerIdObject.ReadValue(ref value),
        ObjectType.AddressInfo => AddressInfo.ReadValue(ref value),
        ObjectType.UnhashedId => new UnhashedId(Core.Bytes.Copy(value.ReadRest())),
        ObjectType.Uptime => new Uptime(value.ReadUInt32()),
        ObjectType.P2pOptions => P2pOptions.ReadValue(ref value),
        ObjectType.RequestOptions => new RequestOptions((RequestOptionBits)value.ReadUInt32()),
        ObjectType.DiagnosticOptions => DiagnosticOptions.ReadValue(ref value),
        ObjectType.RoutingTable => new RoutingTable(PeerTable.ReadEntries(ref value)),
        ObjectType.NeighborTable => new NeighborTable(PeerTable.ReadEntries(ref value)),
        ObjectType.PLookup => PLookup.ReadValue(ref value),
        ObjectType.ResourceId => ResourceIdObject.ReadValue(ref value),
        ObjectType.RLookup => RLookup.ReadValue(ref value),
        ObjectType.ResourceObject => ResourceObject.ReadValue(ref value),
        ObjectType.Expires => new Expires(value.ReadUInt32()),
        ObjectType.Owner => new Owner(Core.Bytes.Copy(value.ReadRest())),
        ObjectType.CertificateSigningRequest => new CertificateSigningRequest(Core.Bytes.Copy(value.ReadRest())),
        ObjectType.Certificate => Certificate.ReadValue(ref value),
        ObjectType.Signature => new Signature(Core.Bytes.Copy(value.ReadRest())),
        ObjectType.TimeWindow => new TimeWindow(value.ReadUInt32()),
        ObjectType.Connections => new Connections(value.ReadUInt16(), value.ReadUInt16(), value.ReadUInt16()),
        ObjectType.NodeResourceUtilization => NodeResourceUtilization.ReadValue(ref value),
        ObjectType.MessagesReceived => MessagesReceived.ReadValue(ref value),
        ObjectType.AsNumber => new AsNumber(value.ReadUInt32()),
        ObjectType.Error => ErrorObject.ReadValue(ref value),
        ObjectType.ResourceList => ResourceList.ReadValue(ref value),
        ObjectType.Password => new Password(Core.Bytes.Copy(value.ReadRest())),
        ObjectType.IceCredentials => IceCredentials.ReadValue(ref value),
        _ => throw new InvalidOperationException($"no reader for defined object type {type}"),
    };
}
