using System.Text;
using Peerlink.Zeroconf.Dns;

namespace Peerlink.Zeroconf.Tests;

/// <summary>Labels as exact bytes, the presentation form, the length limits and RFC 6762 §16 comparison.</summary>
public class DnsNameTests
{
    [Theory]
    [InlineData("My Printer")]
    [InlineData("My.Printer (2)")]
    [InlineData("Büro.Drucker (2) 日本")]
    [InlineData("back\\slash.and.dots...")]
    [InlineData("😀 (emoji) ")]
    [InlineData("tab\there")]
    public void Prepend_InstanceLabel_RoundTripsThroughTextAndWire(string instance)
    {
        var name = DnsName.Parse("_ipp._tcp.local").Prepend(instance);

        var viaText = DnsName.Parse(name.ToString());
        var viaWire = Assert.IsType<PtrData>(DnsCodec.Decode(DnsCodec.Encode(DnsMessage.Response(new DnsRecord(DnsName.Root, 1, new PtrData(name))))).Answers[0].Data).Target;

        Assert.Equal(instance, name.Labels[0]);
        Assert.Equal(4, name.LabelCount);
        Assert.True(viaText.EqualsExactly(name), name.ToString());
        Assert.True(viaWire.EqualsExactly(name));
        Assert.Equal(instance, viaWire.Labels[0]);
    }

    [Theory]
    [InlineData("My.Printer", @"My\.Printer")]
    [InlineData(@"a\b", @"a\\b")]
    [InlineData("tab\there", @"tab\009here")]
    [InlineData("del\u007f", @"del\127")]
    [InlineData("C1\u0085", @"C1\194\133")]
    [InlineData("(2) 日本", "(2) 日本")]
    public void ToString_SpecialCharacters_Escaped(string label, string expected)
    {
        Assert.Equal(expected + ".local", DnsName.FromLabels(label, "local").ToString());
    }

    [Fact]
    public void ToString_BytesThatAreNotUtf8_DecimalEscapesThatParseBack()
    {
        var name = DnsName.Root.Prepend([0xC3, 0x41, 0xFF, 0x80, (byte)'z']);

        Assert.Equal(@"\195A\255\128z", name.ToString());
        Assert.True(DnsName.Parse(name.ToString()).EqualsExactly(name));
    }

    [Theory]
    [InlineData("", 0)]
    [InlineData(".", 0)]
    [InlineData("local", 1)]
    [InlineData("local.", 1)]
    [InlineData(@"a\.b.local", 2)]
    [InlineData(@"a\\.b", 2)]
    [InlineData(@"\065\066", 1)]
    [InlineData(@"\x\y", 1)]
    public void Parse_Text_LabelCount(string text, int labels)
    {
        Assert.Equal(labels, DnsName.Parse(text).LabelCount);
    }

    [Theory]
    [InlineData("a..b")]
    [InlineData(".a")]
    [InlineData("a\\")]
    [InlineData(@"a\256")]
    [InlineData("a.b..")]
    public void Parse_BadText_FormatException(string text)
    {
        Assert.Throws<FormatException>(() => DnsName.Parse(text));
        Assert.False(DnsName.TryParse(text, out _));
    }

    [Fact]
    public void Parse_LoneSurrogate_FormatException()
    {
        Assert.Throws<FormatException>(() => DnsName.Parse("a\ud800b.local"));
    }

    [Fact]
    public void Parse_EscapedDigits_ExactByte()
    {
        var name = DnsName.Parse(@"\000\046x");

        Assert.Equal([0x00, 0x2E, (byte)'x'], name.GetLabel(0).ToArray());
    }

    [Fact]
    public void FromLabels_63ByteLabel_Accepted64Rejected()
    {
        var ok = DnsName.FromLabels(new string('a', 63), "local");

        Assert.Equal(1 + 63 + 1 + 5 + 1, ok.WireLength);
        Assert.Throws<ArgumentException>(() => DnsName.FromLabels(new string('a', 64), "local"));
        Assert.Throws<FormatException>(() => DnsName.Parse(new string('a', 64) + ".local"));
    }

    [Fact]
    public void FromLabels_MultiByteUtf8_CountsBytesNotCharacters()
    {
        // 21 three-byte characters are 63 bytes; 22 are 66.
        Assert.Equal(63, DnsName.FromLabels(new string('日', 21)).GetLabel(0).Length);
        Assert.Throws<ArgumentException>(() => DnsName.FromLabels(new string('日', 22)));
    }

    [Fact]
    public void FromLabels_255Bytes_Accepted256Rejected()
    {
        // Three 63-byte labels (192) + a 61-byte label (62) + root (1) = 255.
        var a63 = new string('a', 63);
        var max = DnsName.FromLabels(a63, a63, a63, new string('b', 61));

        Assert.Equal(DnsName.MaxLength, max.WireLength);
        Assert.Throws<ArgumentException>(() => DnsName.FromLabels(a63, a63, a63, new string('b', 62)));
        Assert.Throws<ArgumentException>(() => max.Prepend("x"));
    }

    [Fact]
    public void FromLabels_EmptyLabel_Rejected()
    {
        Assert.Throws<ArgumentException>(() => DnsName.FromLabels("a", "", "local"));
        Assert.Throws<ArgumentException>(() => DnsName.Root.Prepend(string.Empty));
    }

    [Fact]
    public void Equals_AsciiCaseDiffers_EqualWithSameHashButNotExactly()
    {
        var lower = DnsName.Parse("my printer._ipp._tcp.local");
        var upper = DnsName.Parse("MY PRINTER._IPP._TCP.LOCAL");

        Assert.Equal(lower, upper);
        Assert.True(lower == upper);
        Assert.Equal(lower.GetHashCode(), upper.GetHashCode());
        Assert.False(lower.EqualsExactly(upper));
    }

    [Fact]
    public void Equals_NonAsciiCaseDiffers_NotEqual()
    {
        // RFC 6762 §16 folds ASCII only: "É" and "é" are different bytes and different names.
        Assert.NotEqual(DnsName.FromLabels("é", "local"), DnsName.FromLabels("É", "local"));
    }

    [Fact]
    public void Equals_DotInsideLabelVersusSeparator_NotEqual()
    {
        Assert.NotEqual(DnsName.FromLabels("a.b", "local"), DnsName.Parse("a.b.local"));
    }

    [Fact]
    public void IsSubdomainOf_WholeLabelsOnly()
    {
        var instance = DnsName.Parse("x._ipp._tcp.LOCAL");

        Assert.True(instance.IsSubdomainOf(DnsName.Parse("local")));
        Assert.True(instance.IsSubdomainOf(DnsName.Parse("_tcp.local")));
        Assert.True(instance.IsSubdomainOf(instance));
        Assert.True(instance.IsSubdomainOf(DnsName.Root));
        Assert.False(DnsName.Parse("xlocal").IsSubdomainOf(DnsName.Parse("local")));
        Assert.False(DnsName.Parse("local").IsSubdomainOf(instance));
    }

    [Fact]
    public void Parent_DropsFirstLabel()
    {
        var name = DnsName.FromLabels("My.Web", "_http", "_tcp", "local");

        Assert.Equal(DnsName.Parse("_http._tcp.local"), name.Parent);
        Assert.Same(DnsName.Root, DnsName.Root.Parent);
        Assert.True(DnsName.Parse("local").Parent.IsRoot);
    }

    [Fact]
    public void GetLabel_OutOfRange_Throws()
    {
        var name = DnsName.Parse("a.b");

        Assert.Equal("b", Encoding.UTF8.GetString(name.GetLabel(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => name.GetLabel(2));
        Assert.Throws<ArgumentOutOfRangeException>(() => name.GetLabel(-1));
    }

    [Fact]
    public void ToString_Root_Dot()
    {
        Assert.Equal(".", DnsName.Root.ToString());
        Assert.Equal(1, DnsName.Root.WireLength);
    }
}
