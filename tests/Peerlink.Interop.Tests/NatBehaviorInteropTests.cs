using System.Text.Json;
using Peerlink.TestSupport;

namespace Peerlink.Interop.Tests;

/// <summary>
/// NAT behaviour discovery (RFC 5780) through a real NAT (issue 7, item 1): our `peerlink stun client`
/// against coturn, and coturn's `turnutils_natdiscovery` against our `peerlink stun server --alternate`, in
/// the three namespaces of <see cref="NatNamespaces"/>. Each side's verdict is checked against the NAT
/// the test built, and against what coturn's own tool says of the same NAT.
/// </summary>
public sealed class NatBehaviorInteropTests
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(60);

    [RequiresPeersFact(ThirdPartyPeers.Coturn)]
    public void PeerlinkStunClient_CoturnBehindConeNat_EndpointIndependentMappingPortDependentFilteringAsNatdiscoverySays()
    {
        using var nat = NatNamespaces.Create();
        using var coturn = StartCoturn(nat);

        var ours = PeerlinkClient(nat);
        Assert.Equal($"{nat.NatOutside}", ours.GetProperty("mapped").GetString()!.Split(':')[0]);
        Assert.Equal($"{nat.PublicAlternate}:3479", ours.GetProperty("other_address").GetString());
        Assert.Equal("endpoint-independent", ours.GetProperty("mapping").GetString());
        Assert.Equal("address-and-port-dependent", ours.GetProperty("filtering").GetString());

        var theirs = Natdiscovery(nat);
        Assert.Contains("Endpoint Independent Mapping", theirs, StringComparison.Ordinal);
        Assert.Contains("Address and Port Dependent Filtering", theirs, StringComparison.Ordinal);
    }

    [RequiresPeersFact(ThirdPartyPeers.Coturn)]
    public void PeerlinkStunClient_CoturnBehindSymmetricNat_AddressAndPortDependentMappingAsNatdiscoverySays()
    {
        using var nat = NatNamespaces.Create(symmetric: true);
        using var coturn = StartCoturn(nat);

        var ours = PeerlinkClient(nat);
        Assert.Equal("address-and-port-dependent", ours.GetProperty("mapping").GetString());
        Assert.Equal("address-and-port-dependent", ours.GetProperty("filtering").GetString());
        Assert.Contains("Address and Port Dependent Mapping", Natdiscovery(nat), StringComparison.Ordinal);
    }

    [RequiresPeersFact(ThirdPartyPeers.Coturn)]
    public void TurnutilsNatdiscovery_PeerlinkStunServerWithAlternate_SameVerdictsAsAgainstCoturn()
    {
        using var nat = NatNamespaces.Create();
        using var server = NamespaceProcess.Start(nat.Public, Lifetime, null, PeerlinkDnssd.DotNet, PeerlinkDnssd.Dll,
            "stun", "server", "--bind", nat.PublicAddress, "--alternate", nat.PublicAlternate);
        server.WaitForLine(l => l.StartsWith("stun server on udp", StringComparison.Ordinal), TimeSpan.FromSeconds(20));

        var cone = Natdiscovery(nat);
        Assert.Contains($"Other addr: : {nat.PublicAlternate}:3479", cone, StringComparison.Ordinal);
        Assert.Contains("Endpoint Independent Mapping", cone, StringComparison.Ordinal);
        Assert.Contains("Address and Port Dependent Filtering", cone, StringComparison.Ordinal);

        nat.MakeSymmetric();
        Assert.Contains("Address and Port Dependent Mapping", Natdiscovery(nat), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Object, PeerlinkClient(nat).ValueKind);

        server.Stop(NamespaceProcess.SigInt);
        Assert.Contains(server.Output, l => l.Text.Contains("from another address on request", StringComparison.Ordinal) && !l.Text.Contains("answered 0", StringComparison.Ordinal));
    }

    private static NamespaceProcess StartCoturn(NatNamespaces nat)
    {
        var db = Path.Combine(Path.GetTempPath(), $"peerlink-turndb-{Guid.NewGuid():N}");
        var coturn = NamespaceProcess.Start(nat.Public, Lifetime, null, "turnserver", "-n", "-v",
            $"--listening-ip={nat.PublicAddress}", $"--listening-ip={nat.PublicAlternate}", $"--relay-ip={nat.PublicAddress}",
            "--listening-port=3478", "--no-tls", "--no-dtls", "--no-cli", "--log-file=stdout", "--simple-log",
            "--lt-cred-mech", "--user=alice:secret", "--realm=example.org", "--fingerprint", $"--userdb={db}", $"--pidfile={db}.pid");
        coturn.WaitForLine(l => l.Contains("IPv4. UDP listener opened on", StringComparison.Ordinal) && l.Contains(nat.PublicAlternate, StringComparison.Ordinal), TimeSpan.FromSeconds(20));
        return coturn;
    }

    private static JsonElement PeerlinkClient(NatNamespaces nat)
    {
        var (code, output, error) = NatNamespaces.RunIn(nat.Client, TimeSpan.FromSeconds(40), PeerlinkDnssd.DotNet, PeerlinkDnssd.Dll,
            "stun", "client", $"{nat.PublicAddress}:3478", "--json");
        Assert.True(code == 0, $"peerlink stun client exited {code}: {output} {error}");
        return JsonDocument.Parse(output.Trim().Split('\n')[^1]).RootElement;
    }

    private static string Natdiscovery(NatNamespaces nat)
    {
        var (code, output, error) = NatNamespaces.RunIn(nat.Client, TimeSpan.FromSeconds(60), "turnutils_natdiscovery", "-m", "-f", nat.PublicAddress);
        Assert.True(code == 0, $"turnutils_natdiscovery exited {code}: {output} {error}");
        return output + error;
    }
}
