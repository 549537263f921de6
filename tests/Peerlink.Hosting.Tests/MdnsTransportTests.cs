using System.Diagnostics;
using System.Net;
using Peerlink.Zeroconf.Dns;
using Peerlink.TestSupport;
using Peerlink.Zeroconf.Mdns;

namespace Peerlink.Hosting.Tests;

/// <summary>
/// The pinned mDNS socket over a real veth pair between two namespaces the test makes
/// (<see cref="NetworkNamespaces"/>); the far side is a plain Python socket run with `ip netns exec`.
/// Nothing here sends in the machine's own namespace, whose default route leads off the machine.
/// </summary>
public sealed class MdnsTransportTests
{
    // Joins 224.0.0.251 on the given address, prints "ready", then one line per datagram for `secs`:
    // source address, source port, IP TTL (IP_RECVTTL = 12, IP_TTL = 2 on Linux), payload hex.
    private const string Receiver = """
        import select, socket, struct, sys, time
        ip, secs = sys.argv[1], float(sys.argv[2])
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(('0.0.0.0', 5353))
        s.setsockopt(socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP, socket.inet_aton('224.0.0.251') + socket.inet_aton(ip))
        s.setsockopt(socket.IPPROTO_IP, 12, 1)
        print('ready', flush=True)
        end = time.monotonic() + secs
        while (left := end - time.monotonic()) > 0:
            if not select.select([s], [], [], left)[0]:
                continue
            data, anc, _, src = s.recvmsg(65535, socket.CMSG_SPACE(4))
            ttl = next((struct.unpack('i', d[:4])[0] for l, t, d in anc if l == socket.IPPROTO_IP and t == 2), -1)
            print(src[0], src[1], ttl, data.hex(), flush=True)
        """;

    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(15);

    [Fact]
    public void Open_NoInterface_RefusesAndSaysWhy()
    {
        // Refused before any socket exists, so nothing can be sent anywhere.
        var e = Assert.Throws<ArgumentException>(() => new MdnsTransport(new MdnsTransportOptions()));

        Assert.Contains("No interface given", e.Message, StringComparison.Ordinal);
        Assert.Contains("default route", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_UnknownInterface_NamesItAndListsThoseThatExist()
    {
        // Resolving the name comes before the socket: this opens nothing in the machine's namespace.
        var e = Assert.Throws<ArgumentException>(() => new MdnsTransport(new MdnsTransportOptions { InterfaceName = "nosuch0" }));

        Assert.Contains("\"nosuch0\"", e.Message, StringComparison.Ordinal);
        Assert.Contains("lo", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_BlankInterface_Throws() =>
        Assert.Throws<ArgumentException>(() => new MdnsTransportOptions { InterfaceName = " " });

    [NamespaceFact]
    public void Open_InterfaceWithoutIPv4_SaysSo()
    {
        using var ns = NetworkNamespaces.Create();
        var e = NetworkNamespaces.RunIn(ns.NamespaceA, () => Record.Exception(
            () => new MdnsTransport(new MdnsTransportOptions { InterfaceName = NetworkNamespaces.NoIPv4Interface })));

        var refused = Assert.IsType<ArgumentException>(e);
        Assert.Contains($"\"{NetworkNamespaces.NoIPv4Interface}\" has no IPv4 address", refused.Message, StringComparison.Ordinal);
        Assert.Contains(ns.VethA, refused.Message, StringComparison.Ordinal);
    }

    [NamespaceFact]
    public async Task Announce_OnPinnedInterface_ArrivesInTheOtherNamespaceWithTtl255()
    {
        using var ns = NetworkNamespaces.Create();
        using var bound = new CancellationTokenSource(Bound);
        using var receiver = StartReceiver(ns);
        try
        {
            await AnnounceAndReceiveAsync(ns, receiver, bound.Token);
        }
        finally
        {
            if (!receiver.HasExited)
            {
                receiver.Kill(entireProcessTree: true);
            }

            await receiver.WaitForExitAsync(CancellationToken.None);
        }
    }

    private static async Task AnnounceAndReceiveAsync(NetworkNamespaces ns, Process receiver, CancellationToken cancellationToken)
    {
        var lines = new List<string>();
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var announced = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        receiver.OutputDataReceived += (_, line) =>
        {
            if (line.Data is not { } data)
            {
                return;
            }

            lock (lines)
            {
                lines.Add(data);
            }

            if (data == "ready")
            {
                ready.TrySetResult();
            }
            else if (IsAnnouncementOf("Pinned Svc", data))
            {
                announced.TrySetResult(data);
            }
        };
        receiver.BeginOutputReadLine();
        await ready.Task.WaitAsync(cancellationToken);

        // Namespace A's default route and 224.0.0.0/4 route both point at the decoy interface: only the
        // pinning can make the announcement leave by the veth.
        var host = NetworkNamespaces.RunIn(ns.NamespaceA, () =>
            new MdnsHost(new MdnsTransportOptions { InterfaceName = ns.VethA }, new Random(5)));
        await using (host)
        {
            Assert.Equal(ns.VethA, host.Transport.InterfaceName);
            Assert.Equal(IPAddress.Parse(ns.AddressA), host.Transport.InterfaceAddress);
            await host.StartAsync(cancellationToken);
            var service = new ServiceInstance("Pinned Svc", DnsName.Parse("_http._tcp"), DnsName.Parse("pinned.local"), 8080)
            {
                Addresses = [IPAddress.Parse(ns.AddressA)],
            };
            await host.InvokeAsync(now => host.Responder.Publish(now, service), cancellationToken);

            string line;
            try
            {
                line = await announced.Task.WaitAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                lock (lines)
                {
                    Assert.Fail($"No announcement of \"Pinned Svc\" reached {ns.NamespaceB} in {Bound.TotalSeconds} s; the receiver printed: [{string.Join(" | ", lines)}]");
                }

                throw;
            }

            var fields = line.Split(' ');
            Assert.Equal(ns.AddressA, fields[0]); // sent from the pinned interface's address
            Assert.Equal("5353", fields[1]);
            Assert.Equal("255", fields[2]); // RFC 6762 §11
            await host.StopAsync(cancellationToken);
            Assert.Equal(0, host.Transport.Counters.SendsDropped);
        }
    }

    private static Process StartReceiver(NetworkNamespaces ns)
    {
        var info = NetworkNamespaces.StartInfo(
            "timeout", "20", "ip", "netns", "exec", ns.NamespaceB, "/usr/bin/python3", "-c", Receiver, ns.AddressB, "15");
        return Process.Start(info)!;
    }

    // A response (not a probe, which is a query) with an answer owned by "<instance>._http._tcp.local".
    private static bool IsAnnouncementOf(string instance, string line)
    {
        var fields = line.Split(' ');
        var owner = DnsName.FromLabels(instance, "_http", "_tcp", "local");
        return fields.Length == 4
            && DnsCodec.TryDecode(Convert.FromHexString(fields[3]), DnsOptions.Default, out var message, out _)
            && message.IsResponse
            && message.Answers.Any(r => r.Name == owner);
    }
}
