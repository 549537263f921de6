namespace Peerlink.TestSupport;

/// <summary>
/// Three network namespaces for NAT tests, made for one test and deleted on dispose (the recipe of
/// ../shared/peers.md §8): "cli" 10.N.1.2 sits behind "nat", which masquerades it to 10.N.2.1 on the
/// public link, where "pub" has 10.N.2.2 and 10.N.2.3 (a second address for RFC 5780). pub has no route
/// back to the private link, so everything from cli must go through the NAT.
/// Plain MASQUERADE is endpoint-independent mapping with address- and port-dependent filtering (a
/// port-restricted cone); with <see cref="MakeSymmetric"/> (<c>--random-fully</c>) the mapping becomes
/// address- and port-dependent (symmetric).
/// </summary>
internal sealed class NatNamespaces : IDisposable
{
    private static int s_counter;
    private readonly string _tag;

    private NatNamespaces(int n)
    {
        _tag = $"{Environment.ProcessId % 100_000}n{n}";
        var octet = 100 + (n % 50) + (Environment.ProcessId % 3 * 50);
        Client = $"plk{_tag}c";
        Nat = $"plk{_tag}n";
        Public = $"plk{_tag}p";
        ClientAddress = $"10.{octet}.1.2";
        NatInside = $"10.{octet}.1.1";
        NatOutside = $"10.{octet}.2.1";
        PublicAddress = $"10.{octet}.2.2";
        PublicAlternate = $"10.{octet}.2.3";
    }

    public string Client { get; }

    public string Nat { get; }

    public string Public { get; }

    public string ClientAddress { get; }

    public string NatInside { get; }

    /// <summary>The NAT's public address: what servers in pub see for cli.</summary>
    public string NatOutside { get; }

    public string PublicAddress { get; }

    public string PublicAlternate { get; }

    public static NatNamespaces Create(bool symmetric = false)
    {
        var ns = new NatNamespaces(Interlocked.Increment(ref s_counter));
        try
        {
            foreach (var name in new[] { ns.Client, ns.Nat, ns.Public })
            {
                Ip("netns", "add", name);
                Ip("-n", name, "link", "set", "lo", "up");
            }

            string c0 = $"pc{ns._tag}", n0 = $"pn{ns._tag}", n1 = $"po{ns._tag}", p0 = $"pp{ns._tag}";
            Ip("link", "add", c0, "netns", ns.Client, "type", "veth", "peer", "name", n0, "netns", ns.Nat);
            Ip("link", "add", n1, "netns", ns.Nat, "type", "veth", "peer", "name", p0, "netns", ns.Public);
            Ip("-n", ns.Client, "addr", "add", ns.ClientAddress + "/24", "dev", c0);
            Ip("-n", ns.Nat, "addr", "add", ns.NatInside + "/24", "dev", n0);
            Ip("-n", ns.Nat, "addr", "add", ns.NatOutside + "/24", "dev", n1);
            Ip("-n", ns.Public, "addr", "add", ns.PublicAddress + "/24", "dev", p0);
            Ip("-n", ns.Public, "addr", "add", ns.PublicAlternate + "/24", "dev", p0);
            Ip("-n", ns.Client, "link", "set", c0, "up");
            Ip("-n", ns.Nat, "link", "set", n0, "up");
            Ip("-n", ns.Nat, "link", "set", n1, "up");
            Ip("-n", ns.Public, "link", "set", p0, "up");
            Ip("-n", ns.Client, "route", "add", "default", "via", ns.NatInside);
            Exec(ns.Nat, "sysctl", "-qw", "net.ipv4.ip_forward=1");
            Exec(ns.Nat, "iptables", "-t", "nat", "-A", "POSTROUTING", "-o", n1, "-j", "MASQUERADE");
            ns.OutsideInterface = n1;
            if (symmetric)
            {
                ns.MakeSymmetric();
            }

            return ns;
        }
        catch
        {
            ns.Dispose();
            throw;
        }
    }

    private string OutsideInterface { get; set; } = "";

    /// <summary>Turns the NAT symmetric: a new random outside port per destination (<c>MASQUERADE --random-fully</c>).</summary>
    public void MakeSymmetric()
    {
        // Flows the NAT already tracks keep their mappings; new ones (a new local port) get the new rule.
        Exec(Nat, "iptables", "-t", "nat", "-R", "POSTROUTING", "1", "-o", OutsideInterface, "-j", "MASQUERADE", "--random-fully");
    }

    /// <summary>Runs a program inside <paramref name="ns"/> to its end (killed after <paramref name="timeout"/>).</summary>
    public static (int Code, string Output, string Error) RunIn(string ns, TimeSpan timeout, string program, params string[] arguments) =>
        NetworkNamespaces.Run(timeout, "ip", ["netns", "exec", ns, program, .. arguments]);

    /// <summary>Deletes the three namespaces, and with them the veths and the NAT's rules.</summary>
    public void Dispose()
    {
        foreach (var name in new[] { Client, Nat, Public })
        {
            NetworkNamespaces.Run(TimeSpan.FromSeconds(10), "ip", "netns", "delete", name);
        }
    }

    private static void Ip(params string[] arguments) => Check(NetworkNamespaces.Run(TimeSpan.FromSeconds(10), "ip", arguments), "ip", arguments);

    private static void Exec(string ns, string program, params string[] arguments) =>
        Check(RunIn(ns, TimeSpan.FromSeconds(10), program, arguments), program, arguments);

    private static void Check((int Code, string Output, string Error) result, string program, string[] arguments)
    {
        if (result.Code != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed ({result.Code}): {result.Error}");
        }
    }
}
