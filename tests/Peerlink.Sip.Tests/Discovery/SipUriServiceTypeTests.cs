using Peerlink.Sip.Discovery;

namespace Peerlink.Sip.Tests.Discovery;

/// <summary>The service types _sipuri._udp, _sipuri._tcp, _sipuri._sctp (draft-lee-sip-dns-sd-uri-01 §4.1, §8).</summary>
public class SipUriServiceTypeTests
{
    [Theory]
    [InlineData("_sipuri._udp", SipUriTransport.Udp)]
    [InlineData("_sipuri._tcp.local.", SipUriTransport.Tcp)]
    [InlineData("_SIPURI._SCTP", SipUriTransport.Sctp)]
    public void TryParse_SipuriTypes_Transport(string type, SipUriTransport transport)
    {
        Assert.True(SipUriServiceType.TryParse(type, out var parsed, out var error), error);
        Assert.Equal(transport, parsed);
    }

    [Theory]
    [InlineData("_sip._udp", "not a _sipuri service type")]
    [InlineData("_sipuri._dccp", "must be _udp, _tcp or _sctp")]
    [InlineData("_sipuri", "not a _sipuri service type")]
    public void TryParse_OtherTypes_RefusedWithReason(string type, string reason)
    {
        Assert.False(SipUriServiceType.TryParse(type, out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Of_EachTransport_TheDraftsLabels()
    {
        Assert.Equal(SipUriServiceType.Udp, SipUriServiceType.Of(SipUriTransport.Udp));
        Assert.Equal(SipUriServiceType.Tcp, SipUriServiceType.Of(SipUriTransport.Tcp));
        Assert.Equal("_sipuri._sctp", SipUriServiceType.Of(SipUriTransport.Sctp));
    }
}
