using FsCheck.Xunit;

namespace Peerlink.Core.Tests;

public class BytesTests
{
    private sealed record Message(string Kind, Bytes Payload);

    [Fact]
    public void Empty_AnyRoute_EqualsDefaultWithLengthZero()
    {
        Bytes[] empties = [Bytes.Empty, default, Bytes.Copy([]), Bytes.FromUtf8(""), Bytes.FromHex(""), Bytes.FromHex("  ")];

        foreach (var empty in empties)
        {
            Assert.Equal(0, empty.Length);
            Assert.True(empty.Span.IsEmpty);
            Assert.True(empty.Memory.IsEmpty);
            Assert.Equal(string.Empty, empty.ToString());
            Assert.True(empty == default);
            Assert.Equal(default(Bytes).GetHashCode(), empty.GetHashCode());
        }
    }

    [Fact]
    public void Copy_SourceMutatedAfterwards_ContentUnchanged()
    {
        byte[] source = [1, 2, 3];
        var bytes = Bytes.Copy(source);

        source[0] = 0xFF;

        Assert.Equal(new byte[] { 1, 2, 3 }, bytes.Span.ToArray());
        Assert.Equal(new byte[] { 1, 2, 3 }, bytes.Memory.ToArray());
        Assert.Equal(3, bytes.Length);
    }

    [Fact]
    public void FromUtf8_NonAsciiText_Utf8Bytes()
    {
        var bytes = Bytes.FromUtf8("h\u00e9llo");

        Assert.Equal(6, bytes.Length);
        Assert.Equal("68c3a96c6c6f", bytes.ToString());
    }

    [Theory]
    [InlineData("DE AD be ef", "deadbeef")]
    [InlineData("00\n01", "0001")]
    public void FromHex_HexWithWhitespace_ContentIsParsedBytes(string hex, string expected)
    {
        var bytes = Bytes.FromHex(hex);

        Assert.Equal(expected.Length / 2, bytes.Length);
        Assert.Equal(expected, bytes.ToString());
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("zz")]
    public void FromHex_NotHex_ThrowsFormatException(string hex)
    {
        Assert.Throws<FormatException>(() => Bytes.FromHex(hex));
    }

    [Fact]
    public void Equals_SameContentDifferentArrays_EqualWithEqualHashCodes()
    {
        var a = Bytes.Copy([0x01, 0x02, 0xFF]);
        var b = Bytes.FromHex("0102ff");

        Assert.True(a.Equals(b));
        Assert.True(a.Equals((object)b));
        Assert.True(a == b);
        Assert.False(a != b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
    }

    [Theory]
    [InlineData("0102", "0103")]
    [InlineData("0102", "010200")] // a prefix is not equal
    [InlineData("0102", "")]
    [InlineData("00", "")] // a zero byte is not nothing
    public void Equals_DifferentContent_NotEqual(string x, string y)
    {
        var a = Bytes.FromHex(x);
        var b = Bytes.FromHex(y);

        Assert.False(a.Equals(b));
        Assert.False(b.Equals(a));
        Assert.False(a == b);
        Assert.True(a != b);
    }

    [Fact]
    public void Equals_OtherTypeOrNull_False()
    {
        var bytes = Bytes.FromHex("0102");

        Assert.False(bytes.Equals(new byte[] { 1, 2 }));
        Assert.False(bytes.Equals("0102"));
        Assert.False(bytes.Equals(null));
    }

    [Fact]
    public void Record_PayloadsWithSameContent_RecordsEqual()
    {
        var a = new Message("store", Bytes.FromUtf8("value"));
        var b = new Message("store", Bytes.Copy("value"u8));

        Assert.Equal(a, b);
        Assert.True(a == b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
    }

    [Fact]
    public void Record_PayloadsWithDifferentContent_RecordsNotEqual()
    {
        var a = new Message("store", Bytes.FromUtf8("value"));
        var b = new Message("store", Bytes.FromUtf8("Value"));

        Assert.NotEqual(a, b);
        Assert.True(a != b);
    }

    [Fact]
    public void HashSet_EqualContentFromDifferentSources_OneEntry()
    {
        var set = new HashSet<Bytes> { Bytes.FromHex("616263"), Bytes.FromUtf8("abc"), Bytes.Copy("abc"u8), Bytes.FromUtf8("abd") };

        Assert.Equal(2, set.Count);
        Assert.Contains(Bytes.FromHex("616264"), set);
    }

    [Property(Replay = Replay.Seed, MaxTest = Replay.MaxTest)]
    public void Equals_AnyTwoArrays_EqualIffSameSequence(byte[] x, byte[] y)
    {
        var a = Bytes.Copy(x);
        var b = Bytes.Copy(y);
        var same = x.AsSpan().SequenceEqual(y);

        Assert.Equal(same, a == b);
        Assert.Equal(same, a.Equals((object)b));
        Assert.True(a == Bytes.Copy(x.ToArray()));
        Assert.Equal(a.GetHashCode(), Bytes.Copy(x.ToArray()).GetHashCode());
    }
}
