using System.Globalization;
using Peerlink.TestSupport;

namespace Peerlink.Interop.Tests;

/// <summary>
/// Two links joined by a router, in five network namespaces made for one test and deleted after it:
/// <code>
///  link A 10.&lt;a&gt;.1.0/24          transit 10.&lt;a&gt;.0.0/30, 10.&lt;b&gt;.0.0/30        link B 10.&lt;b&gt;.1.0/24
///  [Service] sa0 ── ga0 [GatewayA] ga1 ── r0 [Router] r1 ── gb1 [GatewayB] gb0 ── cb0 [Client]
///   .1.2              .1.1        .0.2    .0.1     .0.1    .0.2        .1.1         .1.2
/// </code>
/// Every namespace routes to every other (the gateways and the router forward), so a client on link B
/// can open a connection to the service on link A; multicast stays on its link (nothing forwards it).
/// No xunit in here: bench/Peerlink.Z2zBench compiles this file in too, so a failed step throws
/// <see cref="InvalidOperationException"/>.
/// </summary>
internal sealed class RoutedLinks : IDisposable
{
    private readonly List<string> _namespaces = [];

    private RoutedLinks(int n)
    {
        var tag = (Environment.ProcessId % 1000).ToString(CultureInfo.InvariantCulture) + "x" + n.ToString(CultureInfo.InvariantCulture);
        Service = $"plz{tag}s";
        GatewayA = $"plz{tag}ga";
        Router = $"plz{tag}r";
        GatewayB = $"plz{tag}gb";
        Client = $"plz{tag}c";
        A = 40 + (Environment.ProcessId % 50 * 2);
        B = A + 1;
        Tag = tag;
    }

    public string Service { get; }

    public string GatewayA { get; }

    public string Router { get; }

    public string GatewayB { get; }

    public string Client { get; }

    private string Tag { get; }

    private int A { get; }

    private int B { get; }

    public string ServiceAddress => $"10.{A}.1.2";

    public string ClientAddress => $"10.{B}.1.2";

    /// <summary>The router's address on the side of link A (where DHT nodes listen).</summary>
    public string RouterAddress => $"10.{A}.0.1";

    public string ServiceInterface => $"sa{Tag}";

    public string GatewayAInterface => $"ga{Tag}";

    public string GatewayBInterface => $"gb{Tag}";

    public string ClientInterface => $"cb{Tag}";

    public static RoutedLinks Create(int n)
    {
        var links = new RoutedLinks(n);
        try
        {
            links.Build();
            return links;
        }
        catch
        {
            links.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        foreach (var ns in _namespaces)
        {
            NetworkNamespaces.Run(TimeSpan.FromSeconds(10), "ip", "netns", "delete", ns);
        }
    }

    private void Build()
    {
        foreach (var ns in new[] { Service, GatewayA, Router, GatewayB, Client })
        {
            Ip($"netns add {ns}");
            _namespaces.Add(ns);
            Ip($"-n {ns} link set lo up");
        }

        string t = Tag;
        Pair(Service, $"sa{t}", $"10.{A}.1.2/24", GatewayA, $"ga{t}", $"10.{A}.1.1/24");
        Pair(GatewayA, $"gx{t}", $"10.{A}.0.2/30", Router, $"ra{t}", $"10.{A}.0.1/30");
        Pair(Router, $"rb{t}", $"10.{B}.0.1/30", GatewayB, $"gy{t}", $"10.{B}.0.2/30");
        Pair(GatewayB, $"gb{t}", $"10.{B}.1.1/24", Client, $"cb{t}", $"10.{B}.1.2/24");
        Ip($"-n {Service} route add default via 10.{A}.1.1");
        Ip($"-n {GatewayA} route add default via 10.{A}.0.1");
        Ip($"-n {Router} route add 10.{A}.1.0/24 via 10.{A}.0.2");
        Ip($"-n {Router} route add 10.{B}.1.0/24 via 10.{B}.0.2");
        Ip($"-n {GatewayB} route add default via 10.{B}.0.1");
        Ip($"-n {Client} route add default via 10.{B}.1.1");
        foreach (var ns in new[] { GatewayA, Router, GatewayB })
        {
            var (code, _, error) = NetworkNamespaces.Run(TimeSpan.FromSeconds(10), "ip", "netns", "exec", ns, "sysctl", "-qw", "net.ipv4.ip_forward=1");
            if (code != 0)
            {
                throw new InvalidOperationException($"ip_forward in {ns}: {error}");
            }
        }
    }

    private static void Pair(string ns1, string if1, string address1, string ns2, string if2, string address2)
    {
        Ip($"link add {if1} netns {ns1} type veth peer name {if2} netns {ns2}");
        Ip($"-n {ns1} addr add {address1} dev {if1}");
        Ip($"-n {ns2} addr add {address2} dev {if2}");
        Ip($"-n {ns1} link set {if1} up multicast on");
        Ip($"-n {ns2} link set {if2} up multicast on");
    }

    private static void Ip(string command)
    {
        var (code, _, error) = NetworkNamespaces.Run(TimeSpan.FromSeconds(10), "ip", command.Split(' '));
        if (code != 0)
        {
            throw new InvalidOperationException($"ip {command}: {error}");
        }
    }
}
