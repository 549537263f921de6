namespace Peerlink.Interop.Tests;

/// <summary>The parser for `avahi-browse -p -k` lines, on lines avahi 0.8 printed (no daemon needed).</summary>
public sealed class AvahiBrowseLineTests
{
    [Fact]
    public void Parse_ResolvedLineWithUtf8AndEscapes_UnescapesEveryField()
    {
        var line = AvahiBrowseLine.Parse(
            "=;xva;IPv4;B\\195\\188ro\\032Drucker\\032\\040x\\041;_http._tcp;local;xhosta.local;10.199.0.1;8080;\"a b=\\195\\188\" \"k=v\"");

        Assert.NotNull(line);
        Assert.Equal('=', line.Kind);
        Assert.Equal("xva", line.Interface);
        Assert.Equal("IPv4", line.Protocol);
        Assert.Equal("Büro Drucker (x)", line.Name);
        Assert.Equal("_http._tcp", line.Type);
        Assert.Equal("local", line.Domain);
        Assert.Equal("xhosta.local", line.Host);
        Assert.Equal("10.199.0.1", line.Address);
        Assert.Equal(8080, line.Port);
        Assert.Equal(["a b=ü", "k=v"], line.Txt);
    }

    [Fact]
    public void Parse_RemovalLine_HasNameAndNoResolvedFields()
    {
        var line = AvahiBrowseLine.Parse("-;pv1a;IPv4;Taken\\032\\0352;_http._tcp;local");

        Assert.NotNull(line);
        Assert.Equal('-', line.Kind);
        Assert.Equal("Taken #2", line.Name);
        Assert.Null(line.Port);
        Assert.Empty(line.Txt);
    }

    [Fact]
    public void Parse_EscapedSeparatorAndQuoteInTxt_KeepsThemInTheString()
    {
        var line = AvahiBrowseLine.Parse("=;v;IPv4;a\\059b;_x._udp;local;h.local;10.0.0.1;1;\"q=\\\"\\059\" \"\"");

        Assert.NotNull(line);
        Assert.Equal("a;b", line.Name);
        Assert.Equal(["q=\";", ""], line.Txt);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Failed to create client object: Daemon not running")]
    [InlineData("+;too;short")]
    public void Parse_NotABrowseEvent_ReturnsNull(string text) => Assert.Null(AvahiBrowseLine.Parse(text));
}
