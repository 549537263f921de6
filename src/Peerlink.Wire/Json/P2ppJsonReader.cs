using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Peerlink.Core;

namespace Peerlink.Wire.Json;

/// <summary>
/// Reads the JSON form written by <see cref="P2ppJsonWriter"/> back into a message. Field names are
/// exact; enumerations accept the name (any case) or the number. Every fault throws
/// <see cref="FormatException"/> naming the JSON path.
/// </summary>
public static class P2ppJsonReader
{
    /// <summary>Parses a message from JSON text.</summary>
    /// <exception cref="FormatException">The text is not JSON, or not a message in our form.</exception>
    public static P2ppMessage Read(string json)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { MaxDepth = 32 });
        }
        catch (JsonException e)
        {
            throw new FormatException($"not JSON: {e.Message}", e);
        }

        var o = AsObject(root, "$");
        if (Optional(o, "version") is { } version && UInt(version, "$.version", 3) != P2ppHeader.Version)
        {
            throw new FormatException($"$.version: only version {P2ppHeader.Version} exists");
        }

        var kindText = String(Required(o, "kind"), "$.kind");
        var kind = Enum.GetValues<MessageKind>().FirstOrDefault(k => JsonNames.Kind(k) == kindText, (MessageKind)255);
        if (kind == (MessageKind)255)
        {
            throw new FormatException($"$.kind: '{kindText}' is not request, indication, response or responseAck");
        }

        var header = new P2ppHeader(
            kind,
            EnumValue<RequestType>(Required(o, "requestType"), "$.requestType"),
            (uint)UInt(Required(o, "transactionId"), "$.transactionId", uint.MaxValue),
            Id(Required(o, "sourceId"), "$.sourceId"))
        {
            IsAck = Bool(o, "ack", false),
            FromPeer = Bool(o, "peer", true),
            Recursive = Bool(o, "recursive", false),
            ResponseCode = (ResponseCode)UInt(Optional(o, "responseCode"), "$.responseCode", 0x1FF),
            Ttl = (byte)UInt(Optional(o, "ttl"), "$.ttl", byte.MaxValue),
            ResponseId = Optional(o, "responseId") is { } r ? Id(r, "$.responseId") : null,
        };

        var objects = new List<P2ppObject>();
        if (Optional(o, "objects") is { } list)
        {
            var array = AsArray(list, "$.objects");
            for (var i = 0; i < array.Count; i++)
            {
                objects.Add(ReadObject(array[i], $"$.objects[{i}]"));
            }
        }

        return new P2ppMessage(header, [.. objects]);
    }

    private static P2ppObject ReadObject(JsonNode? node, string path)
    {
        var o = AsObject(node, path);
        var typeName = String(Required(o, "type", path), path + ".type");
        if (typeName.Equals("Unknown", StringComparison.OrdinalIgnoreCase))
        {
            return ReadUnknown(o, path);
        }

        var type = EnumValue<ObjectType>(o["type"], path + ".type");
        string P(string name) => path + "." + name;
        JsonNode? F(string name) => Required(o, name, path);
        return type switch
        {
            ObjectType.PeerInfo => ReadPeerInfo(o, path),
            ObjectType.PeerId => new PeerIdObject(Id(F("id"), P("id"))),
            ObjectType.ResourceId => new ResourceIdObject(Id(F("id"), P("id"))),
            ObjectType.AddressInfo => ReadCandidates(F("candidates"), P("candidates")),
            ObjectType.UnhashedId => new UnhashedId(Blob(F("value"), P("value"))),
            ObjectType.Owner => new Owner(Blob(F("value"), P("value"))),
            ObjectType.CertificateSigningRequest => new CertificateSigningRequest(Blob(F("der"), P("der"))),
            ObjectType.Signature => new Signature(Blob(F("value"), P("value"))),
            ObjectType.Password => new Password(Blob(F("value"), P("value"))),
            ObjectType.Uptime => new Uptime(U32(F("seconds"), P("seconds"))),
            ObjectType.Expires => new Expires(U32(F("seconds"), P("seconds"))),
            ObjectType.TimeWindow => new TimeWindow(U32(F("seconds"), P("seconds"))),
            ObjectType.AsNumber => new AsNumber(U32(F("number"), P("number"))),
            ObjectType.P2pOptions => new P2pOptions(
                EnumValue<HashAlgorithmCode>(F("hashAlgorithm"), P("hashAlgorithm")),
                U8(F("hashLength"), P("hashLength")),
                EnumValue<OverlayAlgorithm>(F("algorithm"), P("algorithm")),
                U8(F("base"), P("base")),
                Blob(Optional(o, "overlayId"), P("overlayId"))),
            ObjectType.RequestOptions => new RequestOptions(ReadFlags(o, path)),
            ObjectType.DiagnosticOptions => new DiagnosticOptions(EnumList<ObjectType>(F("requested"), P("requested"))),
            ObjectType.RoutingTable => new RoutingTable(ReadEntries(F("entries"), P("entries"))),
            ObjectType.NeighborTable => new NeighborTable(ReadEntries(F("entries"), P("entries"))),
            ObjectType.PLookup => new PLookup(
                (byte)UInt(F("count"), P("count"), PLookup.MaxCount),
                EnumValue<PeerLookupMode>(F("mode"), P("mode")),
                Id(F("target"), P("target")),
                Optional(o, "rangeEnd") is { } end ? Id(end, P("rangeEnd")) : null),
            ObjectType.RLookup => new RLookup(
                EnumValue<ContentType>(F("contentType"), P("contentType")),
                U8(F("subType"), P("subType")),
                Id(F("resourceId"), P("resourceId")),
                OptionalBlob(o, "owner", path)),
            ObjectType.ResourceObject => new ResourceObject(
                EnumValue<ContentType>(F("contentType"), P("contentType")),
                U8(F("subType"), P("subType")),
                Id(F("resourceId"), P("resourceId")),
                Blob(Optional(o, "value"), P("value")))
            {
                Owner = OptionalBlob(o, "owner", path),
                Expires = Optional(o, "expires") is { } e ? U32(e, P("expires")) : null,
                Signature = OptionalBlob(o, "signature", path),
                Certificate = Optional(o, "certificate") is { } c ? ReadCertificate(AsObject(c, P("certificate")), P("certificate")) : null,
                Extensions = ReadExtensions(o, path),
            },
            ObjectType.Certificate => ReadCertificate(o, path),
            ObjectType.Connections => ReadConnections(o, path),
            ObjectType.NodeResourceUtilization => ReadUtilization(o, path),
            ObjectType.MessagesReceived => ReadCounts(F("counts"), P("counts")),
            ObjectType.Error => new ErrorObject(
                EnumValue<ErrorClass>(F("class"), P("class")),
                U8(F("subCode"), P("subCode")),
                Optional(o, "objectType") is { } t ? U8(t, P("objectType")) : (byte)0,
                Optional(o, "reason") is { } reason ? String(reason, P("reason")) : string.Empty),
            ObjectType.ResourceList => new ResourceList(EnumList<ContentType>(F("services"), P("services"))),
            ObjectType.IceCredentials => new IceCredentials(String(F("ufrag"), P("ufrag")), String(F("password"), P("password"))),
            _ => throw new FormatException($"{path}.type: no JSON form for {type}"),
        };
    }

    private static UnknownObject ReadUnknown(JsonObject o, string path) =>
        new(U8(Required(o, "typeCode", path), path + ".typeCode"), Blob(Optional(o, "value"), path + ".value"));

    private static PeerInfo ReadPeerInfo(JsonObject o, string path)
    {
        string P(string name) => path + "." + name;
        return new PeerInfo(
            Optional(o, "peerId") is { } id ? Id(id, P("peerId")) : null,
            Optional(o, "candidates") is { } c ? ReadCandidates(c, P("candidates")) : null)
        {
            UnhashedId = OptionalBlob(o, "unhashedId", path),
            Uptime = Optional(o, "uptime") is { } up ? U32(up, P("uptime")) : null,
            Expires = Optional(o, "expires") is { } e ? U32(e, P("expires")) : null,
            Certificate = Optional(o, "certificate") is { } cert ? ReadCertificate(AsObject(cert, P("certificate")), P("certificate")) : null,
            Connections = Optional(o, "connections") is { } conn ? ReadConnections(AsObject(conn, P("connections")), P("connections")) : null,
            Utilization = Optional(o, "utilization") is { } u ? ReadUtilization(AsObject(u, P("utilization")), P("utilization")) : null,
            Services = Optional(o, "services") is { } s ? new ResourceList(EnumList<ContentType>(s, P("services"))) : null,
            Extensions = ReadExtensions(o, path),
        };
    }

    private static AddressInfo ReadCandidates(JsonNode? node, string path)
    {
        var array = AsArray(node, path);
        var candidates = new IceCandidate[array.Count];
        for (var i = 0; i < array.Count; i++)
        {
            var p = $"{path}[{i}]";
            var c = AsObject(array[i], p);
            candidates[i] = new IceCandidate(
                Address(Required(c, "address", p), p + ".address"),
                (ushort)UInt(Required(c, "port", p), p + ".port", ushort.MaxValue),
                Optional(c, "transport") is { } t ? EnumValue<CandidateTransport>(t, p + ".transport") : CandidateTransport.Udp,
                Optional(c, "candidateType") is { } k ? EnumValue<CandidateType>(k, p + ".candidateType") : CandidateType.Host,
                Optional(c, "foundation") is { } f ? U8(f, p + ".foundation") : (byte)0,
                Optional(c, "componentId") is { } comp ? U8(comp, p + ".componentId") : (byte)2,
                Optional(c, "priority") is { } pr ? U32(pr, p + ".priority") : 0,
                Optional(c, "relatedAddress") is { } ra ? Address(ra, p + ".relatedAddress") : null,
                Optional(c, "relatedPort") is { } rp ? (ushort)UInt(rp, p + ".relatedPort", ushort.MaxValue) : (ushort)0);
        }

        return new AddressInfo(ValueList.Create<IceCandidate>(candidates));
    }

    private static ValueList<PeerInfo> ReadEntries(JsonNode? node, string path)
    {
        var array = AsArray(node, path);
        var entries = new PeerInfo[array.Count];
        for (var i = 0; i < array.Count; i++)
        {
            var p = $"{path}[{i}]";
            entries[i] = ReadObject(array[i], p) as PeerInfo ?? throw new FormatException($"{p}: a table holds only PeerInfo objects");
        }

        return ValueList.Create<PeerInfo>(entries);
    }

    private static Certificate ReadCertificate(JsonObject o, string path) =>
        new(EnumValue<CertificateKind>(Required(o, "kind", path), path + ".kind"), Blob(Optional(o, "der"), path + ".der"));

    private static Connections ReadConnections(JsonObject o, string path) => new(
        (ushort)UInt(Required(o, "neighbors", path), path + ".neighbors", ushort.MaxValue),
        (ushort)UInt(Required(o, "routingPeers", path), path + ".routingPeers", ushort.MaxValue),
        (ushort)UInt(Required(o, "clients", path), path + ".clients", ushort.MaxValue));

    private static NodeResourceUtilization ReadUtilization(JsonObject o, string path) => new(
        U32(Required(o, "bandwidthKbps", path), path + ".bandwidthKbps"),
        (byte)UInt(Required(o, "cpuPercent", path), path + ".cpuPercent", 100),
        (byte)UInt(Required(o, "bandwidthPercent", path), path + ".bandwidthPercent", 100));

    private static MessagesReceived ReadCounts(JsonNode? node, string path)
    {
        var array = AsArray(node, path);
        var counts = new MessageCount[array.Count];
        for (var i = 0; i < array.Count; i++)
        {
            var p = $"{path}[{i}]";
            var c = AsObject(array[i], p);
            counts[i] = new MessageCount(U8(Required(c, "messageType", p), p + ".messageType"), (uint)UInt(Required(c, "count", p), p + ".count", MessageCount.MaxCount));
        }

        return new MessagesReceived(ValueList.Create<MessageCount>(counts));
    }

    private static ValueList<UnknownObject> ReadExtensions(JsonObject o, string path)
    {
        if (Optional(o, "extensions") is not { } node)
        {
            return default;
        }

        var array = AsArray(node, path + ".extensions");
        var list = new UnknownObject[array.Count];
        for (var i = 0; i < array.Count; i++)
        {
            var p = $"{path}.extensions[{i}]";
            list[i] = ReadUnknown(AsObject(array[i], p), p);
        }

        return ValueList.Create<UnknownObject>(list);
    }

    private static RequestOptionBits ReadFlags(JsonObject o, string path)
    {
        var flags = (RequestOptionBits)(Optional(o, "reservedBits") is { } r ? U32(r, path + ".reservedBits") : 0);
        if (Optional(o, "flags") is { } node)
        {
            var array = AsArray(node, path + ".flags");
            for (var i = 0; i < array.Count; i++)
            {
                flags |= EnumValue<RequestOptionBits>(array[i], $"{path}.flags[{i}]");
            }
        }

        return flags;
    }

    private static ValueList<T> EnumList<T>(JsonNode? node, string path)
        where T : struct, Enum
    {
        var array = AsArray(node, path);
        var values = new T[array.Count];
        for (var i = 0; i < array.Count; i++)
        {
            values[i] = EnumValue<T>(array[i], $"{path}[{i}]");
        }

        return ValueList.Create<T>(values);
    }

    private static T EnumValue<T>(JsonNode? node, string path)
        where T : struct, Enum
    {
        if (node is JsonValue v && v.TryGetValue<string>(out var name))
        {
            // One whole name, any case: Enum.TryParse would also take "Join, Leave" or " 5".
            var match = Array.Find(Enum.GetNames<T>(), n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase));
            return match is not null
                ? Enum.Parse<T>(match)
                : throw new FormatException($"{path}: '{name}' is not one of {string.Join(", ", Enum.GetNames<T>())}");
        }

        var max = Convert.ToUInt64(typeof(T).GetEnumUnderlyingType() == typeof(byte) ? byte.MaxValue : typeof(T).GetEnumUnderlyingType() == typeof(ushort) ? ushort.MaxValue : uint.MaxValue, CultureInfo.InvariantCulture);
        var number = UInt(node, path, max);
        return (T)Enum.ToObject(typeof(T), number);
    }

    private static NodeId Id(JsonNode? node, string path)
    {
        var bytes = Blob(node, path);
        return bytes.Length is >= 1 and <= NodeId.MaxLength
            ? NodeId.FromBytes(bytes.Span)
            : throw new FormatException($"{path}: an ID is 1 to {NodeId.MaxLength} bytes of hex, got {bytes.Length}");
    }

    private static Bytes Blob(JsonNode? node, string path)
    {
        if (node is null)
        {
            return Bytes.Empty;
        }

        try
        {
            return Bytes.FromHex(String(node, path));
        }
        catch (FormatException e)
        {
            throw new FormatException($"{path}: {e.Message}", e);
        }
    }

    private static Bytes? OptionalBlob(JsonObject o, string name, string path) =>
        Optional(o, name) is { } node ? Blob(node, path + "." + name) : null;

    private static IPAddress Address(JsonNode? node, string path) =>
        IPAddress.TryParse(String(node, path), out var address)
            ? address
            : throw new FormatException($"{path}: not an IP address");

    private static byte U8(JsonNode? node, string path) => (byte)UInt(node, path, byte.MaxValue);

    private static uint U32(JsonNode? node, string path) => (uint)UInt(node, path, uint.MaxValue);

    private static ulong UInt(JsonNode? node, string path, ulong max)
    {
        if (node is null)
        {
            return 0;
        }

        if (node is JsonValue v && v.TryGetValue<JsonElement>(out var e) && e.ValueKind == JsonValueKind.Number && e.TryGetUInt64(out var n))
        {
            return n <= max ? n : throw new FormatException($"{path}: {n} is over the field's maximum of {max}");
        }

        throw new FormatException($"{path}: expected a whole number from 0 to {max}");
    }

    private static bool Bool(JsonObject o, string name, bool missing)
    {
        if (Optional(o, name) is not { } node)
        {
            return missing;
        }

        return node is JsonValue v && v.TryGetValue<bool>(out var b) ? b : throw new FormatException($"$.{name}: expected true or false");
    }

    private static string String(JsonNode? node, string path) =>
        node is JsonValue v && v.TryGetValue<string>(out var s) ? s : throw new FormatException($"{path}: expected a string");

    private static JsonObject AsObject(JsonNode? node, string path) =>
        node as JsonObject ?? throw new FormatException($"{path}: expected an object");

    private static JsonArray AsArray(JsonNode? node, string path) =>
        node as JsonArray ?? throw new FormatException($"{path}: expected an array");

    private static JsonNode? Optional(JsonObject o, string name) => o[name];

    private static JsonNode Required(JsonObject o, string name, string path = "$") =>
        o[name] ?? throw new FormatException($"{path}: missing \"{name}\"");
}
