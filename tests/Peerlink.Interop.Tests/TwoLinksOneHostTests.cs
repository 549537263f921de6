using System.Globalization;
using Peerlink.TestSupport;

namespace Peerlink.Interop.Tests;

/// <summary>
/// Two mDNS stacks on one host, each on its own link, as a z2z gateway runs them (export on one link,
/// import on the other): the peerlink process must not be handed the other link's multicast. Before its
/// socket was bound to its device (SO_BINDTODEVICE), a peerlink process on link B left another stack of
/// the same host on link A deaf: link A's datagrams went to peerlink's socket, which dropped them as off-link.
/// </summary>
[Collection(MdnsPeersRunAlone.Name)]
public sealed class TwoLinksOneHostTests
{
    // Another stack's socket: 0.0.0.0:5353, SO_REUSEADDR and SO_REUSEPORT, the group joined on one
    // interface by index, IP_MULTICAST_ALL off. Prints "ready", then the source of each datagram.
    private const string Listener = """
        import select, socket, struct, sys, time
        name, secs = sys.argv[1], float(sys.argv[2])
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        s.bind(('0.0.0.0', 5353))
        s.setsockopt(socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP, struct.pack('4s4si', socket.inet_aton('224.0.0.251'), socket.inet_aton('0.0.0.0'), socket.if_nametoindex(name)))
        s.setsockopt(socket.IPPROTO_IP, 49, 0)
        print('ready', flush=True)
        end = time.monotonic() + secs
        while (left := end - time.monotonic()) > 0:
            if select.select([s], [], [], left)[0]:
                data, src = s.recvfrom(9000)
                print(src[0], len(data), flush=True)
        """;

    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(15);

    [RequiresPeersFact(ThirdPartyPeers.None)]
    public void PeerlinkOnLinkB_AnotherStackOnLinkAOfTheSameHostStillHearsLinkA()
    {
        // The gateway namespace G has a0 on link A (10.204.N.0/24, peer a1 in namespace A) and b0 on
        // link B (10.205.N.0/24, peer b1 in namespace B), and no routes beyond them.
        var n = (Environment.ProcessId % 200).ToString(CultureInfo.InvariantCulture);
        string g = $"plkg{n}", a = $"plkg{n}a", b = $"plkg{n}b", a0 = $"pga{n}", a1 = $"pga{n}p", b0 = $"pgb{n}", b1 = $"pgb{n}p";
        try
        {
            foreach (var command in new[]
            {
                $"netns add {g}", $"netns add {a}", $"netns add {b}",
                $"link add {a0} netns {g} type veth peer name {a1} netns {a}",
                $"link add {b0} netns {g} type veth peer name {b1} netns {b}",
                $"-n {g} addr add 10.204.{n}.1/24 dev {a0}", $"-n {a} addr add 10.204.{n}.2/24 dev {a1}",
                $"-n {g} addr add 10.205.{n}.1/24 dev {b0}", $"-n {b} addr add 10.205.{n}.2/24 dev {b1}",
                $"-n {g} link set {a0} up multicast on", $"-n {a} link set {a1} up multicast on",
                $"-n {g} link set {b0} up multicast on", $"-n {b} link set {b1} up multicast on",
                $"-n {g} link set lo up",
            })
            {
                var (code, _, error) = NetworkNamespaces.Run(TimeSpan.FromSeconds(10), "ip", command.Split(' '));
                Assert.True(code == 0, $"ip {command}: {error}");
            }

            // Peerlink on link B first, then the other stack on link A.
            using var ours = NamespaceProcess.Start(g, TimeSpan.FromSeconds(40), null, PeerlinkDnssd.DotNet, PeerlinkDnssd.Dll, "dnssd", "browse", "_ipp._tcp", "--interface", b0);
            ours.WaitForLine(l => l.StartsWith("browsing ", StringComparison.Ordinal), s_wait);
            using var listener = NamespaceProcess.Start(g, TimeSpan.FromSeconds(30), null, ZeroconfPython.Python, "-c", Listener, a0, "20");
            listener.WaitForLine(l => l == "ready", s_wait);

            using var publish = PeerlinkDnssd.Start(a, TimeSpan.FromSeconds(30), "publish", "On A", "_http._tcp", "80", "--interface", a1);
            publish.WaitFor("established", "On A", s_wait);
            listener.WaitForLine(l => l.StartsWith($"10.204.{n}.2 ", StringComparison.Ordinal), TimeSpan.FromSeconds(5));
        }
        finally
        {
            foreach (var ns in new[] { g, a, b })
            {
                NetworkNamespaces.Run(TimeSpan.FromSeconds(10), "ip", "netns", "delete", ns);
            }
        }
    }
}
