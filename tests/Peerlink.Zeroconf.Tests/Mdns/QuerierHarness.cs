using System.Net;
using Peerlink.Core;
using Peerlink.Zeroconf.Dns;
using Peerlink.Zeroconf.Mdns;

namespace Peerlink.Zeroconf.Tests.Mdns;

/// <summary>A querier in virtual time, with every datagram it sends decoded and stamped with the time.</summary>
internal sealed class QuerierHarness : IMdnsSender
{
    /// <summary>A responder on the link (source port 5353).</summary>
    public static readonly NodeAddress Responder = NodeAddress.From(IPAddress.Parse("192.168.1.20"), MdnsAddresses.Port);

    /// <summary>Another querier on the link.</summary>
    public static readonly NodeAddress OtherQuerier = NodeAddress.From(IPAddress.Parse("192.168.1.60"), MdnsAddresses.Port);

    public static readonly DnsName TypeName = ResponderHarness.TypeName;

    public static readonly DnsName InstanceName = ResponderHarness.InstanceName;

    public static readonly DnsName HostName = ResponderHarness.HostName;

    public static readonly DnsQuestion PtrQuestion = new(TypeName, DnsRecordType.Ptr);

    public QuerierHarness(int seed = 1, MdnsQuerierOptions? options = null) => Querier = new MdnsQuerier(this, new Random(seed), options);

    public MdnsQuerier Querier { get; }

    public TimeSpan Now { get; set; }

    public List<(TimeSpan At, NodeAddress To, DnsMessage Message)> Sent { get; } = [];

    /// <summary>The times at which queries carrying <paramref name="question"/> went out.</summary>
    public List<TimeSpan> TimesAsked(DnsQuestion question) =>
        [.. Sent.Where(s => s.Message.Questions.Any(q => q.Name == question.Name && q.Type == question.Type)).Select(s => s.At)];

    public void Send(NodeAddress destination, ReadOnlyMemory<byte> packet) => Sent.Add((Now, destination, DnsCodec.Decode(packet.Span)));

    /// <summary>Polls at every deadline up to <paramref name="until"/>, then sets the clock there.</summary>
    public void RunUntil(TimeSpan until) => VirtualClock.RunUntil(Now, until, () => Querier.NextDeadline, t => Now = t, Querier.Poll);

    public void Advance(TimeSpan by) => RunUntil(Now + by);

    public void Receive(NodeAddress from, DnsMessage message) => Querier.Receive(Now, from, DnsCodec.Encode(message));

    public void ReceiveResponse(params DnsRecord[] records) => Receive(Responder, DnsMessage.Response(records));

    public static DnsRecord Ptr(uint ttl = 4500, DnsName? instance = null) => new(TypeName, ttl, new PtrData(instance ?? InstanceName));

    public static DnsRecord Srv(uint ttl = 120, ushort port = 631) => new(InstanceName, ttl, new SrvData(0, 0, port, HostName)) { CacheFlush = true };

    public static DnsRecord Txt(uint ttl = 4500) => new(InstanceName, ttl, TxtData.FromAttributes(("rp", "queue"))) { CacheFlush = true };

    public static DnsRecord A(string address = "192.168.1.20", uint ttl = 120) => new(HostName, ttl, new AddressData(IPAddress.Parse(address))) { CacheFlush = true };
}
