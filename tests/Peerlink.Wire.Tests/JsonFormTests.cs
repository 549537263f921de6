using System.Text.Json;
using Peerlink.Core;
using Peerlink.Wire.Json;
using static Peerlink.Wire.Tests.Fragments;

namespace Peerlink.Wire.Tests;

/// <summary>The JSON form of docs/wire-format.md: field names, lowercase hex IDs, names for enumerations, path-named errors.</summary>
public class JsonFormTests
{
    public static TheoryData<string> VectorNames() => MalformedInputTests.VectorNames();

    private static JsonElement Json(P2ppMessage message)
    {
        using var doc = JsonDocument.Parse(P2ppJsonWriter.Write(message));
        return doc.RootElement.Clone();
    }

    private static FormatException ReadFails(string json) => Assert.Throws<FormatException>(() => P2ppJsonReader.Read(json));

    [Fact]
    public void Write_JoinRequest_DocumentedHeaderFieldNamesAndValues()
    {
        var root = Json(MessageVectors.Requests[RequestType.Join].Expected);

        Assert.Equal(
            ["version", "kind", "ack", "peer", "recursive", "responseCode", "requestType", "ttl", "transactionId", "sourceId", "objects"],
            root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(1, root.GetProperty("version").GetInt32());
        Assert.Equal("request", root.GetProperty("kind").GetString());
        Assert.False(root.GetProperty("ack").GetBoolean());
        Assert.True(root.GetProperty("peer").GetBoolean());
        Assert.True(root.GetProperty("recursive").GetBoolean());
        Assert.Equal(0, root.GetProperty("responseCode").GetInt32());
        Assert.Equal("Join", root.GetProperty("requestType").GetString());
        Assert.Equal(16, root.GetProperty("ttl").GetInt32());
        Assert.Equal(42, root.GetProperty("transactionId").GetInt64());
        Assert.Equal(S20, root.GetProperty("sourceId").GetString());
        Assert.False(root.TryGetProperty("responseId", out _));
    }

    [Fact]
    public void Write_JoinRequest_ObjectsByTypeNameWithFields()
    {
        var objects = Json(MessageVectors.Requests[RequestType.Join].Expected).GetProperty("objects");

        Assert.Equal(2, objects.GetArrayLength());
        Assert.Equal("RequestOptions", objects[0].GetProperty("type").GetString());
        Assert.Equal(["neighborTable"], objects[0].GetProperty("flags").EnumerateArray().Select(f => f.GetString()));
        var info = objects[1];
        Assert.Equal("PeerInfo", info.GetProperty("type").GetString());
        Assert.Equal(S20, info.GetProperty("peerId").GetString());
        var candidate = Assert.Single(info.GetProperty("candidates").EnumerateArray());
        Assert.Equal("192.0.2.1", candidate.GetProperty("address").GetString());
        Assert.Equal(7080, candidate.GetProperty("port").GetInt32());
        Assert.Equal("Udp", candidate.GetProperty("transport").GetString());
        Assert.Equal("Host", candidate.GetProperty("candidateType").GetString());
        Assert.Equal(1, candidate.GetProperty("foundation").GetInt32());
        Assert.Equal(2, candidate.GetProperty("componentId").GetInt32());
        Assert.Equal(0x7e0000ff, candidate.GetProperty("priority").GetInt64());
    }

    [Theory]
    [InlineData("response", "response", false)]
    [InlineData("responseAck", "responseAck", false)]
    [InlineData("indication", "indication", false)]
    [InlineData("ack of request", "request", true)]
    [InlineData("ack of response", "response", true)]
    public void Write_MessageKinds_KindAckAndResponseId(string vector, string kind, bool ack)
    {
        var message = MessageVectors.Kinds[vector].Expected;

        var root = Json(message);

        Assert.Equal(kind, root.GetProperty("kind").GetString());
        Assert.Equal(ack, root.GetProperty("ack").GetBoolean());
        Assert.Equal(message.Header.ResponseId is not null, root.TryGetProperty("responseId", out var r));
        if (message.Header.ResponseId is not null)
        {
            Assert.Equal(R20, r.GetString());
        }
    }

    [Fact]
    public void Write_ResponseCode_Number()
    {
        var root = Json(MessageVectors.Responses[2].Expected);

        Assert.Equal(200, root.GetProperty("responseCode").GetInt32());
        Assert.Equal(R20, root.GetProperty("responseId").GetString());
    }

    [Fact]
    public void Write_IdsAndOpaqueBytes_LowercaseHex()
    {
        var upper = NodeId.FromBytes([0xAB, 0xCD, 0xEF, 0x0A]);
        var message = new P2ppMessage(
            new P2ppHeader(MessageKind.Response, RequestType.Bootstrap, 1, upper) { ResponseId = NodeId.FromBytes([0xFF, 0xEE, 0xDD, 0xCC]) },
            [new Owner(TestHex.B("DEADBEEF")), new ResourceIdObject(NodeId.FromBytes([0xBA]))]);

        var text = P2ppJsonWriter.Write(message);
        var root = Json(message);

        Assert.Equal("abcdef0a", root.GetProperty("sourceId").GetString());
        Assert.Equal("ffeeddcc", root.GetProperty("responseId").GetString());
        Assert.Equal("deadbeef", root.GetProperty("objects")[0].GetProperty("value").GetString());
        Assert.Equal("ba", root.GetProperty("objects")[1].GetProperty("id").GetString());
        Assert.DoesNotContain("DEADBEEF", text, StringComparison.Ordinal);
        Assert.DoesNotContain("ABCDEF", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_EnumerationOutsideTheDraft_Number()
    {
        var message = new P2ppMessage(
            new P2ppHeader(MessageKind.Request, RequestType.Query, 1, S),
            [new RLookup((ContentType)200, 0, K), new UnknownObject(201, TestHex.B("01"))]);

        var objects = Json(message).GetProperty("objects");

        Assert.Equal(200, objects[0].GetProperty("contentType").GetInt32());
        Assert.Equal("Unknown", objects[1].GetProperty("type").GetString());
        Assert.Equal(201, objects[1].GetProperty("typeCode").GetInt32());
        Assert.Equal("01", objects[1].GetProperty("value").GetString());
    }

    [Fact]
    public void Read_DocumentedExample_GivesTheMessage()
    {
        // The example of docs/wire-format.md, "JSON form".
        var json = """
            {
              "version": 1, "kind": "request", "ack": false, "peer": true, "recursive": true,
              "responseCode": 0, "requestType": "Join", "ttl": 16, "transactionId": 42,
              "sourceId": "fc2398a73dd54d6237c4fdb58fd7d75347cf5af3",
              "objects": [
                { "type": "RequestOptions", "flags": [ "neighborTable" ] },
                { "type": "PeerInfo", "peerId": "fc2398a73dd54d6237c4fdb58fd7d75347cf5af3",
                  "candidates": [ { "address": "127.0.0.1", "port": 7081, "transport": "Udp",
                                    "candidateType": "Host", "foundation": 0, "componentId": 2,
                                    "priority": 2130706431 } ],
                  "uptime": 0 }
              ]
            }
            """;
        var id = NodeId.Parse("fc2398a73dd54d6237c4fdb58fd7d75347cf5af3");
        var expected = new P2ppMessage(
            new P2ppHeader(MessageKind.Request, RequestType.Join, 42, id) { Recursive = true, Ttl = 16 },
            [
                new RequestOptions(RequestOptionBits.NeighborTable),
                new PeerInfo(id, new AddressInfo([new IceCandidate(System.Net.IPAddress.Loopback, 7081, Priority: 2130706431)])) { Uptime = 0 },
            ]);

        Assert.Equal(expected, P2ppJsonReader.Read(json));
    }

    [Fact]
    public void Read_EnumerationsByNumberOrAnyCase_Accepted()
    {
        var json = """{ "kind": "request", "requestType": 3, "transactionId": 1, "sourceId": "0102", "objects": [ { "type": "uptime", "seconds": 5 }, { "type": "RLOOKUP", "contentType": "turn", "subType": 0, "resourceId": "aa" } ] }""";

        var m = P2ppJsonReader.Read(json);

        Assert.Equal(RequestType.Join, m.Header.RequestType);
        Assert.True(m.Header.FromPeer); // "peer" defaults to true
        Assert.Equal(new Uptime(5), m.Objects[0]);
        Assert.Equal(new RLookup(ContentType.Turn, 0, NodeId.FromBytes([0xAA])), m.Objects[1]);
    }

    [Theory]
    [MemberData(nameof(VectorNames))]
    public void Read_OfWriteOfEachVector_SameMessage(string name)
    {
        var vector = MalformedInputTests.AllVectors().First(v => v.Name == name);
        Assert.Equal(vector.Expected, P2ppJsonReader.Read(P2ppJsonWriter.Write(vector.Expected)));
    }

    [Fact]
    public void Read_P2pOptionsObject_RoundTrips()
    {
        var message = MessageVectors.Responses[0].Expected; // Bootstrap response with P2P-Options (SHA-1, Pastry)

        Assert.Equal(message, P2ppJsonReader.Read(P2ppJsonWriter.Write(message)));
    }

    [Fact]
    public void Read_DiagnosticOptionsNamingP2pOptions_RoundTrips()
    {
        var message = new P2ppMessage(new P2ppHeader(MessageKind.Request, RequestType.Query, 1, S), [new DiagnosticOptions([ObjectType.P2pOptions])]);

        Assert.Equal(message, P2ppJsonReader.Read(P2ppJsonWriter.Write(message)));
    }

    [Theory]
    [InlineData("Sha1")]
    [InlineData("Sha256")]
    [InlineData("Sha512")]
    [InlineData("Md4")]
    [InlineData("Md5")]
    public void Read_HashAlgorithmNameWithDigit_Accepted(string name)
    {
        var json = $$"""{ "kind": "request", "requestType": "Query", "transactionId": 1, "sourceId": "{{S20}}", "objects": [ { "type": "P2pOptions", "hashAlgorithm": "{{name}}", "hashLength": 20, "algorithm": "Chord", "base": 0 } ] }""";

        var options = Assert.IsType<P2pOptions>(Assert.Single(P2ppJsonReader.Read(json).Objects));

        Assert.Equal(Enum.Parse<HashAlgorithmCode>(name), options.HashAlgorithm);
    }

    [Theory]
    [InlineData("Enroll, Join")]
    [InlineData("Join,Leave")]
    [InlineData(" Join")]
    public void Read_RequestTypeNotASingleName_FormatException(string name)
    {
        var e = ReadFails($$"""{ "kind": "request", "requestType": "{{name}}", "transactionId": 1, "sourceId": "{{S20}}" }""");

        Assert.StartsWith("$.requestType:", e.Message, StringComparison.Ordinal);
    }

    // ---- reader errors name the JSON path ----------------------------------------------------------

    private const string Head = """ "kind": "request", "requestType": "Query", "transactionId": 1, "sourceId": "a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3" """;

    [Theory]
    [InlineData("""{ "requestType": "Query", "transactionId": 1, "sourceId": "00" }""", "$")]
    [InlineData("""{ "kind": "reply", "requestType": "Query", "transactionId": 1, "sourceId": "00" }""", "$.kind")]
    [InlineData("""{ "kind": 1, "requestType": "Query", "transactionId": 1, "sourceId": "00" }""", "$.kind")]
    [InlineData("""{ "kind": "request", "requestType": "Hello", "transactionId": 1, "sourceId": "00" }""", "$.requestType")]
    [InlineData("""{ "kind": "request", "requestType": "Query", "transactionId": -1, "sourceId": "00" }""", "$.transactionId")]
    [InlineData("""{ "kind": "request", "requestType": "Query", "transactionId": 4294967296, "sourceId": "00" }""", "$.transactionId")]
    [InlineData("""{ "kind": "request", "requestType": "Query", "transactionId": 1, "sourceId": "0g" }""", "$.sourceId")]
    [InlineData("""{ "kind": "request", "requestType": "Query", "transactionId": 1, "sourceId": "" }""", "$.sourceId")]
    [InlineData("""{ "kind": "request", "requestType": "Query", "transactionId": 1, "sourceId": "00", "ttl": 256 }""", "$.ttl")]
    [InlineData("""{ "kind": "request", "requestType": "Query", "transactionId": 1, "sourceId": "00", "responseCode": 512 }""", "$.responseCode")]
    [InlineData("""{ "kind": "request", "requestType": "Query", "transactionId": 1, "sourceId": "00", "ack": "yes" }""", "$.ack")]
    [InlineData("""{ "kind": "request", "requestType": "Query", "transactionId": 1, "sourceId": "00", "version": 2 }""", "$.version")]
    [InlineData("""{ "kind": "request", "requestType": "Query", "transactionId": 1, "sourceId": "00", "responseId": "xyz" }""", "$.responseId")]
    [InlineData("""{ "kind": "request", "requestType": "Query", "transactionId": 1, "sourceId": "00", "objects": {} }""", "$.objects")]
    [InlineData("[1, 2]", "$")]
    public void Read_BadHeaderField_FormatExceptionNamingThePath(string json, string path)
    {
        var e = ReadFails(json);

        Assert.StartsWith(path + ":", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""[ 5 ]""", "$.objects[0]")]
    [InlineData("""[ { "seconds": 1 } ]""", "$.objects[0]")]
    [InlineData("""[ { "type": "Bogus" } ]""", "$.objects[0].type")]
    [InlineData("""[ { "type": "Uptime" } ]""", "$.objects[0]")]
    [InlineData("""[ { "type": "Uptime", "seconds": -5 } ]""", "$.objects[0].seconds")]
    [InlineData("""[ { "type": "Uptime", "seconds": 1 }, { "type": "Owner", "value": "abc" } ]""", "$.objects[1].value")]
    [InlineData("""[ { "type": "PeerInfo", "peerId": "00", "candidates": [ { "address": "1.2.3.4", "port": 70000 } ] } ]""", "$.objects[0].candidates[0].port")]
    [InlineData("""[ { "type": "PeerInfo", "candidates": [ { "address": "not-an-ip", "port": 1 } ] } ]""", "$.objects[0].candidates[0].address")]
    [InlineData("""[ { "type": "PeerInfo", "peerId": "00", "connections": { "neighbors": 1, "routingPeers": 2 } } ]""", "$.objects[0].connections")]
    [InlineData("""[ { "type": "PeerInfo", "peerId": "00", "utilization": { "bandwidthKbps": 1, "cpuPercent": 101, "bandwidthPercent": 0 } } ]""", "$.objects[0].utilization.cpuPercent")]
    [InlineData("""[ { "type": "RoutingTable", "entries": [ { "type": "Uptime", "seconds": 1 } ] } ]""", "$.objects[0].entries[0]")]
    [InlineData("""[ { "type": "PLookup", "count": 64, "mode": "Exact", "target": "00" } ]""", "$.objects[0].count")]
    [InlineData("""[ { "type": "PLookup", "count": 1, "mode": "Nearest", "target": "00" } ]""", "$.objects[0].mode")]
    [InlineData("""[ { "type": "MessagesReceived", "counts": [ { "messageType": 3, "count": 16777216 } ] } ]""", "$.objects[0].counts[0].count")]
    [InlineData("""[ { "type": "ResourceObject", "contentType": 0, "subType": 0, "resourceId": "00", "extensions": [ { "typeCode": 300 } ] } ]""", "$.objects[0].extensions[0].typeCode")]
    [InlineData("""[ { "type": "RequestOptions", "flags": [ "fast" ] } ]""", "$.objects[0].flags[0]")]
    [InlineData("""[ { "type": "Unknown", "value": "00" } ]""", "$.objects[0]")]
    public void Read_BadObjectField_FormatExceptionNamingThePath(string objects, string path)
    {
        var e = ReadFails("{" + Head + ", \"objects\": " + objects + "}");

        Assert.StartsWith(path + ":", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("{ \"kind\": \"request\", }")]
    [InlineData("nul")]
    public void Read_NotJson_FormatException(string text)
    {
        var e = ReadFails(text);

        Assert.Contains("JSON", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_NestedTooDeep_FormatException()
    {
        var deep = string.Concat(Enumerable.Repeat("[", 100)) + string.Concat(Enumerable.Repeat("]", 100));

        ReadFails("{" + Head + ", \"objects\": " + deep + "}");
    }
}
