using System.Buffers.Binary;
using System.Net;
using Peerlink.Core;
using Peerlink.Zeroconf.Dns;
using Peerlink.Zeroconf.Mdns;
using static Peerlink.Zeroconf.Tests.Mdns.ResponderHarness;

namespace Peerlink.Zeroconf.Tests.Mdns;

/// <summary>
/// What the responder drops: malformed datagrams, messages with non-zero OPCODE or RCODE (RFC 6762 §18.3,
/// §18.11), datagrams from off the link (§11), known-answer floods; and that it keeps answering after.
/// </summary>
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

    [Fact]
    public void Receive_FromOffLinkSource_DroppedAndCounted_OnLinkLoopbackAndLinkLocalAnswered()
    {
        var h = new ResponderHarness(options: new MdnsResponderOptions { OnLink = [IPNetwork.Parse("192.168.1.0/24"), IPNetwork.Parse("2001:db8::/64")] });
        h.PublishAndAnnounce(TimeSpan.FromMinutes(1));
        var srv = DnsMessage.Query(new DnsQuestion(InstanceName, DnsRecordType.Srv));
        foreach (var offLink in new[] { "10.9.9.9", "192.168.2.50", "2001:db8:1::5", "8.8.8.8" })
        {
            h.Receive(NodeAddress.From(IPAddress.Parse(offLink), MdnsAddresses.Port), srv);
            h.Receive(NodeAddress.From(IPAddress.Parse(offLink), MdnsAddresses.Port), DnsMessage.Response(ForeignSrv()));
        }

        Assert.Empty(h.Sent);
        Assert.Equal(8, h.Responder.Counters.OffLink);
        Assert.Equal(0, h.Responder.Counters.Conflicts);
        Assert.Equal(ServiceState.Announced, h.Responder.GetState(1));

        foreach (var onLink in new[] { "192.168.1.77", "169.254.10.1", "127.0.0.1", "fe80::1", "2001:db8::9" })
        {
            h.Advance(TimeSpan.FromSeconds(2));
            h.Sent.Clear();
            h.Receive(NodeAddress.From(IPAddress.Parse(onLink), MdnsAddresses.Port), srv);
            Assert.True(h.Sent.Count == 1, $"a query from {onLink} went unanswered");
        }
    }

    [Fact]
    public void Receive_HeaderClaimsTenThousandKnownAnswers_DroppedFromTheHeaderAndCounted_StillAnswering()
    {
        // A datagram cannot hold 10,000 records, but its header can claim them: refused before reading on.
        var h = new ResponderHarness();
        h.PublishAndAnnounce(TimeSpan.FromMinutes(1));
        var flood = new DnsMessage
        {
            Questions = [new DnsQuestion(TypeName, DnsRecordType.Ptr)],
            Answers = [.. Enumerable.Range(0, 600).Select(i => new DnsRecord(TypeName, 4500, new PtrData(TypeName.Prepend($"x{i}"))))],
        };
        var bytes = DnsCodec.Encode(flood, new DnsOptions { MaxEntries = 1000, MaxMessageLength = ushort.MaxValue });
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(6), 10_000);
        h.Responder.Receive(h.Now, Peer, bytes);

        Assert.Equal(1, h.Responder.Counters.Malformed);
        Assert.Equal(0, h.Responder.Counters.Queries);
        h.Receive(Peer, DnsMessage.Query(new DnsQuestion(InstanceName, DnsRecordType.Srv)));
        Assert.Single(h.Sent);
    }

    [Fact]
    public void Receive_TenThousandKnownAnswersOverTruncatedPackets_EachReadOnce_AnswerStillGoesOut()
    {
        // RFC 6762 §7.2 lets a querier spread its known answers over packets with TC set. A hostile one
        // sends 10,000 that are not ours (40 packets of 250): the responder reads them and still answers.
        var h = new ResponderHarness();
        h.PublishAndAnnounce(TimeSpan.FromMinutes(1));
        var asked = h.Now;
        for (var p = 0; p < 40; p++)
        {
            var known = Enumerable.Range(p * 250, 250).Select(i => new DnsRecord(TypeName, 4500, new PtrData(TypeName.Prepend($"not ours {i}"))));
            var packet = new DnsMessage
            {
                Truncated = p < 39,
                Questions = p == 0 ? [new DnsQuestion(TypeName, DnsRecordType.Ptr)] : [],
                Answers = [.. known],
            };
            h.Receive(Peer, packet);
        }

        Assert.Equal(0, h.Responder.Counters.Malformed);
        Assert.Equal(0, h.Responder.Counters.KnownAnswersSuppressed);
        h.Advance(TimeSpan.FromSeconds(1));
        var (at, _, response) = Assert.Single(h.Sent);
        Assert.InRange(at - asked, TimeSpan.FromMilliseconds(400), TimeSpan.FromMilliseconds(500));
        Assert.Equal(new PtrData(InstanceName), Assert.Single(response.Answers).Data);
    }
}
