using System.Net;
using Peerlink.Core;
using Peerlink.Zeroconf.Dns;
using Peerlink.Zeroconf.Mdns;

namespace Peerlink.Zeroconf.Tests.Mdns;

/// <summary>A responder in virtual time, with every datagram it sends decoded and stamped with the time.</summary>
internal sealed class ResponderHarness : IMdnsSender
{
    public static readonly NodeAddress Group = MdnsAddresses.IPv4Group;

    /// <summary>A fully compliant querier (source port 5353).</summary>
    public static readonly NodeAddress Peer = NodeAddress.From(IPAddress.Parse("192.168.1.50"), MdnsAddresses.Port);

    /// <summary>A one-shot (legacy) querier: any port but 5353 (RFC 6762 §6.7).</summary>
    public static readonly NodeAddress LegacyPeer = NodeAddress.From(IPAddress.Parse("192.168.1.51"), 40000);

    public static readonly DnsName TypeName = DnsName.Parse("_ipp._tcp.local");

    public static readonly DnsName InstanceName = TypeName.Prepend("My Printer");

    public static readonly DnsName HostName = DnsName.Parse("printer.local");

    public static readonly ServiceInstance Printer = new("My Printer", DnsName.Parse("_ipp._tcp"), HostName, 631)
    {
        Txt = TxtData.FromAttributes(("txtvers", "1"), ("rp", "queue")),
        Addresses = [IPAddress.Parse("192.168.1.20"), IPAddress.Parse("fe80::20")],
    };

    public ResponderHarness(int seed = 1, MdnsResponderOptions? options = null) => Responder = new MdnsResponder(this, new Random(seed), options);

    public MdnsResponder Responder { get; }

    public TimeSpan Now { get; set; }

    public List<(TimeSpan At, NodeAddress To, DnsMessage Message)> Sent { get; } = [];

    public IEnumerable<(TimeSpan At, NodeAddress To, DnsMessage Message)> Probes => Sent.Where(s => !s.Message.IsResponse);

    public IEnumerable<(TimeSpan At, NodeAddress To, DnsMessage Message)> Responses => Sent.Where(s => s.Message.IsResponse);

    public void Send(NodeAddress destination, ReadOnlyMemory<byte> packet) => Sent.Add((Now, destination, DnsCodec.Decode(packet.Span)));

    /// <summary>Polls at every deadline up to <paramref name="until"/>, then sets the clock there.</summary>
    public void RunUntil(TimeSpan until) => VirtualClock.RunUntil(Now, until, () => Responder.NextDeadline, t => Now = t, Responder.Poll);

    public void Advance(TimeSpan by) => RunUntil(Now + by);

    /// <summary>Publishes <see cref="Printer"/> at time zero and runs until its first probe is out.</summary>
    public int PublishToFirstProbe()
    {
        var handle = Responder.Publish(Now, Printer);
        RunUntil(Responder.NextDeadline!.Value);
        Assert.Single(Sent);
        return handle;
    }

    public void Receive(NodeAddress from, DnsMessage message) => Responder.Receive(Now, from, DnsCodec.Encode(message));

    /// <summary>Publishes <see cref="Printer"/>, lets it probe and announce, waits <paramref name="settle"/> more and forgets what was sent.</summary>
    public int PublishAndAnnounce(TimeSpan settle)
    {
        var handle = Responder.Publish(Now, Printer);
        Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(ServiceState.Announced, Responder.GetState(handle));
        Advance(settle);
        Sent.Clear();
        return handle;
    }

    /// <summary>A record of another host claiming our instance name.</summary>
    public static DnsRecord ForeignSrv(ushort port = 9100) => new(InstanceName, 120, new SrvData(0, 0, port, DnsName.Parse("other.local"))) { CacheFlush = true };
}
