using Peerlink.Zeroconf.Dns;
using static Peerlink.Zeroconf.Tests.Mdns.ResponderHarness;

namespace Peerlink.Zeroconf.Tests.Mdns;

/// <summary>What the responder drops: malformed datagrams and messages with non-zero OPCODE or RCODE (RFC 6762 §18.3, §18.11).</summary>
public class ResponderInputTests
{
    [Fact]
    public void Receive_MalformedBytes_CountedAndResponderKeepsAnswering()
    {
        var h = new ResponderHarness();
        h.PublishAndAnnounce(TimeSpan.FromMinutes(1));
        var random = new Random(7);
        for (var i = 0; i < 100; i++)
        {
            var junk = new byte[random.Next(5, 40)];
            random.NextBytes(junk);
            junk[4] = 0xFF; // QDCOUNT of 65280 or more: never a valid message, however short.
            h.Responder.Receive(h.Now, Peer, junk);
        }

        h.Responder.Receive(h.Now, Peer, new byte[5]);
        Assert.Equal(101, h.Responder.Counters.Malformed);

        h.Receive(Peer, DnsMessage.Query(new DnsQuestion(InstanceName, DnsRecordType.Srv)));
        Assert.Single(h.Sent);
    }

    [Theory]
    [InlineData(DnsOpcode.Update, DnsResponseCode.NoError)]
    [InlineData(DnsOpcode.Status, DnsResponseCode.NoError)]
    [InlineData(DnsOpcode.Query, DnsResponseCode.Refused)]
    public void Receive_NonZeroOpcodeOrRcode_IgnoredAndCounted(DnsOpcode opcode, DnsResponseCode rcode)
    {
        var h = new ResponderHarness();
        h.PublishAndAnnounce(TimeSpan.FromMinutes(1));
        h.Receive(Peer, DnsMessage.Query(new DnsQuestion(InstanceName, DnsRecordType.Srv)) with { Opcode = opcode, ResponseCode = rcode });

        Assert.Empty(h.Sent);
        Assert.Equal(1, h.Responder.Counters.Ignored);
        Assert.Equal(0, h.Responder.Counters.Queries);
    }
}
