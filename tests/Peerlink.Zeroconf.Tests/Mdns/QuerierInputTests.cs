using System.Net;
using FsCheck.Xunit;
using Peerlink.Core;
using Peerlink.Zeroconf.Dns;
using static Peerlink.Zeroconf.Tests.Mdns.QuerierHarness;

namespace Peerlink.Zeroconf.Tests.Mdns;

/// <summary>What the querier drops: malformed packets, non-zero OPCODE or RCODE (RFC 6762 §18.3, §18.11), responses not from port 5353 (§6, §11).</summary>
public class QuerierInputTests
{
    [Theory]
    [InlineData(new byte[] { })]
    [InlineData(new byte[] { 0, 0, 0x84, 0 })]
    [InlineData(new byte[] { 0, 0, 0x84, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0xC0, 0x0C })]
    public void Receive_Malformed_CountedAndDropped(byte[] packet)
    {
        var h = new QuerierHarness();
        h.Querier.Receive(h.Now, Responder, packet);

        Assert.Equal(1, h.Querier.Counters.Malformed);
        Assert.Equal(0, h.Querier.Cache.Count);
    }

    [Fact]
    public void Receive_ResponseFromOffLinkSource_NotCachedAndCounted()
    {
        // RFC 6762 §11: a routed host's unicast to port 5353 must not plant records in our cache.
        var h = new QuerierHarness(options: new Peerlink.Zeroconf.Mdns.MdnsQuerierOptions { OnLink = [IPNetwork.Parse("192.168.1.0/24")] });
        h.Receive(NodeAddress.From(IPAddress.Parse("203.0.113.7"), 5353), DnsMessage.Response(Ptr(), Srv(), A()));
        Assert.Equal(1, h.Querier.Counters.OffLink);
        Assert.Equal(0, h.Querier.Cache.Count);

        h.ReceiveResponse(Ptr(), Srv(), A());
        Assert.Equal(3, h.Querier.Cache.Count);
    }

    [Theory]
    [InlineData(4, 0)]
    [InlineData(0, 3)]
    public void Receive_NonZeroOpcodeOrRcode_Ignored(int opcode, int rcode)
    {
        var h = new QuerierHarness();
        h.Receive(Responder, DnsMessage.Response(Ptr()) with { Opcode = (DnsOpcode)opcode, ResponseCode = (DnsResponseCode)rcode });

        Assert.Equal(1, h.Querier.Counters.Ignored);
        Assert.Equal(0, h.Querier.Cache.Count);
    }

    [Fact]
    public void Receive_ResponseFromOtherPort_Ignored()
    {
        var h = new QuerierHarness();
        h.Receive(NodeAddress.From(IPAddress.Parse("192.168.1.20"), 53), DnsMessage.Response(Ptr()));

        Assert.Equal(1, h.Querier.Counters.Ignored);
        Assert.Equal(0, h.Querier.Cache.Count);
    }

    [Fact]
    public void Receive_AnswersAndAdditionals_BothCached()
    {
        var h = new QuerierHarness();
        h.Receive(Responder, DnsMessage.Response(Ptr()) with { Additionals = [Srv(), Txt(), A()] });

        Assert.Equal(4, h.Querier.Cache.Count);
        Assert.Equal(0, h.Querier.Counters.Ignored + h.Querier.Counters.Malformed);
    }

    [Property(Arbitrary = new[] { typeof(DnsGenerators) }, Replay = DnsGenerators.Seed, MaxTest = 300)]
    public void Receive_AnyMessageWhileBrowsing_NeverThrows(DnsMessage message, bool asQuery)
    {
        var h = new QuerierHarness();
        var browser = new Peerlink.Zeroconf.Mdns.ServiceBrowser(h.Querier, TypeName);
        browser.Start(h.Now);
        h.Receive(Responder, message with { IsResponse = !asQuery, Opcode = DnsOpcode.Query, ResponseCode = DnsResponseCode.NoError });
        h.Advance(TimeSpan.FromHours(3));

        Assert.Equal(0, h.Querier.Counters.Malformed + h.Querier.Counters.Ignored);
        Assert.All(h.Querier.Cache.All, r => Assert.True(r.ExpiresAt > h.Now));
        Assert.Equal(h.Querier.Cache.Find(h.Now, TypeName, DnsRecordType.Ptr).Count, browser.Services.Count);
    }
}
