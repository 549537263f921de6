using System.Text;
using System.Text.Json;
using Peerlink.Core;

namespace Peerlink.Wire.Json;

/// <summary>
/// Writes a message as JSON: header fields by name, every object by name with its fields, IDs and
/// opaque bytes as lowercase hex, enumerations by name where the draft names the value. The inverse
/// is <see cref="P2ppJsonReader"/>; docs/wire-format.md shows an example.
/// </summary>
public static class P2ppJsonWriter
{
    /// <summary>The message as JSON text.</summary>
    public static string Write(P2ppMessage message, bool indented = true)
    {
        ArgumentNullException.ThrowIfNull(message);
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = indented }))
        {
            WriteMessage(json, message);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteMessage(Utf8JsonWriter json, P2ppMessage message)
    {
        var h = message.Header;
        json.WriteStartObject();
        json.WriteNumber("version", P2ppHeader.Version);
        json.WriteString("kind", JsonNames.Kind(h.Kind));
        json.WriteBoolean("ack", h.IsAck);
        json.WriteBoolean("peer", h.FromPeer);
        json.WriteBoolean("recursive", h.Recursive);
        json.WriteNumber("responseCode", (ushort)h.ResponseCode);
        WriteEnum(json, "requestType", h.RequestType);
        json.WriteNumber("ttl", h.Ttl);
        json.WriteNumber("transactionId", h.TransactionId);
        json.WriteString("sourceId", h.SourceId.ToString());
        if (h.ResponseId is { } r)
        {
            json.WriteString("responseId", r.ToString());
        }

        json.WriteStartArray("objects");
        foreach (var o in message.Objects)
        {
            WriteObject(json, o);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteObject(Utf8JsonWriter json, P2ppObject o)
    {
        json.WriteStartObject();
        if (o is UnknownObject u)
        {
            json.WriteString("type", "Unknown");
            json.WriteNumber("typeCode", u.TypeCode);
            json.WriteString("value", u.Value.ToString());
            json.WriteEndObject();
            return;
        }

        json.WriteString("type", o.Type.ToString());
        switch (o)
        {
            case PeerInfo p:
                WritePeerInfoFields(json, p);
                break;
            case PeerIdObject p:
                json.WriteString("id", p.Id.ToString());
                break;
            case ResourceIdObject r:
                json.WriteString("id", r.Id.ToString());
                break;
            case AddressInfo a:
                WriteCandidates(json, a);
                break;
            case UnhashedId x:
                json.WriteString("value", x.Value.ToString());
                break;
            case Owner x:
                json.WriteString("value", x.Value.ToString());
                break;
            case CertificateSigningRequest x:
                json.WriteString("der", x.Der.ToString());
                break;
            case Signature x:
                json.WriteString("value", x.Value.ToString());
                break;
            case Password x:
                json.WriteString("value", x.Value.ToString());
                break;
            case Uptime x:
                json.WriteNumber("seconds", x.Seconds);
                break;
            case Expires x:
                json.WriteNumber("seconds", x.Seconds);
                break;
            case TimeWindow x:
                json.WriteNumber("seconds", x.Seconds);
                break;
            case AsNumber x:
                json.WriteNumber("number", x.Number);
                break;
            case P2pOptions x:
                WriteEnum(json, "hashAlgorithm", x.HashAlgorithm);
                json.WriteNumber("hashLength", x.HashLength);
                WriteEnum(json, "algorithm", x.Algorithm);
                json.WriteNumber("base", x.Base);
                json.WriteString("overlayId", x.OverlayId.ToString());
                break;
            case RequestOptions x:
                WriteFlags(json, x.Flags);
                break;
            case DiagnosticOptions x:
                json.WriteStartArray("requested");
                foreach (var t in x.Requested)
                {
                    WriteEnumValue(json, t);
                }

                json.WriteEndArray();
                break;
            case PeerTable x:
                json.WriteStartArray("entries");
                foreach (var e in x.Entries)
                {
                    WriteObject(json, e);
                }

                json.WriteEndArray();
                break;
            case PLookup x:
                json.WriteNumber("count", x.Count);
                json.WriteString("mode", x.Mode.ToString());
                json.WriteString("target", x.Target.ToString());
                if (x.RangeEnd is { } end)
                {
                    json.WriteString("rangeEnd", end.ToString());
                }

                break;
            case RLookup x:
                WriteEnum(json, "contentType", x.ContentType);
                json.WriteNumber("subType", x.SubType);
                json.WriteString("resourceId", x.ResourceId.ToString());
                WriteBytesIf(json, "owner", x.Owner);
                break;
            case ResourceObject x:
                WriteEnum(json, "contentType", x.ContentType);
                json.WriteNumber("subType", x.SubType);
                json.WriteString("resourceId", x.ResourceId.ToString());
                json.WriteString("value", x.Value.ToString());
                WriteBytesIf(json, "owner", x.Owner);
                if (x.Expires is { } expires)
                {
                    json.WriteNumber("expires", expires);
                }

                WriteBytesIf(json, "signature", x.Signature);
                WriteCertificateIf(json, x.Certificate);
                WriteExtensions(json, x.Extensions);
                break;
            case Certificate x:
                WriteCertificateFields(json, x);
                break;
            case Connections x:
                WriteConnectionsFields(json, x);
                break;
            case NodeResourceUtilization x:
                WriteUtilizationFields(json, x);
                break;
            case MessagesReceived x:
                json.WriteStartArray("counts");
                foreach (var c in x.Counts)
                {
                    json.WriteStartObject();
                    json.WriteNumber("messageType", c.MessageType);
                    json.WriteNumber("count", c.Count);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                break;
            case ErrorObject x:
                WriteEnum(json, "class", x.Class);
                json.WriteNumber("subCode", x.SubCode);
                json.WriteNumber("objectType", x.ObjectTypeCode);
                json.WriteString("reason", x.Reason);
                break;
            case ResourceList x:
                WriteServices(json, x);
                break;
            case IceCredentials x:
                json.WriteString("ufrag", x.Ufrag);
                json.WriteString("password", x.Password);
                break;
            default:
                throw new InvalidOperationException($"no JSON form for {o.GetType().Name}");
        }

        json.WriteEndObject();
    }

    private static void WritePeerInfoFields(Utf8JsonWriter json, PeerInfo p)
    {
        if (p.PeerId is { } id)
        {
            json.WriteString("peerId", id.ToString());
        }

        if (p.Address is { } a)
        {
            WriteCandidates(json, a);
        }

        WriteBytesIf(json, "unhashedId", p.UnhashedId);
        if (p.Uptime is { } up)
        {
            json.WriteNumber("uptime", up);
        }

        if (p.Expires is { } e)
        {
            json.WriteNumber("expires", e);
        }

        WriteCertificateIf(json, p.Certificate);
        if (p.Connections is { } c)
        {
            json.WriteStartObject("connections");
            WriteConnectionsFields(json, c);
            json.WriteEndObject();
        }

        if (p.Utilization is { } n)
        {
            json.WriteStartObject("utilization");
            WriteUtilizationFields(json, n);
            json.WriteEndObject();
        }

        if (p.Services is { } s)
        {
            WriteServices(json, s);
        }

        WriteExtensions(json, p.Extensions);
    }

    private static void WriteCandidates(Utf8JsonWriter json, AddressInfo a)
    {
        json.WriteStartArray("candidates");
        foreach (var c in a.Candidates)
        {
            json.WriteStartObject();
            json.WriteString("address", c.Address.ToString());
            json.WriteNumber("port", c.Port);
            WriteEnum(json, "transport", c.Transport);
            WriteEnum(json, "candidateType", c.Kind);
            json.WriteNumber("foundation", c.Foundation);
            json.WriteNumber("componentId", c.ComponentId);
            json.WriteNumber("priority", c.Priority);
            if (c.RelatedAddress is { } rel)
            {
                json.WriteString("relatedAddress", rel.ToString());
                json.WriteNumber("relatedPort", c.RelatedPort);
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static void WriteCertificateIf(Utf8JsonWriter json, Certificate? c)
    {
        if (c is null)
        {
            return;
        }

        json.WriteStartObject("certificate");
        WriteCertificateFields(json, c);
        json.WriteEndObject();
    }

    private static void WriteCertificateFields(Utf8JsonWriter json, Certificate c)
    {
        WriteEnum(json, "kind", c.Kind);
        json.WriteString("der", c.Der.ToString());
    }

    private static void WriteConnectionsFields(Utf8JsonWriter json, Connections c)
    {
        json.WriteNumber("neighbors", c.Neighbors);
        json.WriteNumber("routingPeers", c.RoutingPeers);
        json.WriteNumber("clients", c.Clients);
    }

    private static void WriteUtilizationFields(Utf8JsonWriter json, NodeResourceUtilization n)
    {
        json.WriteNumber("bandwidthKbps", n.BandwidthKbps);
        json.WriteNumber("cpuPercent", n.CpuPercent);
        json.WriteNumber("bandwidthPercent", n.BandwidthPercent);
    }

    private static void WriteServices(Utf8JsonWriter json, ResourceList s)
    {
        json.WriteStartArray("services");
        foreach (var t in s.Services)
        {
            WriteEnumValue(json, t);
        }

        json.WriteEndArray();
    }

    private static void WriteExtensions(Utf8JsonWriter json, ValueList<UnknownObject> extensions)
    {
        if (extensions.Count == 0)
        {
            return;
        }

        json.WriteStartArray("extensions");
        foreach (var e in extensions)
        {
            WriteObject(json, e);
        }

        json.WriteEndArray();
    }

    private static void WriteFlags(Utf8JsonWriter json, RequestOptionBits flags)
    {
        json.WriteStartArray("flags");
        var rest = (uint)flags;
        foreach (var f in Enum.GetValues<RequestOptionBits>())
        {
            if (f != RequestOptionBits.None && flags.HasFlag(f))
            {
                json.WriteStringValue(JsonNames.Camel(f.ToString()));
                rest &= ~(uint)f;
            }
        }

        json.WriteEndArray();
        if (rest != 0)
        {
            json.WriteNumber("reservedBits", rest);
        }
    }

    private static void WriteBytesIf(Utf8JsonWriter json, string name, Bytes? value)
    {
        if (value is { } v)
        {
            json.WriteString(name, v.ToString());
        }
    }

    private static void WriteEnum<T>(Utf8JsonWriter json, string name, T value)
        where T : struct, Enum
    {
        json.WritePropertyName(name);
        WriteEnumValue(json, value);
    }

    // A value the draft names is written by name; an unassigned one (open registries) as its number.
    private static void WriteEnumValue<T>(Utf8JsonWriter json, T value)
        where T : struct, Enum
    {
        if (Enum.IsDefined(value))
        {
            json.WriteStringValue(value.ToString());
        }
        else
        {
            json.WriteNumberValue(Convert.ToUInt32(value, System.Globalization.CultureInfo.InvariantCulture));
        }
    }
}
