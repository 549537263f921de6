namespace Peerlink.Wire.Tests;

/// <summary>Hand-built whole messages, one per request type (§8 bodies, §9 layouts) and per response body.</summary>
public class MessageVectorTests
{
    public static TheoryData<int> RequestTypeCodes()
    {
        var data = new TheoryData<int>();
        for (var t = 0; t <= 16; t++)
        {
            data.Add(t);
        }

        return data;
    }

    public static TheoryData<string> ResponseNames()
    {
        var data = new TheoryData<string>();
        foreach (var v in MessageVectors.Responses)
        {
            data.Add(v.Name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(RequestTypeCodes))]
    public void Decode_RequestOfEachType_GivesHandBuiltMessageAndReencodesIdentically(int type)
    {
        var vector = MessageVectors.Requests[(RequestType)type];

        var decoded = VectorAssert.DecodesAndReencodes(vector);

        Assert.Equal((RequestType)type, decoded.Header.RequestType);
        Assert.Equal(vector.Wire[2], (byte)decoded.Header.RequestType);
        Assert.Equal(type <= 2 ? 4 : 20, decoded.Header.SourceId.Length);
        Assert.Null(decoded.Header.ResponseId);
        Assert.Equal(ResponseCode.None, decoded.Header.ResponseCode);
    }

    [Fact]
    public void Requests_CoverEveryAssignedType_SeventeenVectors()
    {
        Assert.Equal(17, MessageVectors.Requests.Count);
        Assert.All(Enum.GetValues<RequestType>(), t => Assert.True(MessageVectors.Requests.ContainsKey(t), t.ToString()));
    }

    [Theory]
    [MemberData(nameof(ResponseNames))]
    public void Decode_ResponseVector_GivesHandBuiltMessageAndReencodesIdentically(string name)
    {
        var vector = MessageVectors.Responses.Single(v => v.Name == name);

        var decoded = VectorAssert.DecodesAndReencodes(vector);

        Assert.Equal(MessageKind.Response, decoded.Header.Kind);
        Assert.Equal(ResponseCode.Ok, decoded.Header.ResponseCode);
        Assert.NotNull(decoded.Header.ResponseId);
    }

    [Fact]
    public void Decode_BootstrapResponse_FourByteIdsAndTwoPeerInfosAndOptions()
    {
        var decoded = P2ppCodec.Decode(MessageVectors.Responses[0].Wire);

        Assert.Equal("00000000", decoded.Header.SourceId.ToString());
        Assert.Equal("00000001", decoded.Header.ResponseId?.ToString());
        var peers = decoded.All<PeerInfo>().ToList();
        Assert.Equal(2, peers.Count);
        Assert.Equal(Fragments.R, peers[0].PeerId);
        Assert.Equal(Fragments.S, peers[1].PeerId);
        var options = decoded.Find<P2pOptions>();
        Assert.NotNull(options);
        Assert.Equal(Core.HashAlgorithmCode.Sha1, options.HashAlgorithm);
        Assert.Equal(20, options.HashLength);
        Assert.Equal(OverlayAlgorithm.Pastry, options.Algorithm);
        Assert.Equal("peerlink", System.Text.Encoding.UTF8.GetString(options.OverlayId.Span));
    }

    [Fact]
    public void Decode_PublishRequest_ResourceObjectCarriesOwnerAndExpires()
    {
        var decoded = P2ppCodec.Decode(MessageVectors.Requests[RequestType.Publish].Wire);

        var o = decoded.Find<ResourceObject>();
        Assert.NotNull(o);
        Assert.Equal(Fragments.K, o.ResourceId);
        Assert.Equal("hello", System.Text.Encoding.UTF8.GetString(o.Value.Span));
        Assert.Equal("616c6963", o.Owner?.ToString());
        Assert.Equal(3600u, o.Expires);
        Assert.Null(o.Signature);
        Assert.Null(o.Certificate);
    }

    [Fact]
    public void Decode_JoinWithIdLength32_ReadsThirtyTwoByteSourceId()
    {
        var vector = MessageVectors.Sha256Join;

        var decoded = VectorAssert.DecodesAndReencodes(vector);

        Assert.Equal(32, decoded.Header.SourceId.Length);
    }

    [Fact]
    public void Decode_JoinWithIdLength32UnderDefaultOptions_Malformed()
    {
        // 32 bytes after the fixed header read with 20-byte IDs leaves 12 bytes that are no TLV object.
        VectorAssert.Malformed(MessageVectors.Sha256Join.Wire);
    }

    [Fact]
    public void Decode_BootstrapUnderIdLength32_StillFourByteIds()
    {
        var vector = MessageVectors.Requests[RequestType.Bootstrap];

        var decoded = P2ppCodec.Decode(vector.Wire, new WireOptions { IdLength = 32 });

        Assert.Equal(vector.Expected, decoded);
    }
}
