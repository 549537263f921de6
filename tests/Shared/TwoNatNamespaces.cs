using System.Globalization;
using System.Text.RegularExpressions;

namespace Peerlink.TestSupport;

/// <summary>
/// Five network namespaces for tests of two nodes behind two different NATs, made for one test and deleted
/// on dispose: "pub" is the public internet, a router between the two NATs' outside links (10.N.2.0/24
/// and 10.N.4.0/24, pub at .2 on each and 10.N.2.3 besides); "natA" masquerades "cliA" (10.N.1.2) to
/// 10.N.2.1, "natB" masquerades "cliB" (10.N.3.2) to 10.N.4.1. pub knows no route to either private
/// link, so everything between the clients goes through both NATs; pub forwards what goes from one NAT
/// straight to the other, and counts it (<see cref="DirectPackets"/>): packets relayed by a process in
/// pub are never forwarded, so the count is the traffic that went directly. Plain MASQUERADE is a
/// port-restricted cone (endpoint-independent mapping, address- and port-dependent filtering);
/// <c>symmetric</c> makes both NATs symmetric (<c>--random-fully</c>). <see cref="NatNamespaces"/> is
/// the one-NAT topology.
/// </summary>
internal sealed partial class TwoNatNamespaces : IDisposable
{
    private static int s_counter;

    private TwoNatNamespaces(int n)
    {
        var tag = $"{Environment.ProcessId % 100_000}t{n}";
        var octet = 30 + ((n + Environment.ProcessId) % 60);
        Public = $"plk{tag}p";
        PublicAddress = $"10.{octet}.2.2";
        PublicAlternate = $"10.{octet}.2.3";
        A = new NatSide($"plk{tag}ca", $"plk{tag}na", $"10.{octet}.1.2", $"10.{octet}.1.1", $"10.{octet}.2.1", $"10.{octet}.2.2", $"pa{tag}o", $"pa{tag}c", $"pa{tag}i", $"pa{tag}p");
        B = new NatSide($"plk{tag}cb", $"plk{tag}nb", $"10.{octet}.3.2", $"10.{octet}.3.1", $"10.{octet}.4.1", $"10.{octet}.4.2", $"pb{tag}o", $"pb{tag}c", $"pb{tag}i", $"pb{tag}p");
    }

    /// <summary>The public namespace (the router, and whatever servers a test runs there).</summary>
    public string Public { get; }

    /// <summary>pub's address on A's side, where servers listen.</summary>
    public string PublicAddress { get; }

    /// <summary>pub's second address on A's side.</summary>
    public string PublicAlternate { get; }

    /// <summary>The first client and its NAT.</summary>
    public NatSide A { get; }

    /// <summary>The second client and its NAT.</summary>
    public NatSide B { get; }

    public static TwoNatNamespaces Create(bool symmetric = false)
    {
        var ns = new TwoNatNamespaces(Interlocked.Increment(ref s_counter));
        try
        {
            Ip("netns", "add", ns.Public);
            Ip("-n", ns.Public, "link", "set", "lo", "up");
            Exec(ns.Public, "sysctl", "-qw", "net.ipv4.ip_forward=1");
            foreach (var side in new[] { ns.A, ns.B })
            {
                foreach (var name in new[] { side.Client, side.Nat })
                {
                    Ip("netns", "add", name);
                    Ip("-n", name, "link", "set", "lo", "up");
                }

                Ip("link", "add", side.ClientVeth, "netns", side.Client, "type", "veth", "peer", "name", side.InsideVeth, "netns", side.Nat);
                Ip("link", "add", side.OutsideVeth, "netns", side.Nat, "type", "veth", "peer", "name", side.PublicVeth, "netns", ns.Public);
                Ip("-n", side.Client, "addr", "add", side.ClientAddress + "/24", "dev", side.ClientVeth);
                Ip("-n", side.Nat, "addr", "add", side.NatInside + "/24", "dev", side.InsideVeth);
                Ip("-n", side.Nat, "addr", "add", side.NatOutside + "/24", "dev", side.OutsideVeth);
                Ip("-n", ns.Public, "addr", "add", side.PublicSide + "/24", "dev", side.PublicVeth);
                Ip("-n", side.Client, "link", "set", side.ClientVeth, "up");
                Ip("-n", side.Nat, "link", "set", side.InsideVeth, "up");
                Ip("-n", side.Nat, "link", "set", side.OutsideVeth, "up");
                Ip("-n", ns.Public, "link", "set", side.PublicVeth, "up");
                Ip("-n", side.Client, "route", "add", "default", "via", side.NatInside);
                Ip("-n", side.Nat, "route", "add", "default", "via", side.PublicSide);
                Exec(side.Nat, "sysctl", "-qw", "net.ipv4.ip_forward=1");
                string[] masquerade = symmetric ? ["MASQUERADE", "--random-fully"] : ["MASQUERADE"];
                Exec(side.Nat, "iptables", ["-t", "nat", "-A", "POSTROUTING", "-o", side.OutsideVeth, "-j", .. masquerade]);

                // A home router drops what is sent to itself from outside. It matters here: a packet for no
                // mapping that the NAT accepted as its own would leave a conntrack entry that takes the
                // mapping's tuple, and the client's own packet to that peer would then be given another
                // port (hole punching between two Linux NATs fails that way). A packet dropped in INPUT
                // leaves no entry; answers to the clients' mappings are forwarded, never input.
                Exec(side.Nat, "iptables", "-A", "INPUT", "-i", side.OutsideVeth, "-p", "udp", "-j", "DROP");
            }

            Ip("-n", ns.Public, "addr", "add", ns.PublicAlternate + "/24", "dev", ns.A.PublicVeth);

            // The counters of what pub forwards between the two NATs' outside addresses, either way.
            Exec(ns.Public, "iptables", "-A", "FORWARD", "-p", "udp", "-s", ns.A.NatOutside, "-d", ns.B.NatOutside, "-j", "ACCEPT");
            Exec(ns.Public, "iptables", "-A", "FORWARD", "-p", "udp", "-s", ns.B.NatOutside, "-d", ns.A.NatOutside, "-j", "ACCEPT");
            return ns;
        }
        catch
        {
            ns.Dispose();
            throw;
        }
    }

    /// <summary>UDP packets pub forwarded from A's NAT to B's and from B's to A's: traffic that went straight between them.</summary>
    public (long AToB, long BToA) DirectPackets()
    {
        var (code, output, error) = NatNamespaces.RunIn(Public, TimeSpan.FromSeconds(10), "iptables", "-L", "FORWARD", "-v", "-n", "-x");
        if (code != 0)
        {
            throw new InvalidOperationException($"iptables -L FORWARD failed ({code}): {error}");
        }

        long Count(string from, string to) => output.Split('\n')
            .Select(l => CounterLine().Match(l))
            .Where(m => m.Success && m.Groups["src"].Value == from && m.Groups["dst"].Value == to)
            .Sum(m => long.Parse(m.Groups["packets"].Value, CultureInfo.InvariantCulture));
        return (Count(A.NatOutside, B.NatOutside), Count(B.NatOutside, A.NatOutside));
    }

    /// <summary>Deletes the namespaces, and with them the veths, the NATs' rules and the counters.</summary>
    public void Dispose()
    {
        foreach (var name in new[] { A.Client, A.Nat, B.Client, B.Nat, Public })
        {
            NetworkNamespaces.Run(TimeSpan.FromSeconds(10), "ip", "netns", "delete", name);
        }
    }

    //     pkts  bytes target  prot opt in  out  source       destination
    [GeneratedRegex(@"^\s*(?<packets>\d+)\s+\d+\s+ACCEPT\s+(udp|17)\s+\S+\s+\S+\s+\S+\s+(?<src>[\d.]+)\s+(?<dst>[\d.]+)")]
    private static partial Regex CounterLine();

    private static void Ip(params string[] arguments)
    {
        var result = NetworkNamespaces.Run(TimeSpan.FromSeconds(10), "ip", arguments);
        if (result.Code != 0)
        {
            throw new InvalidOperationException($"ip {string.Join(' ', arguments)} failed ({result.Code}): {result.Error}");
        }
    }

    private static void Exec(string ns, string program, params string[] arguments)
    {
        var result = NatNamespaces.RunIn(ns, TimeSpan.FromSeconds(10), program, arguments);
        if (result.Code != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} in {ns} failed ({result.Code}): {result.Error}");
        }
    }
}

/// <summary>One client behind its NAT in <see cref="TwoNatNamespaces"/>.</summary>
/// <param name="Client">The client's namespace.</param>
/// <param name="Nat">The NAT's namespace.</param>
/// <param name="ClientAddress">The client's private address.</param>
/// <param name="NatInside">The NAT's private address (the client's gateway).</param>
/// <param name="NatOutside">The NAT's public address: what pub sees for the client.</param>
/// <param name="PublicSide">pub's address on this NAT's outside link.</param>
/// <param name="OutsideVeth">The NAT's outside interface.</param>
/// <param name="ClientVeth">The client's interface.</param>
/// <param name="InsideVeth">The NAT's inside interface.</param>
/// <param name="PublicVeth">pub's interface towards this NAT.</param>
internal sealed record NatSide(
    string Client, string Nat, string ClientAddress, string NatInside, string NatOutside, string PublicSide,
    string OutsideVeth, string ClientVeth, string InsideVeth, string PublicVeth);
