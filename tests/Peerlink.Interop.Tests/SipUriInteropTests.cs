using Peerlink.TestSupport;
using Xunit.Abstractions;

namespace Peerlink.Interop.Tests;

/// <summary>
/// SIP URIs on one link with DNS-SD (draft-lee-sip-dns-sd-uri-01) between Peerlink and Avahi, each test in
/// its own pair of network namespaces joined by a veth, with tshark capturing the veth: its mDNS
/// dissector must find no malformed packet.
/// </summary>
[Collection(MdnsPeersRunAlone.Name)]
public sealed class SipUriInteropTests(ITestOutputHelper output)
{
    private const string SipUri = "_sipuri._udp";
    private const string Bob = "sip:bob@example.com - Softphone";
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan s_lifetime = TimeSpan.FromSeconds(90);

    [RequiresPeersFact(ThirdPartyPeers.Avahi | ThirdPartyPeers.Tshark)]
    public void Avahi_PublishesSipUris_PeerlinkDiscoverGivesToRequestUriAndDestinationByTheDraftsRules()
    {
        using var ns = NetworkNamespaces.Create();
        using var capture = MdnsCapture.Start(ns.NamespaceB, ns.VethB);
        using var avahi = AvahiDaemon.Start(ns.NamespaceA, ns.VethA, "plk-avahi-a");
        using var bob = avahi.Publish(Bob, SipUri, 5070, "txtvers=1", "name=Bob", $"contact=sip:bob@{ns.AddressA}:5070");
        using var carol = avahi.Publish("sip:carol@example.com", SipUri, 5080, "txtvers=1", "name=Carol Smith");
        Assert.Equal(Bob, bob.WaitForEstablishedName(s_wait));
        Assert.Equal("sip:carol@example.com", carol.WaitForEstablishedName(s_wait));

        var found = PeerlinkSipUri.Discover(ns.NamespaceB, ns.VethB, 3);
        foreach (var e in found)
        {
            output.WriteLine(e.GetRawText());
        }

        // §5.1 and §5.2 with a contact: To from the instance name and the TXT name, Request-URI and destination from the contact.
        var b = Assert.Single(found, e => e.GetProperty("instance").GetString() == Bob);
        Assert.Equal("\"Bob\" <sip:bob@example.com>", b.GetProperty("to").GetString());
        Assert.Equal($"sip:bob@{ns.AddressA}:5070", b.GetProperty("requestUri").GetString());
        Assert.Equal($"{ns.AddressA}:5070", b.GetProperty("destination").GetString());
        Assert.Equal([ns.AddressA], b.GetProperty("addresses").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal("contact", b.GetProperty("source").GetString());

        // Without a contact: Request-URI = To, destination = the SRV target and port, its address from Avahi's A record.
        var c = Assert.Single(found, e => e.GetProperty("instance").GetString() == "sip:carol@example.com");
        Assert.Equal("\"Carol Smith\" <sip:carol@example.com>", c.GetProperty("to").GetString());
        Assert.Equal("sip:carol@example.com", c.GetProperty("requestUri").GetString());
        Assert.Equal("plk-avahi-a.local:5080", c.GetProperty("destination").GetString());
        Assert.Equal([ns.AddressA], c.GetProperty("addresses").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal("srv", c.GetProperty("source").GetString());

        AssertCaptureClean(capture, ns.AddressB);
    }

    [RequiresPeersFact(ThirdPartyPeers.Avahi | ThirdPartyPeers.Tshark)]
    public void Peerlink_Advertises_AvahiBrowseShowsTheInstanceNamePortAndTxtExactly_AndTheGoodbyeRemovesIt()
    {
        using var ns = NetworkNamespaces.Create();
        using var capture = MdnsCapture.Start(ns.NamespaceB, ns.VethB);
        using var avahi = AvahiDaemon.Start(ns.NamespaceB, ns.VethB, "plk-avahi-b");
        using var browser = avahi.StartBrowse(SipUri);
        using var advertise = PeerlinkSipUri.Start(ns.NamespaceA, s_lifetime,
            "advertise", "sip:bob@example.com", "--name", "Bob Smith", "--description", "- Softphone", "--port", "5070",
            "--contact", $"sip:bob@{ns.AddressA}:5070", "--interface", ns.VethA);

        advertise.WaitFor("established", Bob, s_wait);
        var seen = browser.WaitFor(l => l.Kind == '=' && l.Name == Bob, s_wait);
        Assert.Equal(SipUri, seen.Type);
        Assert.Equal("local", seen.Domain);
        Assert.Equal(ns.AddressA, seen.Address);
        Assert.Equal(5070, seen.Port);
        Assert.Equal(["txtvers=1", "name=Bob Smith", $"contact=sip:bob@{ns.AddressA}:5070"], TxtInWireOrder(seen));
        Assert.Contains(avahi.Browse(SipUri, s_wait), l => l.Kind == '=' && l.Name == Bob && l.Port == 5070);

        advertise.Interrupt();
        Assert.Equal(0, advertise.Process.ExitCode);
        advertise.WaitFor("withdrawn", Bob, s_wait);
        browser.WaitFor(l => l.Kind == '-' && l.Name == Bob, TimeSpan.FromSeconds(3));

        AssertCaptureClean(capture, ns.AddressA);
    }

    [RequiresPeersFact(ThirdPartyPeers.Avahi | ThirdPartyPeers.Tshark)]
    public void Peerlink_AdvertisesAUriAvahiHas_GetsTheSuffix_AndBothAreOnTheLink()
    {
        using var ns = NetworkNamespaces.Create();
        using var capture = MdnsCapture.Start(ns.NamespaceB, ns.VethB);
        using var avahi = AvahiDaemon.Start(ns.NamespaceB, ns.VethB, "plk-avahi-b");
        using var theirs = avahi.Publish(Bob, SipUri, 5060, "txtvers=1", "name=Bob");
        Assert.Equal(Bob, theirs.WaitForEstablishedName(s_wait));

        using var advertise = PeerlinkSipUri.Start(ns.NamespaceA, s_lifetime,
            "advertise", "sip:bob@example.com", "--description", "- Softphone", "--port", "5070", "--interface", ns.VethA);
        advertise.WaitFor("renamed", Bob + " (2)", s_wait);
        advertise.WaitFor("established", Bob + " (2)", s_wait);

        var both = avahi.Browse(SipUri, s_wait).Where(l => l.Kind == '=').ToList();
        Assert.Contains(both, l => l.Name == Bob && l.Port == 5060 && l.Address == ns.AddressB);
        Assert.Contains(both, l => l.Name == Bob + " (2)" && l.Port == 5070 && l.Address == ns.AddressA);
        Assert.DoesNotContain(theirs.Process.Errors, l => l.Text.Contains("collision", StringComparison.OrdinalIgnoreCase));

        AssertCaptureClean(capture, ns.AddressA);
    }

    [RequiresPeersFact(ThirdPartyPeers.Avahi | ThirdPartyPeers.Tshark)]
    public void Avahi_AdvertisesAUriPeerlinkHas_AvahiTakesTheSuffix_AndPeerlinkDiscoverReadsPastIt()
    {
        using var ns = NetworkNamespaces.Create();
        using var capture = MdnsCapture.Start(ns.NamespaceB, ns.VethB);
        using var advertise = PeerlinkSipUri.Start(ns.NamespaceA, s_lifetime,
            "advertise", "sip:bob@example.com", "--name", "Bob", "--description", "- Softphone", "--port", "5070",
            "--contact", $"sip:bob@{ns.AddressA}:5070", "--interface", ns.VethA);
        advertise.WaitFor("established", Bob, s_wait);
        using var avahi = AvahiDaemon.Start(ns.NamespaceB, ns.VethB, "plk-avahi-b");

        using var theirs = avahi.Publish(Bob, SipUri, 5071, "txtvers=1", "name=Bob", $"contact=sip:bob@{ns.AddressB}:5071");
        Assert.Equal(Bob + " #2", theirs.WaitForEstablishedName(s_wait));

        // A second Peerlink stack beside the advertising one in A (mDNS answers to port 5353 are multicast, so both hear them).
        var found = PeerlinkSipUri.Discover(ns.NamespaceA, ns.VethA, 3);
        var ours = Assert.Single(found, e => e.GetProperty("instance").GetString() == Bob);
        Assert.Equal($"{ns.AddressA}:5070", ours.GetProperty("destination").GetString());
        var renamed = Assert.Single(found, e => e.GetProperty("instance").GetString() == Bob + " #2");
        Assert.Equal("\"Bob\" <sip:bob@example.com>", renamed.GetProperty("to").GetString());
        Assert.Equal("- Softphone", renamed.GetProperty("description").GetString());
        Assert.Equal(2, renamed.GetProperty("conflict").GetInt32());
        Assert.Equal($"sip:bob@{ns.AddressB}:5071", renamed.GetProperty("requestUri").GetString());
        Assert.Equal($"{ns.AddressB}:5071", renamed.GetProperty("destination").GetString());
        Assert.DoesNotContain(advertise.Events, e => e.GetProperty("event").GetString() is "renamed" or "conflict");

        AssertCaptureClean(capture, ns.AddressA);
    }

    [RequiresSippAndPeersFact]
    public void Avahi_AdvertisesSippUas_PeerlinkDiscoversItAndTheCallToTheDestinationIsAnswered()
    {
        // Issue 8, must-show 5: a _sipuri._udp advertisement published by Avahi points (contact) at SIPp's UAS;
        // Peerlink finds it and calls it there: `peerlink sip call --interface`, To from the instance name and TXT
        // name, Request-URI and destination from the contact.
        using var ns = NetworkNamespaces.Create();
        using var capture = MdnsCapture.Start(ns.NamespaceB, ns.VethB);
        using var sipCapture = SipCapture.Start(ns.NamespaceB, ns.VethB, 5070);
        using var sipp = new SippUas(ns.NamespaceA, ns.AddressA, 5070, calls: 1);
        using var avahi = AvahiDaemon.Start(ns.NamespaceA, ns.VethA, "plk-avahi-a");
        using var service = avahi.Publish("sip:service@example.com - SIPp UAS", SipUri, 5070, "txtvers=1", "name=SIPp", $"contact=sip:service@{ns.AddressA}:5070");
        service.WaitForEstablishedName(s_wait);

        var found = PeerlinkSipUri.Discover(ns.NamespaceB, ns.VethB, 3);
        var target = Assert.Single(found, e => e.GetProperty("instance").GetString() == "sip:service@example.com - SIPp UAS");
        Assert.Equal($"{ns.AddressA}:5070", target.GetProperty("destination").GetString());

        // The user's command: no overlay, so `call` finds the URI on the link and follows the draft's UAC rules.
        using (var call = NamespaceProcess.Start(ns.NamespaceB, TimeSpan.FromSeconds(60), null, PeerlinkDnssd.DotNet,
            [PeerlinkDnssd.Dll, "sip", "call", "sip:service@example.com", "--interface", ns.VethB, "--bind", ns.AddressB, "--duration", "1"]))
        {
            Assert.True(call.WaitForExit(TimeSpan.FromSeconds(50)), call.Transcript());
            output.WriteLine(call.Transcript());
            Assert.True(call.ExitCode == 0, call.Transcript());
            var steps = call.Output.Select(l => l.Text).ToList();
            Assert.Contains(steps, l => l.Contains($"DNS-SD on {ns.VethB}: \"SIPp\" <sip:service@example.com> is at sip:service@{ns.AddressA}:5070, {ns.AddressA}:5070", StringComparison.Ordinal));
            Assert.Contains(steps, l => l.Contains($"INVITE sent to {ns.AddressA}:5070 for sip:service@{ns.AddressA}:5070", StringComparison.Ordinal));
        }

        Assert.True(sipp.Process.WaitForExit(TimeSpan.FromSeconds(20)), sipp.Process.Transcript());
        Assert.True(sipp.Process.ExitCode == 0, sipp.Process.Transcript());
        var stats = sipp.FinalStatistics();
        Assert.Equal("1", stats["SuccessfulCall(C)"]);
        Assert.Equal("0", stats["FailedCall(C)"]);

        // Wireshark reads the whole call, ours and SIPp's, as SIP (with SDP in the INVITE and the 200), nothing malformed.
        sipCapture.Stop();
        var messages = sipCapture.Fields("sip", "sip.Method", "sip.Status-Code", "ip.src").Values
            .Select(f => $"{f["ip.src"]} {f["sip.Method"]}{f["sip.Status-Code"]}").ToList();
        output.WriteLine(string.Join(" | ", messages));
        Assert.Equal(
            [$"{ns.AddressB} INVITE", $"{ns.AddressA} 180", $"{ns.AddressA} 200", $"{ns.AddressB} ACK", $"{ns.AddressB} BYE", $"{ns.AddressA} 200"],
            messages.Where((m, i) => i == 0 || m != messages[i - 1])); // a 200 resent before the ACK came counts once
        Assert.Equal(2, sipCapture.Frames("sdp").Count);
        Assert.Empty(sipCapture.Frames("_ws.malformed || _ws.expert.severity >= \"warning\""));
        Assert.Empty(sipCapture.Frames("udp.port == 5070 && !sip"));

        AssertCaptureClean(capture, ns.AddressB);
    }

    /// <summary>
    /// avahi-browse prints a TXT record's strings last to first (its string list is built by prepending), so
    /// reversing them gives the order on the wire.
    /// </summary>
    private static List<string> TxtInWireOrder(AvahiBrowseLine line) => [.. line.Txt.Reverse()];

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
