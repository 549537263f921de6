namespace Peerlink.Wire.Tests;

/// <summary>The two checks every vector gets: it decodes to the hand-built message, and re-encodes to itself.</summary>
internal static class VectorAssert
{
    public static P2ppMessage DecodesAndReencodes(MessageVector vector)
    {
        var decoded = P2ppCodec.Decode(vector.Wire, vector.Options);

        Assert.Equal(vector.Expected.Header, decoded.Header);
        Assert.Equal(vector.Expected.Objects.Count, decoded.Objects.Count);
        for (var i = 0; i < decoded.Objects.Count; i++)
        {
            Assert.Equal(vector.Expected.Objects[i], decoded.Objects[i]);
        }

        Assert.Equal(vector.Expected, decoded);
        Assert.Equal(TestHex.Show(vector.Wire), TestHex.Show(P2ppCodec.Encode(decoded, vector.Options)));
        return decoded;
    }

    public static MalformedMessageException Malformed(byte[] bytes, WireOptions? options = null) =>
        Assert.Throws<MalformedMessageException>(() => P2ppCodec.Decode(bytes, options));
}
