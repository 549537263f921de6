using System.Text.Json;
using Peerlink.TestSupport;
using Xunit.Abstractions;

namespace Peerlink.Interop.Tests;

/// <summary>
/// <c>peerlink dnssd</c> against Avahi and python-zeroconf, both directions, each test in its own pair
/// of network namespaces joined by a veth (one mDNS stack per namespace), with tshark capturing the
/// veth for the whole test: its mDNS dissector must find no malformed packet.
/// </summary>
[Collection(MdnsPeersRunAlone.Name)]
public sealed class PeerlinkMdnsInteropTests(ITestOutputHelper output)
{
    private const string Ipp = "_ipp._tcp";
    private const string Name = "Büro Drucker (2. Stock) ü";

    // python-zeroconf 0.47 writes a dot in an instance name as a label separator (RFC 6763 §4.3 wants it
    // inside the label), so what it publishes has no dot; what it browses may.
    private const string ZeroconfName = "Büro Drucker (Stock 2) ü";
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan s_lifetime = TimeSpan.FromSeconds(90);

    [RequiresPeersFact(ThirdPartyPeers.Avahi | ThirdPartyPeers.Tshark)]
    public void Peerlink_Publishes_AvahiBrowseSeesAndResolvesIt_AndTheGoodbyeRemovesIt()
    {
        using var ns = NetworkNamespaces.Create();
        using var capture = MdnsCapture.Start(ns.NamespaceB, ns.VethB);
        using var avahi = AvahiDaemon.Start(ns.NamespaceB, ns.VethB, "plk-avahi-b");
        using var browser = avahi.StartBrowse(Ipp);
        using var publish = PeerlinkDnssd.Start(ns.NamespaceA, s_lifetime,
            "publish", Name, Ipp, "631", "txtvers=1", "rp=printers/x", "flag", "--host", "plk-pub", "--interface", ns.VethA);

        publish.WaitFor("established", Name, s_wait);
        var seen = browser.WaitFor(l => l.Kind == '=' && l.Name == Name, s_wait);
        Assert.Equal(Ipp, seen.Type);
        Assert.Equal("local", seen.Domain);
        Assert.Equal("plk-pub.local", seen.Host);
        Assert.Equal(ns.AddressA, seen.Address);
        Assert.Equal(631, seen.Port);
        Assert.Equal(["flag", "rp=printers/x", "txtvers=1"], seen.Txt.Order(StringComparer.Ordinal));
        Assert.Equal(ns.AddressA, avahi.ResolveHostName("plk-pub.local", s_wait));
        Assert.Contains(avahi.Browse(Ipp, s_wait), l => l.Kind == '=' && l.Name == Name && l.Port == 631);

        publish.Interrupt();
        Assert.Equal(0, publish.Process.ExitCode);
        publish.WaitFor("withdrawn", Name, s_wait);
        browser.WaitFor(l => l.Kind == '-' && l.Name == Name, TimeSpan.FromSeconds(3));

        AssertCaptureClean(capture, ns.AddressA);
    }

    [RequiresPeersFact(ThirdPartyPeers.Zeroconf | ThirdPartyPeers.Tshark)]
    public void Peerlink_Publishes_ZeroconfSeesAndResolvesIt_AndTheGoodbyeRemovesIt()
    {
        using var ns = NetworkNamespaces.Create();
        using var capture = MdnsCapture.Start(ns.NamespaceB, ns.VethB);
        using var zeroconf = new ZeroconfPython(ns.NamespaceB, ns.AddressB);
        var browser = zeroconf.Browse(Ipp, s_lifetime);
        browser.WaitFor(e => e.Event == "browsing", s_wait);
        using var publish = PeerlinkDnssd.Start(ns.NamespaceA, s_lifetime,
            "publish", Name, Ipp, "631", "txtvers=1", "rp=printers/x", "--host", "plk-pub", "--interface", ns.VethA);

        var added = browser.WaitFor(e => e.Event is "added" or "updated" && e.Instance == Name && e.Port is not null, s_wait);
        Assert.Equal($"{Name}.{Ipp}.local.", added.Name);
        Assert.Equal("plk-pub.local.", added.Server);
        Assert.Equal([ns.AddressA], added.Addresses);
        Assert.Equal(631, added.Port);
        Assert.Equal("1", added.Txt["txtvers"]);
        Assert.Equal("printers/x", added.Txt["rp"]);

        publish.Interrupt();
        Assert.Equal(0, publish.Process.ExitCode);
        browser.WaitFor(e => e.Event == "removed" && e.Instance == Name, TimeSpan.FromSeconds(3));

        AssertCaptureClean(capture, ns.AddressA);
    }

    [RequiresPeersFact(ThirdPartyPeers.Avahi | ThirdPartyPeers.Tshark)]
    public void Avahi_Publishes_PeerlinkBrowseResolvesIt_TypesListsIt_ResolveFindsTheHost_AndItGoes()
    {
        using var ns = NetworkNamespaces.Create();
        using var capture = MdnsCapture.Start(ns.NamespaceB, ns.VethB);
        using var avahi = AvahiDaemon.Start(ns.NamespaceA, ns.VethA, "plk-avahi-a");
        using var browse = PeerlinkDnssd.Start(ns.NamespaceB, s_lifetime, "browse", Ipp, "--resolve", "--interface", ns.VethB);

        using var publication = avahi.Publish(Name, Ipp, 631, "txtvers=1", "rp=printers/x", "flag");
        publication.WaitForEstablishedName(s_wait);
        var resolved = browse.WaitFor("resolved", Name, s_wait);
        AssertResolved(resolved, "plk-avahi-a.local", ns.AddressA, 631, ["txtvers=1", "rp=printers/x", "flag"]);

        using (var types = PeerlinkDnssd.Start(ns.NamespaceB, s_lifetime, "types", "--timeout", "3", "--interface", ns.VethB))
        {
            Assert.True(types.Process.WaitForExit(s_wait), types.Process.Transcript());
            Assert.Equal(0, types.Process.ExitCode);
            Assert.Contains(types.Events, e => e.GetProperty("type").GetString() == Ipp);
        }

        using (var resolve = PeerlinkDnssd.Start(ns.NamespaceB, s_lifetime, "resolve", "plk-avahi-a.local", "--interface", ns.VethB))
        {
            Assert.True(resolve.Process.WaitForExit(s_wait), resolve.Process.Transcript());
            Assert.Equal(0, resolve.Process.ExitCode);
            var answer = Assert.Single(resolve.Events);
            Assert.Equal("plk-avahi-a.local", answer.GetProperty("host").GetString());
            Assert.Equal([ns.AddressA], answer.GetProperty("addresses").EnumerateArray().Select(a => a.GetString()));
        }

        publication.Stop();
        browse.WaitFor("removed", Name, TimeSpan.FromSeconds(3));

        AssertCaptureClean(capture, ns.AddressB);
    }

    [RequiresPeersFact(ThirdPartyPeers.Zeroconf | ThirdPartyPeers.Tshark)]
    public void Zeroconf_Publishes_PeerlinkBrowseResolvesIt_AndItGoes()
    {
        using var ns = NetworkNamespaces.Create();
        using var capture = MdnsCapture.Start(ns.NamespaceB, ns.VethB);
        using var zeroconf = new ZeroconfPython(ns.NamespaceA, ns.AddressA);
        using var browse = PeerlinkDnssd.Start(ns.NamespaceB, s_lifetime, "browse", Ipp, "--resolve", "--interface", ns.VethB);

        var publisher = zeroconf.Publish(ZeroconfName, Ipp, 631, "plk-zc-a", s_lifetime, "txtvers=1", "rp=printers/x");
        var resolved = browse.WaitFor("resolved", ZeroconfName, s_wait);
        AssertResolved(resolved, "plk-zc-a.local", ns.AddressA, 631, ["txtvers=1", "rp=printers/x"]);

        publisher.WaitForRegistered(s_wait);
        publisher.Stop();
        browse.WaitFor("removed", ZeroconfName, TimeSpan.FromSeconds(3));

        AssertCaptureClean(capture, ns.AddressB);
    }

    [RequiresPeersFact(ThirdPartyPeers.Avahi | ThirdPartyPeers.Tshark)]
    public void Peerlink_PublishesNameAvahiHas_RenamesItselfAndAvahiKeepsItsOwn()
    {
        using var ns = NetworkNamespaces.Create();
        using var capture = MdnsCapture.Start(ns.NamespaceB, ns.VethB);
        using var avahi = AvahiDaemon.Start(ns.NamespaceB, ns.VethB, "plk-avahi-b");
        using var theirs = avahi.Publish("Taken", Ipp, 8000, "by=avahi");
        Assert.Equal("Taken", theirs.WaitForEstablishedName(s_wait));

        using var publish = PeerlinkDnssd.Start(ns.NamespaceA, s_lifetime, "publish", "Taken", Ipp, "631", "by=peerlink", "--interface", ns.VethA);
        publish.WaitFor("renamed", "Taken (2)", s_wait);
        publish.WaitFor("established", "Taken (2)", s_wait);

        var both = avahi.Browse(Ipp, s_wait).Where(l => l.Kind == '=').ToList();
        Assert.Contains(both, l => l.Name == "Taken" && l.Port == 8000 && l.Address == ns.AddressB);
        Assert.Contains(both, l => l.Name == "Taken (2)" && l.Port == 631 && l.Address == ns.AddressA);

        // No fight: Avahi never saw a collision, and Peerlink renamed once and then kept its name.
        Thread.Sleep(TimeSpan.FromSeconds(2));
        Assert.DoesNotContain(theirs.Process.Errors, l => l.Text.Contains("collision", StringComparison.OrdinalIgnoreCase));
        Assert.Single(publish.Events, e => e.GetProperty("event").GetString() == "renamed");
        Assert.DoesNotContain(publish.Events, e => e.GetProperty("event").GetString() == "conflict");

        AssertCaptureClean(capture, ns.AddressA);
    }

    [RequiresPeersFact(ThirdPartyPeers.Avahi | ThirdPartyPeers.Tshark)]
    public void Avahi_PublishesNamePeerlinkHas_AvahiRenamesAndPeerlinkKeepsItsOwn()
    {
        using var ns = NetworkNamespaces.Create();
        using var capture = MdnsCapture.Start(ns.NamespaceB, ns.VethB);
        using var publish = PeerlinkDnssd.Start(ns.NamespaceA, s_lifetime, "publish", "Taken", Ipp, "631", "--interface", ns.VethA);
        publish.WaitFor("established", "Taken", s_wait);
        using var avahi = AvahiDaemon.Start(ns.NamespaceB, ns.VethB, "plk-avahi-b");

        using var theirs = avahi.Publish("Taken", Ipp, 8000);
        Assert.Equal("Taken #2", theirs.WaitForEstablishedName(s_wait));

        Thread.Sleep(TimeSpan.FromSeconds(2));
        Assert.DoesNotContain(publish.Events, e => e.GetProperty("event").GetString() is "renamed" or "conflict");
        Assert.Contains(avahi.Browse(Ipp, s_wait), l => l.Kind == '=' && l.Name == "Taken" && l.Address == ns.AddressA);

        AssertCaptureClean(capture, ns.AddressA);
    }

    private static void AssertResolved(JsonElement e, string host, string address, int port, string[] txt)
    {
        Assert.Equal(Ipp, e.GetProperty("type").GetString());
        Assert.Equal(host, e.GetProperty("host").GetString());
        Assert.Equal([address], e.GetProperty("addresses").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal(port, e.GetProperty("port").GetInt32());
        Assert.Equal(txt, e.GetProperty("txt").EnumerateArray().Select(a => a.GetString()));
    }

    /// <summary>The whole run's capture: Peerlink's packets are in it, and the dissector finds nothing malformed.</summary>
    private void AssertCaptureClean(MdnsCapture capture, string peerlinkAddress)
    {
        capture.Stop();
        var all = capture.MdnsFrameCount();
        var ours = capture.Frames($"mdns && ip.src == {peerlinkAddress}").Count;
        output.WriteLine($"capture: {all} mDNS frames, {ours} from Peerlink at {peerlinkAddress}");
        Assert.True(ours > 0, $"no mDNS frame from {peerlinkAddress} in the capture");
        Assert.Empty(capture.MalformedFrames());
    }
}
