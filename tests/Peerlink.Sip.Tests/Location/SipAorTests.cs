using Peerlink.Sip.Location;
using Peerlink.Sip.Message;

namespace Peerlink.Sip.Tests.Location;

public sealed class SipAorTests
{
    [Theory]
    [InlineData("sip:alice@example.com", "alice@example.com")]
    [InlineData("sip:alice@EXAMPLE.com", "alice@example.com")] // RFC 3261 §19.1.4: hosts compare case-insensitively
    [InlineData("sips:alice@example.com", "alice@example.com")] // RFC 7904 §3 matches the AOR without its scheme
    [InlineData("sip:alice@example.com:5070;transport=tcp?subject=x", "alice@example.com")]
    [InlineData("sip:Alice@example.com", "Alice@example.com")] // users compare case-sensitively
    public void Key_Spellings_GiveTheOverlayKey(string aor, string key)
    {
        Assert.Equal(key, SipAor.Key(SipUri.Parse(aor)));
    }

    [Theory]
    [InlineData("bob@example.com", "is not a SIP URI")]
    [InlineData("http://example.com/bob", "is not a SIP URI")]
    [InlineData("sip:example.com", "has no user part")]
    public void TryParse_NotAnAor_GivesTheReason(string text, string reason)
    {
        Assert.False(SipAor.TryParse(text, out var aor, out var error));
        Assert.Null(aor);
        Assert.Contains(reason, error, StringComparison.Ordinal);
        Assert.Contains("sip:alice@example.com", error, StringComparison.Ordinal); // says what one looks like
    }

    [Fact]
    public void TryParse_Aor_GivesTheUri()
    {
        Assert.True(SipAor.TryParse("sip:bob@example.com", out var aor, out _));
        Assert.Equal("bob", aor.User);
        Assert.Equal("example.com", aor.Host);
    }
}
