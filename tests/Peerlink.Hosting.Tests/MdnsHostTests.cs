using System.Net;
using System.Net.Sockets;
using Peerlink.TestSupport;
using Peerlink.Zeroconf.Dns;
using Peerlink.Zeroconf.Mdns;

namespace Peerlink.Hosting.Tests;

/// <summary>
/// <see cref="MdnsHost"/> on a real veth between two namespaces the test makes: what it reads of the
/// link. The far side is a plain UDP socket opened inside namespace B.
/// </summary>
public sealed class MdnsHostTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(15);

    [NamespaceFact]
    public async Task Receive_QueryFromAnAddressOffTheLink_DroppedAndCounted_OnLinkQueryAnswered()
    {
        // RFC 6762 §11: B also holds an address outside the veth's subnet; a unicast query from it reaches
        // A (reverse-path filtering off) but must not be answered. From B's on-link address it is.
        using var ns = NetworkNamespaces.Create();
        var offLink = ns.AddressB.Replace("10.201.", "10.250.", StringComparison.Ordinal);
        Run("ip", "-n", ns.NamespaceB, "addr", "add", offLink + "/32", "dev", ns.VethB);
        Run("ip", "netns", "exec", ns.NamespaceA, "sysctl", "-qw", "net.ipv4.conf.all.rp_filter=0", $"net.ipv4.conf.{ns.VethA}.rp_filter=0");
        using var bound = new CancellationTokenSource(Bound);

        var host = NetworkNamespaces.RunIn(ns.NamespaceA, () => new MdnsHost(new MdnsTransportOptions { InterfaceName = ns.VethA }, new Random(3)));
        await using (host)
        {
            Assert.Contains(host.Transport.Subnets, n => n.Contains(IPAddress.Parse(ns.AddressB)));
            await host.StartAsync(bound.Token);
            await using var published = await host.PublishAsync(
                new ServiceInstance("On Link", DnsName.Parse("_http._tcp"), DnsName.Parse("onlink.local"), 80) { Addresses = [IPAddress.Parse(ns.AddressA)] },
                bound.Token);
            while (await published.Changes.ReadAsync(bound.Token) is not { State: ServiceState.Announcing })
            {
            }

            var query = DnsCodec.Encode(DnsMessage.Query(new DnsQuestion(DnsName.Parse("On Link._http._tcp.local"), DnsRecordType.Srv)) with { Id = 77 });
            var to = new IPEndPoint(IPAddress.Parse(ns.AddressA), MdnsAddresses.Port);
            using var off = NetworkNamespaces.RunIn(ns.NamespaceB, () => Bind(offLink));
            using var on = NetworkNamespaces.RunIn(ns.NamespaceB, () => Bind(ns.AddressB));

            await off.SendToAsync(query, to, bound.Token);
            Assert.Null(await ReceiveAsync(off, TimeSpan.FromSeconds(1)));
            Assert.Equal(1, await host.InvokeAsync(_ => host.Responder.Counters.OffLink, bound.Token));

            await on.SendToAsync(query, to, bound.Token);
            var reply = await ReceiveAsync(on, TimeSpan.FromSeconds(5));
            Assert.NotNull(reply);
            Assert.Equal(77, reply.Id);
            Assert.Equal(DnsRecordType.Srv, Assert.Single(reply.Answers).Type);
        }
    }

    private static Socket Bind(string address)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Parse(address), 0));
        return socket;
    }

    private static async Task<DnsMessage?> ReceiveAsync(Socket socket, TimeSpan wait)
    {
        using var timeout = new CancellationTokenSource(wait);
        var buffer = new byte[9000];
        try
        {
            var n = await socket.ReceiveAsync(buffer, timeout.Token);
            return DnsCodec.Decode(buffer.AsSpan(0, n));
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    private static void Run(params string[] command)
    {
        var (code, _, error) = NetworkNamespaces.Run(TimeSpan.FromSeconds(10), command[0], command[1..]);
        Assert.True(code == 0, $"{string.Join(' ', command)} failed ({code}): {error}");
    }
}
