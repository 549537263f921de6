using System.Net;
using FsCheck;
using FsCheck.Xunit;
using Peerlink.Core;
using Peerlink.Sip.Discovery;
using Peerlink.Sip.Message;

namespace Peerlink.Sip.Tests.Discovery;

/// <summary>The UAC rules of draft-lee-sip-dns-sd-uri-01 §5: To, Request-URI and destination from a resolved instance.</summary>
public class SipUriClientRulesTests
{
    private static readonly IPAddress BobsMachine = IPAddress.Parse("10.0.0.2");

    [Fact]
    public void TryResolve_Section3Example_ToFromNameRequestUriFromContactHostFromContact()
    {
        // §3: SRV 0 0 5060 bobs-machine.local.; TXT txtvers=1 name=Bob contact=sip:bob@bobs-machine.local.
        var target = Resolve(Advertisement("sip:bob@example.com", "txtvers=1", "name=Bob", "contact=sip:bob@bobs-machine.local."));

        Assert.Equal("\"Bob\" <sip:bob@example.com>", target.To.ToString());
        Assert.Equal(SipUri.Parse("sip:bob@bobs-machine.local."), target.RequestUri);
        Assert.Equal(SipUriDestinationSource.Contact, target.Source);
        Assert.Equal("bobs-machine.local.", target.DestinationHost);
        Assert.Equal(5060, target.DestinationPort);
        Assert.Equal("UDP", target.Transport);
        // The contact names the SRV target, whose A record came with it: nothing more to ask.
        Assert.Equal([BobsMachine], target.Addresses);
        Assert.False(target.NeedsHostLookup);
    }

    [Fact]
    public void TryResolve_ContactOnAnotherHost_ThatHostPlainlyLookedUp()
    {
        // §5.2's example: contact=sip:carol@cube2214a.chicago.com → sent to cube2214a.chicago.com, A/AAAA only.
        var target = Resolve(Advertisement("sip:carol@chicago.com", "contact=sip:carol@cube2214a.chicago.com"));

        Assert.Equal("<sip:carol@chicago.com>", target.To.ToString());
        Assert.Equal(SipUri.Parse("sip:carol@cube2214a.chicago.com"), target.RequestUri);
        Assert.Equal("cube2214a.chicago.com:5060", target.Destination);
        Assert.True(target.NeedsHostLookup);
    }

    [Fact]
    public void TryResolve_ContactWithAddressAndPort_DestinationIsThatAddressAndPort()
    {
        var target = Resolve(Advertisement("sip:bob@example.com - Softphone", "txtvers=1", "name=Bob", "contact=sip:bob@10.200.0.1:5070") with { SrvPort = 5999 });

        Assert.Equal("10.200.0.1:5070", target.Destination);
        Assert.Equal([IPAddress.Parse("10.200.0.1")], target.Addresses);
        Assert.Equal("- Softphone", target.Instance.Description);
    }

    [Fact]
    public void TryResolve_ContactIPv6Reference_AddressWithoutBrackets()
    {
        var target = Resolve(Advertisement("sip:bob@example.com", "contact=<sip:bob@[2001:db8::2]:5070>"));

        Assert.Equal("[2001:db8::2]:5070", target.Destination);
        Assert.Equal([IPAddress.Parse("2001:db8::2")], target.Addresses);
    }

    [Fact]
    public void TryResolve_NoContact_RequestUriIsToAndDestinationIsTheSrvTargetAndPort()
    {
        // §5.1: without contact, the Request-URI is the To URI; §5.2: the SRV record gives host and port.
        var target = Resolve(Advertisement("sip:bob@example.com (2)", "txtvers=1", "name=Bob") with { SrvPort = 5070 });

        Assert.Equal(SipUri.Parse("sip:bob@example.com"), target.RequestUri);
        Assert.Equal("\"Bob\" <sip:bob@example.com>", target.To.ToString());
        Assert.Equal(SipUriDestinationSource.Srv, target.Source);
        Assert.Equal("bobs-machine.local:5070", target.Destination);
        Assert.Equal([BobsMachine], target.Addresses);
        Assert.Equal(2, target.Instance.ConflictNumber);
    }

    [Fact]
    public void TryResolve_NoTxtAtAll_NameAloneIsEnough()
    {
        // §4.1: the URI in the name is enough to call; the TXT record is an optimisation.
        var target = Resolve(Advertisement("sip:bob@example.com"));

        Assert.Equal("<sip:bob@example.com>", target.To.ToString());
        Assert.Equal("bobs-machine.local:5060", target.Destination);
    }

    [Theory]
    [InlineData("contact=<sip:bob@10.0.0.2;transport=tcp>", SipUriTransport.Udp, "TCP", 5060)]
    [InlineData("contact=sips:bob@10.0.0.2", SipUriTransport.Tcp, "TLS", 5061)]
    [InlineData("contact=sip:bob@10.0.0.2", SipUriTransport.Tcp, "TCP", 5060)]
    [InlineData("contact=<sip:bob@10.0.0.2;transport=tls>", SipUriTransport.Udp, "TLS", 5061)]
    public void TryResolve_Transport_ContactParameterThenSchemeThenServiceType(string contact, SipUriTransport advertised, string transport, int port)
    {
        var target = Resolve(Advertisement("sip:bob@example.com", contact) with { Transport = advertised });

        Assert.Equal(transport, target.Transport);
        Assert.Equal(port, target.DestinationPort);
    }

    [Fact]
    public void TryResolve_UriHeaders_DroppedFromToAndRequestUri()
    {
        // RFC 3261 §19.1.5: no headers in a Request-URI.
        var target = Resolve(Advertisement("sip:bob@example.com?subject=hi", "contact=<sip:bob@10.0.0.2?priority=urgent>"));

        Assert.Equal("sip:bob@example.com", target.To.Uri);
        Assert.Equal("sip:bob@10.0.0.2", target.RequestUri.ToString());
    }

    [Theory]
    [InlineData("Bob's Softphone", new[] { "txtvers=1" }, "does not start with a SIP or SIPS URI")]
    [InlineData("sip:bob@example.com", new[] { "txtvers=1", "contact=tel:+12125551212" }, "not a SIP or SIPS URI")]
    [InlineData("sip:bob@example.com", new[] { "txtvers=2" }, "only version 1")]
    public void TryResolve_BadAdvertisement_RefusedWithReason(string label, string[] txt, string reason)
    {
        Assert.False(SipUriClientRules.TryResolve(Advertisement(label, txt), out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryResolve_NoContactAndNoSrv_Refused()
    {
        Assert.False(SipUriClientRules.TryResolve(Advertisement("sip:bob@example.com") with { SrvTarget = null }, out _, out var error));
        Assert.Contains("no contact attribute and no SRV record", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryResolve_NoContactAndSrvTargetTheRoot_Refused()
    {
        Assert.False(SipUriClientRules.TryResolve(Advertisement("sip:bob@example.com") with { SrvTarget = "." }, out _, out var error));
        Assert.Contains("no contact attribute and no SRV record", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryResolve_NoContactAndSrvPortZero_Refused()
    {
        Assert.False(SipUriClientRules.TryResolve(Advertisement("sip:bob@example.com") with { SrvPort = 0 }, out _, out var error));
        Assert.Contains("SRV port is 0", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sip:bob@example.com", true)]
    [InlineData("sip:bob@EXAMPLE.com", true)]
    [InlineData("sip:Bob@example.com", false)]
    [InlineData("sips:bob@example.com", false)]
    [InlineData("sip:bob@example.com:5070", false)]
    [InlineData("sip:alice@example.com", false)]
    public void IsFor_AddressOfRecord_ComparedByRfc3261Rules(string aor, bool expected)
    {
        var target = Resolve(Advertisement("sip:bob@example.com - Softphone #2"));

        Assert.Equal(expected, target.IsFor(SipUri.Parse(aor)));
    }

    [Property(Replay = Replay.Seed, MaxTest = 500)]
    public bool TryResolve_ArbitraryAdvertisement_NeverThrows_AndATargetAlwaysHasADestination(NonNull<string> label, byte[][] txt, string? srv, int port)
    {
        var advertisement = new SipUriAdvertisement(label.Get, SipUriTransport.Udp)
        {
            Txt = [.. txt.Where(t => t is not null).Select(t => Bytes.Copy(t))],
            SrvTarget = srv,
            SrvPort = port,
        };
        var withSipLabel = advertisement with { InstanceLabel = "sip:a@b " + label.Get, Txt = [.. advertisement.Txt.Select(t => Bytes.Copy([.. "contact="u8, .. t.Span]))] };

        foreach (var a in new[] { advertisement, withSipLabel })
        {
            if (SipUriClientRules.TryResolve(a, out var target, out _) && (target.DestinationHost.Length == 0 || target.DestinationPort is <= 0 or > 65_535))
            {
                return false;
            }
        }

        return true;
    }

    private static SipUriTarget Resolve(SipUriAdvertisement advertisement)
    {
        Assert.True(SipUriClientRules.TryResolve(advertisement, out var target, out var error), error);
        return target;
    }

    private static SipUriAdvertisement Advertisement(string label, params string[] txt) => new(label, SipUriTransport.Udp)
    {
        Txt = [.. SipUriTxtTests.Strings(txt)],
        SrvTarget = "bobs-machine.local.",
        SrvPort = 5060,
        SrvAddresses = [BobsMachine],
    };
}
