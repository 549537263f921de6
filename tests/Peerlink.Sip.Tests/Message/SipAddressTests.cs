using Peerlink.Sip.Message;

namespace Peerlink.Sip.Tests.Message;

/// <summary>name-addr / addr-spec (RFC 3261 §20.10), Via (§20.42), CSeq (§20.16) and Content-Type (§20.15).</summary>
public class SipAddressTests
{
    [Theory]
    [InlineData("\"A. G. Bell\" <sip:agb@bell-telephone.com> ;tag=a48s", "A. G. Bell", "sip:agb@bell-telephone.com", "a48s")]
    [InlineData("Anonymous <sip:c8oqz84zk7z@privacy.org>;tag=hyh8", "Anonymous", "sip:c8oqz84zk7z@privacy.org", "hyh8")]
    [InlineData("sip:+12125551212@phone2net.com;tag=887s", null, "sip:+12125551212@phone2net.com", "887s")]
    [InlineData("<sip:bob@[2001:db8::1]:5070>", null, "sip:bob@[2001:db8::1]:5070", null)]
    [InlineData("The Operator <sip:operator@cs.columbia.edu>;tag=287447", "The Operator", "sip:operator@cs.columbia.edu", "287447")]
    public void TryParse_Rfc3261Examples_DisplayUriAndTag(string text, string? display, string uri, string? tag)
    {
        // §20.20 (From) and §20.39 (To) examples.
        var a = SipNameAddress.Parse(text);

        Assert.Equal(display, a.DisplayName);
        Assert.Equal(uri, a.Uri);
        Assert.Equal(tag, a.Tag);
    }

    [Theory]
    [InlineData("\"unterminated <sip:a@b>", "unterminated quoted string")]
    [InlineData("\"quoted\" sip:a@b", "not followed by <URI>")]
    [InlineData("<sip:a@b", "without its '>'")]
    [InlineData("<sip:a@b>;", "empty parameter")]
    [InlineData("<sip:a@b>;tag=", "no value")]
    [InlineData("<sip:a@b> junk", "separator")]
    [InlineData("sip:a@b?x=y", "outside angle brackets")]
    [InlineData("<not a uri>", "whitespace inside")]
    [InlineData("<nouri>", "not a URI")]
    [InlineData("<sip:a@b@c>", "bad host")]
    public void TryParse_Malformed_FalseWithReason(string text, string reason)
    {
        Assert.False(SipNameAddress.TryParse(text, out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void WithTag_ReplacesTheTag()
    {
        var a = SipNameAddress.Parse("<sip:a@b>;tag=1;x").WithTag("2");

        Assert.Equal("2", a.Tag);
        Assert.Equal("<sip:a@b>;x;tag=2", a.ToString());
    }

    [Fact]
    public void TryParse_ViaWithReceivedAndRport_Typed()
    {
        // RFC 3581 §4: rport filled in by the server; §18.2.1 received.
        var via = SipVia.Parse("SIP/2.0/UDP 10.1.1.1:4540;received=192.0.2.1;rport=9988;branch=z9hG4bKkjshdyff");

        Assert.Equal("UDP", via.Transport);
        Assert.Equal("10.1.1.1", via.Host);
        Assert.Equal(4540, via.Port);
        Assert.Equal("192.0.2.1", via.Received);
        Assert.Equal(9988, via.Rport);
        Assert.True(via.HasMagicCookie);
    }

    [Fact]
    public void TryParse_ViaIpv6AndValuelessRport_Typed()
    {
        var via = SipVia.Parse("SIP/2.0/TCP [2001:db8::9]:5061;rport;branch=z9hG4bKx");

        Assert.Equal("[2001:db8::9]", via.Host);
        Assert.Equal(5061, via.Port);
        Assert.True(via.HasRport);
        Assert.Null(via.Rport);
    }

    [Theory]
    [InlineData("SIP/2.0 host")]
    [InlineData("SIP/2.0/UDP")]
    [InlineData("SIP/2.0/UDP host:99999")]
    [InlineData("SIP/2.0/UDP host;;")]
    [InlineData("")]
    public void TryParse_BadVia_False(string text)
    {
        Assert.False(SipVia.TryParse(text, out _, out var error));
        Assert.NotNull(error);
    }

    [Theory]
    [InlineData("4711 INVITE", 4711u, "INVITE")]
    [InlineData("4294967295 BYE", 4294967295u, "BYE")]
    [InlineData("0009\t ACK", 9u, "ACK")]
    public void TryParse_CSeq_NumberAndMethod(string text, uint number, string method)
    {
        Assert.True(SipCSeq.TryParse(text, out var c, out _));
        Assert.Equal(new SipCSeq(number, method), c);
    }

    [Theory]
    [InlineData("4294967296 INVITE")]
    [InlineData("INVITE")]
    [InlineData("-1 INVITE")]
    [InlineData("1 IN\"VITE")]
    public void TryParse_BadCSeq_False(string text)
    {
        Assert.False(SipCSeq.TryParse(text, out _, out _));
    }

    [Fact]
    public void TryParse_ContentTypeWithParameter_Typed()
    {
        var t = Assert.IsType<SipMediaType>(SipMediaType.TryParse("multipart/mixed;boundary=7a9cbec02ceef655", out var m, out _) ? m : null);

        Assert.True(t.Is("Multipart", "MIXED"));
        Assert.Equal("7a9cbec02ceef655", t.Parameters.Single().Value);
    }
}

/// <summary>The typed header parsers never throw, whatever the text.</summary>
public class SipTypedParserProperties
{
    private const string Alphabet = "sipSIP:@;=<>\"\\,?&%/ .[]0123456789abcdefz-_*+'~()\t\0é";

    private static string Text(char[] picks) => new([.. picks.Select(c => Alphabet[c % Alphabet.Length])]);

    [FsCheck.Xunit.Property(Replay = Replay.Seed, MaxTest = 2000)]
    public void TryParse_ArbitraryText_NeverThrows(char[] picks)
    {
        var text = Text(picks);

        var results = new[]
        {
            SipUri.TryParse(text, out var u, out var e1) == (u is not null) && (u is not null || e1 is not null),
            SipNameAddress.TryParse(text, out var a, out var e2) == (a is not null) && (a is not null || e2 is not null),
            SipVia.TryParse(text, out var v, out var e3) == (v is not null) && (v is not null || e3 is not null),
            SipCSeq.TryParse(text, out var c, out _) == (c is not null),
            SipMediaType.TryParse(text, out var t, out _) == (t is not null),
        };

        Assert.All(results, Assert.True);
    }

    [FsCheck.Xunit.Property(Replay = Replay.Seed, MaxTest = 1000)]
    public void TryParse_SipPrefixAndArbitraryText_ParsedUriRoundTrips(char[] picks)
    {
        if (SipUri.TryParse("sip:" + Text(picks), out var uri, out _))
        {
            Assert.Equal(uri, SipUri.Parse(uri.ToString()));
        }
    }

    [Fact]
    public void TryParse_AngleBracketInsideAQuotedParameter_IsNotTheNameAddrsBracket()
    {
        var a = SipNameAddress.Parse("sip:a@b.example.com;x=\"<y>\"");

        Assert.Equal("sip:a@b.example.com", a.Uri);
        Assert.Equal("\"<y>\"", a.Parameters.Single().Value);
    }
}
