using Peerlink.TestSupport;
using Xunit.Abstractions;

namespace Peerlink.Interop.Tests;

/// <summary>
/// The fixtures for interop with real mDNS peers, proven on the peers among themselves: Avahi and
/// python-zeroconf, each in its own network namespace of a pair the test makes and deletes, talking
/// over the veth between them. Nothing runs in the machine's own namespace, whose default route leads
/// off the machine.
/// </summary>
[Collection(MdnsPeersRunAlone.Name)]
public sealed class MdnsPeersTests(ITestOutputHelper output)
{
    private const string Http = "_http._tcp";
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(15);

    [RequiresPeersFact(ThirdPartyPeers.Avahi | ThirdPartyPeers.Tshark)]
    public void Avahi_PublishesInOneNamespace_AvahiInTheOtherSeesAndResolvesIt()
    {
        const string name = "Büro Drucker (x)";
        using var ns = NetworkNamespaces.Create();
        using var capture = MdnsCapture.Start(ns.NamespaceB, ns.VethB);
        var hostMountsOnRun = MountsOn("/run");
        using var a = AvahiDaemon.Start(ns.NamespaceA, ns.VethA, "plk-avahi-a");
        using var b = AvahiDaemon.Start(ns.NamespaceB, ns.VethB, "plk-avahi-b");

        // Each daemon's tmpfs on /run lives in the private mount namespace of its `ip netns exec`.
        Assert.Equal(hostMountsOnRun, MountsOn("/run"));
        using var browser = b.StartBrowse(Http);

        using var publication = a.Publish(name, Http, 8080, "path=/x y", "k=ü", "flag");
        Assert.Equal(name, publication.WaitForEstablishedName(s_wait));
        var seen = browser.WaitFor(l => l.Kind == '=' && l.Name == name, s_wait);

        Assert.Equal(ns.VethB, seen.Interface);
        Assert.Equal("IPv4", seen.Protocol);
        Assert.Equal(Http, seen.Type);
        Assert.Equal("local", seen.Domain);
        Assert.Equal("plk-avahi-a.local", seen.Host);
        Assert.Equal(ns.AddressA, seen.Address);
        Assert.Equal(8080, seen.Port);
        Assert.Equal(["flag", "k=ü", "path=/x y"], seen.Txt.Order(StringComparer.Ordinal));
        Assert.Equal(ns.AddressA, b.ResolveHostName("plk-avahi-a.local", s_wait));
        Assert.Contains(b.Browse(Http, s_wait), l => l.Kind == '=' && l.Name == name && l.Port == 8080);

        capture.Stop();
        var frames = capture.MdnsFrameCount();
        output.WriteLine($"capture on {ns.VethB}: {frames} mDNS frames");
        Assert.True(frames >= 1, "tshark saw no mDNS frame on the veth");
        Assert.Empty(capture.MalformedFrames());
    }

    [RequiresPeersFact(ThirdPartyPeers.Zeroconf | ThirdPartyPeers.Tshark)]
    public void Zeroconf_PublishesInOneNamespace_ZeroconfInTheOtherSeesItComeAndGo()
    {
        const string name = "Zeroconf Drucker ü";
        using var ns = NetworkNamespaces.Create();
        // A's default route (and its 224.0.0.0/4 route) lead to the decoy: an unpinned socket would send there.
        using var decoy = MdnsCapture.Start(ns.NamespaceA, NetworkNamespaces.DefaultRouteInterface);
        using var a = new ZeroconfPython(ns.NamespaceA, ns.AddressA);
        using var b = new ZeroconfPython(ns.NamespaceB, ns.AddressB);
        var browser = b.Browse(Http, TimeSpan.FromSeconds(60));
        browser.WaitFor(e => e.Event == "browsing", s_wait);

        var publisher = a.Publish(name, Http, 9090, "plk-zc-a", TimeSpan.FromSeconds(60), "k=v", "path=/p q", "flag");
        Assert.Equal(name, publisher.WaitForRegistered(s_wait).Instance);
        var added = browser.WaitFor(e => e.Event == "added" && e.Instance == name, s_wait);

        Assert.Equal($"{name}.{Http}.local.", added.Name);
        Assert.Equal("plk-zc-a.local.", added.Server);
        Assert.Equal([ns.AddressA], added.Addresses);
        Assert.Equal(9090, added.Port);
        Assert.Equal("v", added.Txt["k"]);
        Assert.Equal("/p q", added.Txt["path"]);
        Assert.True(added.Txt.ContainsKey("flag"));

        publisher.Stop();
        Assert.Equal(0, publisher.Process.ExitCode);
        browser.WaitFor(e => e.Event == "removed" && e.Instance == name, s_wait);

        decoy.Stop();
        Assert.Equal(0, decoy.MdnsFrameCount());
    }

    [RequiresPeersFact(ThirdPartyPeers.Avahi | ThirdPartyPeers.Zeroconf)]
    public void Avahi_PublishesNameTakenByZeroconf_RenamesIt()
    {
        using var ns = NetworkNamespaces.Create();
        using var zeroconf = new ZeroconfPython(ns.NamespaceB, ns.AddressB);
        var taken = zeroconf.Publish("Taken", Http, 9000, "plk-zc-b", TimeSpan.FromSeconds(60), "by=zeroconf");
        taken.WaitForRegistered(s_wait);
        using var avahi = AvahiDaemon.Start(ns.NamespaceA, ns.VethA, "plk-avahi-a");

        using var publication = avahi.Publish("Taken", Http, 8000, "by=avahi");
        var established = publication.WaitForEstablishedName(s_wait);
        output.WriteLine($"avahi-publish: {string.Join(" | ", publication.Process.Errors)}");

        Assert.NotEqual("Taken", established);
        Assert.Equal("Taken #2", established);
        var both = avahi.Browse(Http, s_wait).Where(l => l.Kind == '=').ToList();
        Assert.Contains(both, l => l.Name == "Taken" && l.Port == 9000 && l.Address == ns.AddressB);
        Assert.Contains(both, l => l.Name == "Taken #2" && l.Port == 8000 && l.Address == ns.AddressA);
    }

    /// <summary>How many mounts this process's mount namespace has at <paramref name="path"/> (mountinfo field 5).</summary>
    private static int MountsOn(string path) =>
        File.ReadLines("/proc/self/mountinfo").Count(l => l.Split(' ') is { Length: > 4 } f && f[4] == path);
}
