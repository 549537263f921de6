using System.Globalization;
using System.Text.RegularExpressions;
using Peerlink.TestSupport;

namespace Peerlink.Interop.Tests;

/// <summary>
/// P2PP nodes behind NATs (issue 7, item 4), as real `peerlink` processes in the namespaces of
/// <see cref="NatNamespaces"/>: an overlay in "pub" (a bootstrap server and two peers) and a node in "cli"
/// behind the NAT, which joins with no NAT option at all.
/// </summary>
public sealed partial class NatOverlayInteropTests
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(120);

    /// <summary>
    /// (a) A node behind a port-restricted cone NAT learns its reflexive address from the bootstrap server
    /// (STUN on the P2PP port), joins the public overlay under it, and stores and finds values through the
    /// overlay; the overlay's own peers find what it stored, and it finds what they stored.
    /// </summary>
    [RequiresPeersFact(ThirdPartyPeers.Coturn)]
    public void NodeBehindConeNat_JoinsUnderItsReflexiveAddress_StoresAndFindsBothWays()
    {
        using var nat = NatNamespaces.Create();
        using var bootstrap = Peerlink(nat.Public, "bootstrap", "--bind", nat.PublicAddress, "--port", "7080");
        bootstrap.WaitForLine(l => l.Contains("bootstrap server", StringComparison.Ordinal), TimeSpan.FromSeconds(20));
        using var peer1 = Peerlink(nat.Public, "node", "--bind", nat.PublicAddress, "--port", "7081", "--bootstrap", $"{nat.PublicAddress}:7080");
        peer1.WaitForLine(l => l.Contains(" peer ", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        using var peer2 = Peerlink(nat.Public, "node", "--bind", nat.PublicAddress, "--port", "7082", "--bootstrap", $"{nat.PublicAddress}:7080");
        peer2.WaitForLine(l => l.Contains(" peer ", StringComparison.Ordinal), TimeSpan.FromSeconds(30));

        using var natted = Peerlink(nat.Client, "node", "--bind", nat.ClientAddress, "--port", "7081", "--bootstrap", $"{nat.PublicAddress}:7080");
        var behind = natted.WaitForLine(l => l.Contains("behind a NAT", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        Assert.Contains($"sees this node at {nat.NatOutside}:", behind.Text, StringComparison.Ordinal);
        natted.WaitForLine(l => l.Contains(" peer ", StringComparison.Ordinal), TimeSpan.FromSeconds(30));

        var inside = $"{nat.ClientAddress}:7081";
        var outside = $"{nat.PublicAddress}:7081";
        for (var i = 0; i < 8; i++)
        {
            Run(nat.Client, "put", $"from-inside-{i}", $"value {i} put behind the NAT", "--via", inside);
            Run(nat.Public, "put", $"from-outside-{i}", $"value {i} put in public", "--via", outside);
        }

        // The public peers route to it at the NAT's address, never at its private one.
        Assert.Contains(peer1.Output.Concat(peer2.Output), l => l.Text.Contains($"@{nat.NatOutside}:", StringComparison.Ordinal));
        Assert.DoesNotContain(peer1.Output.Concat(peer2.Output), l => l.Text.Contains($"@{nat.ClientAddress}:", StringComparison.Ordinal));

        for (var i = 0; i < 8; i++)
        {
            Assert.Equal($"value {i} put behind the NAT", Run(nat.Public, "get", $"from-inside-{i}", "--via", $"{nat.PublicAddress}:7082"));
            Assert.Equal($"value {i} put in public", Run(nat.Client, "get", $"from-outside-{i}", "--via", inside));
            Assert.Equal($"value {i} put behind the NAT", Run(nat.Client, "get", $"from-inside-{i}", "--via", inside));
        }
    }

    /// <summary>
    /// (b) Two nodes behind two different port-restricted cone NATs, each unreachable to the other at first,
    /// exchange a Connect through the public overlay, run ICE on their P2PP sockets, and then talk straight
    /// to each other: each names the path ICE chose (server reflexive at both ends, the other NAT's address),
    /// the public router forwards their packets from one NAT to the other both ways, and values stored by
    /// either are found by the other.
    /// </summary>
    [RequiresPeersFact(ThirdPartyPeers.None)]
    public void NodesBehindTwoConeNats_ConnectThroughTheOverlay_TalkDirectlyOverTheReflexivePath()
    {
        using var net = TwoNatNamespaces.Create();
        var pub = net.PublicAddress;
        using var bootstrap = Peerlink(net.Public, "bootstrap", "--bind", pub, "--port", "7080");
        bootstrap.WaitForLine(l => l.Contains("bootstrap server", StringComparison.Ordinal), TimeSpan.FromSeconds(20));
        using var peer1 = Peerlink(net.Public, "node", "--bind", pub, "--port", "7081", "--bootstrap", $"{pub}:7080");
        peer1.WaitForLine(l => l.Contains(" peer ", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        using var peer2 = Peerlink(net.Public, "node", "--bind", pub, "--port", "7082", "--bootstrap", $"{pub}:7080");
        peer2.WaitForLine(l => l.Contains(" peer ", StringComparison.Ordinal), TimeSpan.FromSeconds(30));

        using var a = Peerlink(net.A.Client, "node", "--bind", net.A.ClientAddress, "--port", "7081", "--bootstrap", $"{pub}:7080");
        a.WaitForLine(l => l.Contains("behind a NAT", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        var aId = IdOf(a.WaitForLine(l => PeerIdInLine().IsMatch(l), TimeSpan.FromSeconds(30)).Text);
        using var b = Peerlink(net.B.Client, "node", "--bind", net.B.ClientAddress, "--port", "7081", "--bootstrap", $"{pub}:7080");
        b.WaitForLine(l => l.Contains("behind a NAT", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        var bId = IdOf(b.WaitForLine(l => PeerIdInLine().IsMatch(l), TimeSpan.FromSeconds(30)).Text);

        // Each names its path to the other: from its NAT's mapping to the other NAT's.
        var aToB = a.WaitForLine(l => l.Contains($" path to {bId[..8]}@", StringComparison.Ordinal) && !l.Contains("no path", StringComparison.Ordinal), TimeSpan.FromSeconds(90)).Text;
        var bToA = b.WaitForLine(l => l.Contains($" path to {aId[..8]}@", StringComparison.Ordinal) && !l.Contains("no path", StringComparison.Ordinal), TimeSpan.FromSeconds(30)).Text;
        Assert.Contains($"srflx {net.A.NatOutside}:", aToB, StringComparison.Ordinal);
        Assert.Matches($@"-> (srflx|prflx) {Regex.Escape(net.B.NatOutside)}:", aToB);
        Assert.Contains($"srflx {net.B.NatOutside}:", bToA, StringComparison.Ordinal);
        Assert.Matches($@"-> (srflx|prflx) {Regex.Escape(net.A.NatOutside)}:", bToA);

        var insideA = $"{net.A.ClientAddress}:7081";
        var insideB = $"{net.B.ClientAddress}:7081";
        for (var i = 0; i < 8; i++)
        {
            Run(net.A.Client, "put", $"from-a-{i}", $"value {i} put behind NAT A", "--via", insideA);
            Run(net.B.Client, "put", $"from-b-{i}", $"value {i} put behind NAT B", "--via", insideB);
        }

        for (var i = 0; i < 8; i++)
        {
            Assert.Equal($"value {i} put behind NAT A", Run(net.B.Client, "get", $"from-a-{i}", "--via", insideB));
            Assert.Equal($"value {i} put behind NAT B", Run(net.A.Client, "get", $"from-b-{i}", "--via", insideA));
        }

        // Packets went from one NAT straight to the other, both ways, forwarded by the public router
        // (anything relayed by a process in pub would have ended there, not been forwarded).
        var (forward, back) = net.DirectPackets();
        Assert.True(forward > 0 && back > 0, $"pub forwarded {forward} packets from NAT A to NAT B and {back} back");
    }

    /// <summary>
    /// (c) Two nodes behind two symmetric NATs (<c>MASQUERADE --random-fully</c>: a new outside port per
    /// destination, so neither reflexive address reaches anyone but the server that saw it) reach each
    /// other through a TURN relay that a public peer offers (<c>peerlink node --offer-turn</c>, Resource-List
    /// TURN): each allocates a relayed candidate there with the overlay's credentials and offers it in its
    /// Connect; ICE selects a path through a relay, and values stored by either are found by the other.
    /// </summary>
    [RequiresPeersFact(ThirdPartyPeers.None)]
    public void NodesBehindTwoSymmetricNats_ConnectThroughAPeersTurnRelay_StoreAndFindAcross()
    {
        using var net = TwoNatNamespaces.Create(symmetric: true);
        var pub = net.PublicAddress;
        using var bootstrap = Peerlink(net.Public, "bootstrap", "--bind", pub, "--port", "7080");
        bootstrap.WaitForLine(l => l.Contains("bootstrap server", StringComparison.Ordinal), TimeSpan.FromSeconds(20));
        using var relay = Peerlink(net.Public, "node", "--bind", pub, "--port", "7081", "--bootstrap", $"{pub}:7080", "--offer-turn");
        relay.WaitForLine(l => l.Contains($"offering TURN to the overlay on udp and tcp {pub}:7082", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        var relayId = IdOf(relay.WaitForLine(l => PeerIdInLine().IsMatch(l), TimeSpan.FromSeconds(30)).Text);
        using var peer2 = Peerlink(net.Public, "node", "--bind", pub, "--port", "7083", "--bootstrap", $"{pub}:7080");
        var peer2Id = IdOf(peer2.WaitForLine(l => PeerIdInLine().IsMatch(l), TimeSpan.FromSeconds(30)).Text);

        using var a = Peerlink(net.A.Client, "node", "--bind", net.A.ClientAddress, "--port", "7081", "--bootstrap", $"{pub}:7080");
        var aId = IdOf(a.WaitForLine(l => PeerIdInLine().IsMatch(l), TimeSpan.FromSeconds(30)).Text);

        // Behind a symmetric NAT, the public peers reach A only over the paths ICE finds (a peer reflexive
        // address each): B's Join may be routed to A, so A has them first.
        foreach (var publicPeer in new[] { relayId, peer2Id })
        {
            a.WaitForLine(l => l.Contains($" path to {publicPeer[..8]}@{pub}:", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        }

        using var b = Peerlink(net.B.Client, "node", "--bind", net.B.ClientAddress, "--port", "7081", "--bootstrap", $"{pub}:7080");
        var bId = IdOf(b.WaitForLine(l => PeerIdInLine().IsMatch(l), TimeSpan.FromSeconds(30)).Text);

        // The path between them goes through the relay on pub (a relayed candidate at one end or the other).
        var aToB = a.WaitForLine(l => l.Contains($" path to {bId[..8]}@", StringComparison.Ordinal) && !l.Contains("no path", StringComparison.Ordinal), TimeSpan.FromSeconds(90)).Text;
        var bToA = b.WaitForLine(l => l.Contains($" path to {aId[..8]}@", StringComparison.Ordinal) && !l.Contains("no path", StringComparison.Ordinal), TimeSpan.FromSeconds(30)).Text;
        Assert.True(aToB.Contains($"relay {pub}:", StringComparison.Ordinal) || bToA.Contains($"relay {pub}:", StringComparison.Ordinal), $"{aToB} / {bToA}");
        foreach (var publicPeer in new[] { relayId, peer2Id })
        {
            b.WaitForLine(l => l.Contains($" path to {publicPeer[..8]}@{pub}:", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        }

        var insideA = $"{net.A.ClientAddress}:7081";
        var insideB = $"{net.B.ClientAddress}:7081";
        using var dump = new LogsOnFailure(("relay", relay), ("peer2", peer2), ("a", a), ("b", b));
        for (var i = 0; i < 8; i++)
        {
            Settled(net.A.Client, "put", $"sym-a-{i}", $"value {i} put behind symmetric NAT A", "--via", insideA);
            Settled(net.B.Client, "put", $"sym-b-{i}", $"value {i} put behind symmetric NAT B", "--via", insideB);
        }

        for (var i = 0; i < 8; i++)
        {
            Assert.Equal($"value {i} put behind symmetric NAT A", Settled(net.B.Client, "get", $"sym-a-{i}", "--via", insideB));
            Assert.Equal($"value {i} put behind symmetric NAT B", Settled(net.A.Client, "get", $"sym-b-{i}", "--via", insideA));
        }

        dump.Passed = true;
    }

    // The nodes' own lines, written to the test's temporary directory when the test fails after they started.
    private sealed class LogsOnFailure(params (string Name, NamespaceProcess Process)[] processes) : IDisposable
    {
        public bool Passed { get; set; }

        public void Dispose()
        {
            if (!Passed)
            {
                foreach (var (name, process) in processes)
                {
                    File.WriteAllLines(Path.Combine(Path.GetTempPath(), $"nat-overlay-{name}.log"), process.Output.Select(l => l.Text));
                }
            }
        }
    }

    // A request through the overlay right after the paths came up may still meet a hop whose path to a
    // node behind a symmetric NAT is being set up again (a 418); the test asks up to three times, 2 s apart.
    private static string Settled(string ns, params string[] arguments)
    {
        for (var attempt = 1; ; attempt++)
        {
            var (code, output, error) = NatNamespaces.RunIn(ns, TimeSpan.FromSeconds(40), PeerlinkDnssd.DotNet, [PeerlinkDnssd.Dll, .. arguments]);
            if (code == 0 || attempt == 3)
            {
                Assert.True(code == 0, string.Create(CultureInfo.InvariantCulture, $"peerlink {string.Join(' ', arguments)} in {ns} exited {code} three times: {output} {error}"));
                return output.Trim();
            }

            Thread.Sleep(TimeSpan.FromSeconds(2));
        }
    }

    private static string IdOf(string peerLine) => PeerIdInLine().Match(peerLine) is { Success: true } m ? m.Groups[1].Value : throw new InvalidOperationException($"no ID in '{peerLine}'");

    [GeneratedRegex(@" peer ([0-9a-f]{8,}) on ")]
    private static partial Regex PeerIdInLine();

    private static NamespaceProcess Peerlink(string ns, params string[] arguments) =>
        NamespaceProcess.Start(ns, Lifetime, null, PeerlinkDnssd.DotNet, [PeerlinkDnssd.Dll, .. arguments]);

    private static string Run(string ns, params string[] arguments)
    {
        var (code, output, error) = NatNamespaces.RunIn(ns, TimeSpan.FromSeconds(40), PeerlinkDnssd.DotNet, [PeerlinkDnssd.Dll, .. arguments]);
        Assert.True(code == 0, string.Create(CultureInfo.InvariantCulture, $"peerlink {string.Join(' ', arguments)} in {ns} exited {code}: {output} {error}"));
        return output.Trim();
    }
}
