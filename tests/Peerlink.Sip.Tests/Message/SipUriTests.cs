using FsCheck.Xunit;
using Peerlink.Sip.Message;

namespace Peerlink.Sip.Tests.Message;

/// <summary>SIP URIs (RFC 3261 §19.1).</summary>
public class SipUriTests
{
    [Fact]
    public void TryParse_AllParts_EachRead()
    {
        var uri = SipUri.Parse("sips:alice:secret@atlanta.example.com:5061;transport=tcp;lr?subject=project%20x&priority=urgent");

        Assert.True(uri.Secure);
        Assert.Equal("alice", uri.User);
        Assert.Equal("secret", uri.Password);
        Assert.Equal("atlanta.example.com", uri.Host);
        Assert.Equal(5061, uri.Port);
        Assert.Equal("tcp", uri.Transport);
        Assert.True(uri.LooseRouting);
        Assert.Equal([new SipParameter("subject", "project x"), new SipParameter("priority", "urgent")], uri.Headers);
    }

    [Theory]
    [InlineData("sip:[2001:db8::10]:5070", "[2001:db8::10]", 5070)]
    [InlineData("sip:bob@[2001:db8::10]", "[2001:db8::10]", null)]
    [InlineData("SIP:bob@192.0.2.4", "192.0.2.4", null)]
    public void TryParse_HostForms_HostAndPort(string text, string host, int? port)
    {
        var uri = SipUri.Parse(text);

        Assert.Equal(host, uri.Host);
        Assert.Equal(port, uri.Port);
    }

    [Theory]
    [InlineData("tel:+15551234", "not a sip")]
    [InlineData("sip:", "bad host")]
    [InlineData("sip:@example.com", "bad user")]
    [InlineData("sip:bob@example.com:70000", "bad host or port")]
    [InlineData("sip:bob@[2001:db8::10", "bad host or port")]
    [InlineData("sip:bob@exa mple.com", "bad host")]
    [InlineData("sip:b<b@example.com", "bad user")]
    [InlineData("sip:bob@example.com;=x", "bad URI parameter")]
    [InlineData("sip:bob%4@example.com", "bad user")]
    [InlineData("sip:bob@example.com?x", "bad URI header")]
    public void TryParse_Malformed_FalseWithReason(string text, string reason)
    {
        Assert.False(SipUri.TryParse(text, out var uri, out var error));
        Assert.Null(uri);
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_CharactersAUserMayNotHold_Escaped()
    {
        var uri = new SipUri("example.com") { User = "a b@c" };

        Assert.Equal("sip:a%20b%40c@example.com", uri.ToString());
        Assert.Equal(uri, SipUri.Parse(uri.ToString()));
    }

    [Fact]
    public void Equals_EscapedAndPlainUser_Equal()
    {
        // §19.1.4: escaped and unescaped characters compare alike.
        Assert.Equal(SipUri.Parse("sip:%61lice@example.com"), SipUri.Parse("sip:alice@example.com"));
    }

    [Property(Arbitrary = [typeof(SipGenerators)], Replay = Replay.Seed, MaxTest = 300)]
    public void Parse_OfToString_GivesTheSameUri(SipUri uri)
    {
        Assert.Equal(uri, SipUri.Parse(uri.ToString()));
    }
}
