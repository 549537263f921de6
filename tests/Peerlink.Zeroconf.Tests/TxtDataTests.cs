using Peerlink.Core;
using Peerlink.Zeroconf.Dns;

namespace Peerlink.Zeroconf.Tests;

/// <summary>TXT strings and the DNS-SD key=value rules of RFC 6763 §6.</summary>
public class TxtDataTests
{
    [Fact]
    public void FromAttributes_ValueEmptyAndBoolean_ThreeDifferentStrings()
    {
        var txt = TxtData.FromAttributes(("txtvers", "1"), ("empty", string.Empty), ("flag", null));

        Assert.Equal([Bytes.FromUtf8("txtvers=1"), Bytes.FromUtf8("empty="), Bytes.FromUtf8("flag")], txt.Strings);
    }

    [Fact]
    public void TryGetValue_BooleanEmptyAndMissing_Distinguished()
    {
        var txt = TxtData.FromAttributes(("empty", string.Empty), ("flag", null));

        Assert.True(txt.TryGetValue("flag", out var flag));
        Assert.Null(flag);
        Assert.True(txt.TryGetValue("empty", out var empty));
        Assert.Equal(Bytes.Empty, empty);
        Assert.False(txt.TryGetValue("missing", out _));
    }

    [Fact]
    public void Attributes_CaseInsensitiveKeysFirstWinsEqualsLeadingIgnored()
    {
        var txt = new TxtData(Bytes.FromUtf8("=novalue"), Bytes.FromUtf8("Path=/a"), Bytes.FromUtf8("path=/b"), Bytes.Empty, Bytes.FromUtf8("x=a=b"));

        Assert.Equal(["Path", "x"], txt.Attributes.Select(a => a.Key));
        Assert.True(txt.TryGetValue("PATH", out var path));
        Assert.Equal("/a", new TxtEntry("Path", path).Text);
        Assert.Equal("a=b", txt.Attributes[1].Text);
    }

    [Fact]
    public void Attributes_Utf8AndBinaryValues_KeptExactly()
    {
        var binary = Bytes.FromHex("00ff3d0a");
        var txt = new TxtData(TxtData.Attribute("bin", binary), TxtData.Attribute("name", Bytes.FromUtf8("Büro (2)")));

        var back = Assert.IsType<TxtData>(DnsCodec.Decode(DnsCodec.Encode(DnsMessage.Response(new DnsRecord(DnsName.Root, 1, txt)))).Answers[0].Data);

        Assert.True(back.TryGetValue("bin", out var b));
        Assert.Equal(binary, b);
        Assert.Equal("Büro (2)", back.Attributes[1].Text);
    }

    [Theory]
    [InlineData("")]
    [InlineData("a=b")]
    [InlineData("tab\t")]
    [InlineData("é")]
    public void Attribute_BadKey_ArgumentException(string key)
    {
        Assert.Throws<ArgumentException>(() => TxtData.Attribute(key, null));
    }

    [Fact]
    public void Constructor_StringOver255Bytes_ArgumentException()
    {
        Assert.Throws<ArgumentException>(() => new TxtData(Bytes.Copy(new byte[256])));
        Assert.Throws<ArgumentException>(() => TxtData.FromAttributes(("k", new string('v', 254))));
        Assert.Equal(255, TxtData.FromAttributes(("k", new string('v', 253))).Strings[0].Length);
    }

    [Fact]
    public void Constructor_NoStrings_OneEmptyStringOneZeroByteOnTheWire()
    {
        var empty = new TxtData();

        Assert.Equal(TxtData.Empty, empty);
        Assert.Equal([Bytes.Empty], empty.Strings);
        var bytes = DnsCodec.Encode(DnsMessage.Response(new DnsRecord(DnsName.Root, 1, empty)));
        Assert.Equal("000100", Hex.Format(bytes.AsSpan(^3)));
    }
}
