using static Peerlink.Wire.Tests.Fragments;
using static Peerlink.Wire.Tests.TestHex;

namespace Peerlink.Wire.Tests;

/// <summary>Every object type (§9.3, §13 and our codes 17, 18, 25, 26) against hand-built TLV bytes.</summary>
public class ObjectVectorTests
{
    public static TheoryData<string> ObjectNames()
    {
        var data = new TheoryData<string>();
        foreach (var v in ObjectVectors.All)
        {
            data.Add(v.Name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ObjectNames))]
    public void Decode_ObjectVector_GivesHandBuiltObjectAndReencodesIdentically(string name)
    {
        var vector = ObjectVectors.All.Single(v => v.Name == name);

        var decoded = VectorAssert.DecodesAndReencodes(vector.InMessage);

        var only = Assert.Single(decoded.Objects);
        Assert.Equal(vector.Expected.GetType(), only.GetType());
        Assert.Equal(Parse(vector.Hex)[0], (byte)only.Type);
    }

    [Fact]
    public void ObjectVectors_CoverEveryObjectType()
    {
        var covered = new HashSet<ObjectType>();
        foreach (var v in ObjectVectors.All)
        {
            Collect(v.Expected, covered);
        }

        Assert.All(Enum.GetValues<ObjectType>(), t => Assert.Contains(t, covered));
    }

    [Fact]
    public void Decode_PeerInfoWithEverySubObject_EachFieldRead()
    {
        var vector = ObjectVectors.All[0];

        var info = Assert.IsType<PeerInfo>(Assert.Single(P2ppCodec.Decode(vector.InMessage.Wire).Objects));

        Assert.Equal(S, info.PeerId);
        Assert.Equal("192.0.2.1", Assert.Single(info.Address!.Candidates).Address.ToString());
        Assert.Equal("alice@example.com", System.Text.Encoding.UTF8.GetString(info.UnhashedId!.Value.Span));
        Assert.Equal(86400u, info.Uptime);
        Assert.Equal(30u, info.Expires);
        Assert.Equal(CertificateKind.SelfSigned, info.Certificate?.Kind);
        Assert.Equal(new Connections(4, 32, 1), info.Connections);
        Assert.Equal(new NodeResourceUtilization(100000, 10, 20), info.Utilization);
        Assert.Equal([ContentType.Stun, ContentType.Turn], info.Services!.Services);
        var ext = Assert.Single(info.Extensions);
        Assert.Equal(200, ext.TypeCode);
        Assert.Equal("010203", ext.Value.ToString());
    }

    [Fact]
    public void Decode_PeerInfoSubObjectsInAnyOrder_SameValueAndCanonicalReencoding()
    {
        // Address-Info before Peer-ID, Uptime last: read in any order, written in the diagram's order.
        var shuffled = Parse(
            "44 00 08 01", Magic, "00000001",
            "0000004b",                 // length 75 = 20 + 55
            S20,
            "00 00 0033",               // Peer-Info | length 51 = 19 + 24 + 8
            AddrS,
            "01 00 0014", S20,
            "04 00 0004 00000001");     // Uptime 1
        var canonical = Parse(
            "44 00 08 01", Magic, "00000001", "0000004b", S20,
            "00 00 0033",
            "01 00 0014", S20,
            AddrS,
            "04 00 0004 00000001");

        var decoded = P2ppCodec.Decode(shuffled);

        Assert.Equal(PiSValue with { Uptime = 1 }, Assert.Single(decoded.Objects));
        Assert.Equal(Show(canonical), Show(P2ppCodec.Encode(decoded)));
    }

    [Theory]
    [InlineData("01 00 0014" + S20, DecodeError.BadObject)]          // second Peer-ID
    [InlineData("0a 00 0015 06" + T20, DecodeError.BadObject)]       // PLookup is not a Peer-Info part
    public void Decode_PeerInfoWithDuplicateOrForeignPart_BadObjectAtThatPart(string extra, DecodeError error)
    {
        var body = "01 00 0014" + S20 + AddrS + extra;
        var bytes = Parse(
            "44 00 08 01", Magic, "00000001",
            U32(20 + 4 + Length(body)),              // Message Length: Source-ID + Peer-Info
            S20,
            "00 00", U32(Length(body))[4..],         // Peer-Info | AB=00 | 16-bit length
            body);

        var e = VectorAssert.Malformed(bytes);

        Assert.Equal(error, e.Error);
        Assert.Equal(16 + 20 + 4 + 24 + 19, e.Offset); // the offending part's first byte
        Assert.NotNull(e.Header);
    }

    [Fact]
    public void Decode_PeerInfoWithNeitherIdNorAddress_BadObject()
    {
        var bytes = Parse("44 00 08 01", Magic, "00000001", "00000020", S20, "00 00 0008", "04 00 0004 00000001");

        Assert.Equal(DecodeError.BadObject, VectorAssert.Malformed(bytes).Error);
    }

    [Theory]
    [InlineData("02 00 0001 00")]                                           // Address-Info Num = 0
    [InlineData("02 00 000f 01 05 01 02 7e0000ff 00 1ba8 c0000201")]        // IP-ver 5
    [InlineData("02 00 000f 01 04 01 02 7e0000ff 20 1ba8 c0000201")]        // TT = 2
    [InlineData("02 00 000f 01 04 01 02 7e0000ff 04 1ba8 c0000201")]        // HT = 4
    [InlineData("02 00 000f 02 04 01 02 7e0000ff 00 1ba8 c0000201")]        // Num 2, one candidate
    [InlineData("02 00 000f 01 84 01 02 7e0000ff 00 1ba8 c0000201")]        // R=1 without rel-addr
    [InlineData("02 00 0010 01 04 01 02 7e0000ff 00 1ba8 c0000201 00")]     // trailing byte
    [InlineData("02 00 000f 01 06 01 02 7e0000ff 00 1ba8 c0000201")]        // IPv6 with 4 address bytes
    [InlineData("04 00 0005 0000000100")]                                   // Uptime of 5 bytes
    [InlineData("04 00 0003 000001")]                                       // Uptime of 3 bytes
    [InlineData("05 00 0005 06 00 00 00 00")]                               // hash algorithm 6
    [InlineData("05 00 0005 01 14 0a 00 00")]                               // P2P algorithm 10
    [InlineData("05 00 0006 01 14 00 00 02 41")]                            // OverlayID-Len 2, 1 byte
    [InlineData("08 00 0001 01")]                                           // Routing-Table Num 1, none
    [InlineData("08 00 0009 00 04 00 0004 00000001")]                       // table with an Uptime
    [InlineData("0a 00 0015 07" + T20)]                                     // PLookup E=1 and R=1
    [InlineData("0a 00 0014 01" + "55555555555555555555555555555555555555")] // range, 19 ID bytes
    [InlineData("0a 00 0001 04")]                                           // PLookup without ID
    [InlineData("0b 00 0000")]                                              // empty Resource-ID
    [InlineData("0b 00 0041" + S20 + S20 + S20 + "0102030405")]             // Resource-ID of 65 bytes
    [InlineData("0c 00 000a 00 00 04 00 0004 00000001")]                    // RLookup without Resource-ID
    [InlineData("0c 00 0022 00 00 0b 00 0014" + K20 + "0e 00 0004 00000001")] // RLookup with Expires
    [InlineData("0d 00 001c 00 00 0b 00 0014" + K20 + "0001")]              // value length 1, no byte
    [InlineData("0d 00 0024 00 00 0b 00 0014" + K20 + "0000 04 00 0004 00000001")] // Uptime in Resource-Object
    [InlineData("0d 00 002c 00 00 0b 00 0014" + K20 + "0000 0e 00 0004 00000001 0e 00 0004 00000002")] // two Expires
    [InlineData("11 00 0002 02 30")]                                        // certificate sub-type 2
    [InlineData("11 00 0000")]                                              // certificate without sub-type
    [InlineData("14 00 0004 0001 0002")]                                    // Connections of 4 bytes
    [InlineData("15 00 0006 00000001 65 00")]                               // CPU 101 %
    [InlineData("15 00 0006 00000001 00 65")]                               // bandwidth 101 %
    [InlineData("16 00 0003 03 0000")]                                      // Messages-Received 3 bytes
    [InlineData("18 00 0003 00 00 00")]                                     // Error of 3 bytes
    [InlineData("18 00 0005 00 00 00 00 ff")]                               // reason not UTF-8
    [InlineData("18 00 0006 00 00 00 00 c328")]                             // reason not UTF-8
    [InlineData("19 00 0003 03 01 02")]                                     // Resource-List Num 3, 2 entries
    [InlineData("19 00 0000")]                                              // Resource-List without Num
    public void Decode_ObjectNotMatchingItsLayout_MalformedBadObjectOrTruncated(string objectHex)
    {
        var message = new ObjectVector("bad", objectHex, new Uptime(0)).InMessage;

        var e = VectorAssert.Malformed(message.Wire);

        Assert.True(e.Error is DecodeError.BadObject or DecodeError.Truncated, e.Error + ": " + e.Message);
        Assert.InRange(e.Offset, ObjectVector.OffsetInMessage, message.Wire.Length);
        Assert.NotNull(e.Header);
    }

    [Fact]
    public void Decode_UptimeWithTrailingByte_OffsetIsTheFirstUnexpectedByte()
    {
        var message = new ObjectVector("bad", "04 00 0005 0000000100", new Uptime(0)).InMessage;

        var e = VectorAssert.Malformed(message.Wire);

        Assert.Equal(DecodeError.BadObject, e.Error);
        Assert.Equal(ObjectVector.OffsetInMessage + 4 + 4, e.Offset);
    }

    [Fact]
    public void Decode_KnownTypeMarkedIgnorable_DecodedAsKnownObject()
    {
        // AB=01 only matters for unknown types; a known Uptime is read as usual.
        var message = new ObjectVector("Uptime AB=01", "04 40 0004 0000012c", new Uptime(300)).InMessage;

        Assert.Equal(new Uptime(300), Assert.Single(P2ppCodec.Decode(message.Wire).Objects));
    }

    private static void Collect(P2ppObject o, HashSet<ObjectType> into)
    {
        into.Add(o.Type);
        switch (o)
        {
            case PeerInfo p:
                if (p.PeerId is not null)
                {
                    into.Add(ObjectType.PeerId);
                }

                if (p.Address is { } a)
                {
                    Collect(a, into);
                }

                into.UnionWith(p.UnhashedId is null ? [] : [ObjectType.UnhashedId]);
                into.UnionWith(p.Uptime is null ? [] : [ObjectType.Uptime]);
                into.UnionWith(p.Expires is null ? [] : [ObjectType.Expires]);
                break;
            case ResourceObject r:
                into.Add(ObjectType.ResourceId);
                into.UnionWith(r.Owner is null ? [] : [ObjectType.Owner]);
                into.UnionWith(r.Signature is null ? [] : [ObjectType.Signature]);
                if (r.Certificate is { } c)
                {
                    Collect(c, into);
                }

                break;
            case PeerTable t:
                foreach (var e in t.Entries)
                {
                    Collect(e, into);
                }

                break;
            default:
                break;
        }
    }
}
