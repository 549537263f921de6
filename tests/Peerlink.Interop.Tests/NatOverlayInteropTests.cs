using System.Globalization;
using Peerlink.TestSupport;

namespace Peerlink.Interop.Tests;

/// <summary>
/// P2PP nodes behind NATs (issue 7, item 4), as real `peerlink` processes in the namespaces of
/// <see cref="NatNamespaces"/>: an overlay in "pub" (a bootstrap server and two peers) and a node in "cli"
/// behind the NAT, which joins with no NAT option at all.
/// </summary>
public sealed class NatOverlayInteropTests
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

    private static NamespaceProcess Peerlink(string ns, params string[] arguments) =>
        NamespaceProcess.Start(ns, Lifetime, null, PeerlinkDnssd.DotNet, [PeerlinkDnssd.Dll, .. arguments]);

    private static string Run(string ns, params string[] arguments)
    {
        var (code, output, error) = NatNamespaces.RunIn(ns, TimeSpan.FromSeconds(40), PeerlinkDnssd.DotNet, [PeerlinkDnssd.Dll, .. arguments]);
        Assert.True(code == 0, string.Create(CultureInfo.InvariantCulture, $"peerlink {string.Join(' ', arguments)} in {ns} exited {code}: {output} {error}"));
        return output.Trim();
    }
}
