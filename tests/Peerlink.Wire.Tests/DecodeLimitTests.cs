using static Peerlink.Wire.Tests.Fragments;
using static Peerlink.Wire.Tests.TestHex;

namespace Peerlink.Wire.Tests;

/// <summary>WireOptions limits against hostile input: Message Length, object count, nesting depth.</summary>
public class DecodeLimitTests
{
    private static byte[] Query(string objectsHex) =>
        Parse("44 00 08 01", Magic, "00000001", U32(20 + Length(objectsHex)), S20, objectsHex);

    /// <summary>Wraps hex in a TLV header by hand: type, AB=00, 16-bit length.</summary>
    private static string Tlv(int type, string valueHex) =>
        type.ToString("x2", System.Globalization.CultureInfo.InvariantCulture) + "00" + U32(Length(valueHex))[4..] + valueHex;

    [Fact]
    public void Decode_MessageLengthOverDefaultLimit_TooLargeAtOffset12BeforeReadingBody()
    {
        // Only the 16 fixed bytes: the length check comes before the bytes-present check.
        var bytes = Parse("44 00 08 01", Magic, "00000001", U32((68 * 1024) + 1));

        var e = VectorAssert.Malformed(bytes);

        Assert.Equal(DecodeError.TooLarge, e.Error);
        Assert.Equal(12, e.Offset);
        Assert.Equal(68 * 1024, WireOptions.DefaultMaxBodyLength);
    }

    [Fact]
    public void Decode_MessageLengthFFFFFFFF_TooLarge()
    {
        var e = VectorAssert.Malformed(Parse("44 00 08 01", Magic, "00000001", "ffffffff"));

        Assert.Equal(DecodeError.TooLarge, e.Error);
    }

    [Fact]
    public void Decode_MessageLengthAtDefaultLimit_Accepted()
    {
        // 20-byte Source-ID + one unknown ignorable object filling the rest of 68 KiB: 65535-byte values.
        var body = new List<byte>(S.Span.ToArray());
        while (body.Count < WireOptions.DefaultMaxBodyLength)
        {
            var value = Math.Min(ushort.MaxValue, WireOptions.DefaultMaxBodyLength - body.Count - 4);
            body.AddRange([0xC8, 0x40, (byte)(value >> 8), (byte)value]);
            body.AddRange(new byte[value]);
        }

        var bytes = Parse("44 00 08 01", Magic, "00000001", U32(body.Count)).Concat(body).ToArray();

        var decoded = P2ppCodec.Decode(bytes);

        Assert.Equal(WireOptions.DefaultMaxBodyLength, body.Count);
        Assert.Equal(2, decoded.Objects.Count);
    }

    [Fact]
    public void Decode_MessageLengthOverCustomLimit_TooLarge()
    {
        var vector = MessageVectors.Requests[RequestType.Join]; // Message Length 75

        Assert.Equal(vector.Expected, P2ppCodec.Decode(vector.Wire, new WireOptions { MaxBodyLength = 75 }));
        Assert.Equal(DecodeError.TooLarge, VectorAssert.Malformed(vector.Wire, new WireOptions { MaxBodyLength = 74 }).Error);
    }

    [Fact]
    public void Decode_MoreObjectsThanDefaultLimit_TooComplex()
    {
        var uptime = "04 00 0004 00000001";

        var atLimit = P2ppCodec.Decode(Query(string.Concat(Enumerable.Repeat(uptime, 2048))));
        var e = VectorAssert.Malformed(Query(string.Concat(Enumerable.Repeat(uptime, 2049))));

        Assert.Equal(2048, atLimit.Objects.Count);
        Assert.Equal(DecodeError.TooComplex, e.Error);
        Assert.NotNull(e.Header);
    }

    [Fact]
    public void Decode_NestedObjectsCountTowardsLimit_TooComplex()
    {
        // Peer-Info of S is three objects (Peer-Info, Peer-ID, Address-Info).
        var bytes = Query(PiS);

        Assert.Single(P2ppCodec.Decode(bytes, new WireOptions { MaxObjects = 3 }).Objects);
        Assert.Equal(DecodeError.TooComplex, VectorAssert.Malformed(bytes, new WireOptions { MaxObjects = 2 }).Error);
    }

    [Fact]
    public void Decode_UnknownIgnorableObjectsCountTowardsLimit_TooComplex()
    {
        var bytes = Query("c8 40 0000 c8 40 0000 c8 40 0000");

        Assert.Equal(DecodeError.TooComplex, VectorAssert.Malformed(bytes, new WireOptions { MaxObjects = 2 }).Error);
    }

    [Fact]
    public void Decode_RoutingTablePeerInfoAddressInfo_WithinDefaultDepth()
    {
        var bytes = Query(Tlv(8, "01" + PiS)); // Routing-Table > Peer-Info > Address-Info

        Assert.Equal(new RoutingTable([PiSValue]), Assert.Single(P2ppCodec.Decode(bytes).Objects));
        Assert.Equal(DecodeError.TooComplex, VectorAssert.Malformed(bytes, new WireOptions { MaxDepth = 2 }).Error);
    }

    [Theory]
    [InlineData(5)]
    [InlineData(50)]
    [InlineData(3000)]
    public void Decode_PeerInfosNestedDeeply_TooComplexNotStackOverflow(int depth)
    {
        // Peer-Info inside Peer-Info inside ...: each wrapper is a 4-byte TLV header, so the
        // nesting depth is bounded by the 16-bit lengths only near the top; keep the total under 64 KiB.
        var inner = PiA;
        for (var i = 0; i < depth && Length(inner) < 60000; i++)
        {
            inner = Tlv(0, inner);
        }

        var e = VectorAssert.Malformed(Query(inner));

        Assert.Equal(DecodeError.TooComplex, e.Error);
        Assert.NotNull(e.Header);
    }

    [Fact]
    public void Decode_TablesNestedInTables_TooComplex()
    {
        var inner = "09 00 0001 00"; // empty Neighbor-Table
        for (var i = 0; i < 6; i++)
        {
            inner = Tlv(8, "01" + inner);
        }

        Assert.Equal(DecodeError.TooComplex, VectorAssert.Malformed(Query(inner)).Error);
    }

    [Fact]
    public void WireOptions_InvalidValues_ArgumentOutOfRange()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new WireOptions { IdLength = 0 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new WireOptions { IdLength = 65 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new WireOptions { MaxBodyLength = -1 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new WireOptions { MaxObjects = 0 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new WireOptions { MaxDepth = 0 });
    }

    [Fact]
    public void WireOptions_Default_DocumentedValues()
    {
        var o = WireOptions.Default;

        Assert.Equal(20, o.IdLength);
        Assert.Equal(68 * 1024, o.MaxBodyLength);
        Assert.Equal(2048, o.MaxObjects);
        Assert.Equal(4, o.MaxDepth);
    }
}
