using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Peerlink.Cli.Sip;
using Peerlink.Core;
using Peerlink.Hosting;
using Peerlink.Overlay.Engine;
using Peerlink.Overlay.Topologies.Chord;
using Peerlink.Sip.Location;
using Peerlink.Sip.Message;
using Peerlink.Wire;

namespace Peerlink.Cli.Tests;

/// <summary>
/// A bootstrap server and six peers on 127.0.0.1 for the P2P-SIP location tests (more peers than the three copies
/// of each object, so lookups are routed), its ring whole before any test runs (every wait bounded by one token).
/// </summary>
public class SipLocationCluster : IAsyncLifetime, IDisposable
{
    private readonly List<EngineHost> _hosts = [];
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromMinutes(4));

    internal List<LivePeer> Peers { get; } = [];

    /// <summary>Peers in the overlay.</summary>
    protected virtual int PeerCount => 6;

    internal CancellationToken Ct => _timeout.Token;

    /// <summary>"127.0.0.1:PORT" of peer <paramref name="i"/>.</summary>
    internal string Via(int i) => Peers[i].Host.Address.ToString();

    internal IPEndPoint EndPoint(int i) => Peers[i].Host.Address.ToEndPoint();

    public async Task InitializeAsync()
    {
        var (bootstrap, _) = await Loopback.BootstrapAsync(Ct);
        _hosts.Add(bootstrap);
        for (var i = 0; i < PeerCount; i++)
        {
            var peer = await Loopback.PeerAsync(bootstrap, Ct);
            _hosts.Add(peer.Host);
            Peers.Add(peer);
        }

        // Joins back to back leave the ring to stabilization: wait until every successor is right.
        while (!await RingIsWhole())
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), Ct);
        }
    }

    private async Task<bool> RingIsWhole()
    {
        var ids = Peers.Select(p => p.Node.Self.Id).Order().ToList();
        foreach (var p in Peers)
        {
            var successor = await p.Host.InvokeAsync(_ => ((ChordTable)p.Table).Successors is { Count: > 0 } s ? s[0].Id : (NodeId?)null, Ct);
            if (successor != ids[(ids.IndexOf(p.Node.Self.Id) + 1) % ids.Count])
            {
                return false;
            }
        }

        return true;
    }

    public async Task DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            await host.DisposeAsync();
        }
    }

    public void Dispose()
    {
        _timeout.Dispose();
        GC.SuppressFinalize(this);
    }
}

/// <summary>
/// Issue 8, P2P-SIP location: <c>peerlink sip register</c> and <c>peerlink sip lookup</c> against a loopback
/// overlay, and the location client's owner rule.
/// </summary>
public sealed class SipLocationCommandTests(SipLocationCluster cluster) : IClassFixture<SipLocationCluster>
{
    private CancellationToken Ct => cluster.Ct;

    private static readonly Regex Registered = new(@"^registered (\S+) at (\S+) for (\d+) s as node ([0-9a-f]{40});", RegexOptions.Multiline);

    [Fact]
    public async Task Register_ThenLookupThroughAnotherNode_FindsTheContact_AndCtrlCRemovesIt()
    {
        await using var register = RunningCommand.Start(
            "sip", "register", "sip:alice@example.com", "--contact", "sip:alice@192.0.2.7:5070", "--expires", "60", "--name", "Alice", "--via", cluster.Via(0));
        var registered = await register.WaitForAsync(Registered.ToString(), Ct);
        Assert.Equal("sip:alice@192.0.2.7:5070", registered.Groups[2].Value);
        var node = registered.Groups[4].Value;

        var lookup = await CliRunner.RunAsync(Ct, "sip", "lookup", "sip:alice@EXAMPLE.com", "--via", cluster.Via(4));

        Assert.True(lookup.Exit == 0, lookup.Error);
        var line = Assert.Single(Lines(lookup.Out));
        Assert.Matches($@"^sip:alice@192\.0\.2\.7:5070 ""Alice"" expires in \d+ s, registered by {node}$", line);

        // Ctrl-C removes the registration: callers are not left a dead contact until it expires.
        Assert.Equal(0, await register.StopAsync(Ct));
        Assert.Contains("removed sip:alice@example.com", register.Out.Text);
        var after = await CliRunner.RunAsync(Ct, "sip", "lookup", "sip:alice@example.com", "--via", cluster.Via(1));
        Assert.Equal(1, after.Exit);
        Assert.Equal("peerlink: sip:alice@example.com is not registered in the overlay", after.Error.Trim());
        Assert.Equal(string.Empty, after.Out);
    }

    [Fact]
    public async Task Register_WithoutContact_RegistersThisHostAtThePort()
    {
        await using var register = RunningCommand.Start("sip", "register", "sip:erin@example.com", "--port", "5077", "--via", cluster.Via(1));
        var registered = await register.WaitForAsync(Registered.ToString(), Ct);

        Assert.Equal("sip:erin@127.0.0.1:5077", registered.Groups[2].Value); // this host's address toward --via
        Assert.Contains("answering SIP on udp 127.0.0.1:5077 as sip:erin@example.com", register.Out.Text); // this host answers there
        var lookup = await CliRunner.RunAsync(Ct, "sip", "lookup", "sip:erin@example.com", "--via", cluster.Via(0), "--json");
        Assert.True(lookup.Exit == 0, lookup.Error);
        using var json = JsonDocument.Parse(lookup.Out);
        var contact = Assert.Single(json.RootElement.GetProperty("contacts").EnumerateArray());
        Assert.Equal("sip:erin@127.0.0.1:5077", contact.GetProperty("contact").GetString());
        Assert.Equal("host 127.0.0.1:5077", Assert.Single(contact.GetProperty("candidates").EnumerateArray()).GetString());
        Assert.Equal(registered.Groups[4].Value, contact.GetProperty("registeredBy").GetString());
    }

    [Fact]
    public async Task Register_SameAorFromTwoNodes_LookupFindsBoth()
    {
        await using var desk = RunningCommand.Start("sip", "register", "sip:bob@example.com", "--contact", "sip:bob@192.0.2.10:5060", "--via", cluster.Via(0));
        await using var soft = RunningCommand.Start("sip", "register", "sip:bob@example.com", "--contact", "sip:bob@192.0.2.11:5062;transport=tcp", "--via", cluster.Via(1));
        var deskNode = (await desk.WaitForAsync(Registered.ToString(), Ct)).Groups[4].Value;
        var softNode = (await soft.WaitForAsync(Registered.ToString(), Ct)).Groups[4].Value;
        Assert.NotEqual(deskNode, softNode);

        var lookup = await CliRunner.RunAsync(Ct, "sip", "lookup", "sip:bob@example.com", "--via", cluster.Via(5));

        Assert.True(lookup.Exit == 0, lookup.Error);
        var lines = Lines(lookup.Out);
        Assert.Equal(2, lines.Count);
        Assert.Contains(lines, l => l.StartsWith("sip:bob@192.0.2.10:5060 expires in", StringComparison.Ordinal) && l.EndsWith($"registered by {deskNode}", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("sip:bob@192.0.2.11:5062;transport=tcp expires in", StringComparison.Ordinal) && l.EndsWith($"registered by {softNode}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Registration_RegistrarKilled_IsGoneAfterItsExpiry_AndLookupSaysNotRegistered()
    {
        var aor = SipUri.Parse("sip:carol@example.com");
        var client = await LiveNodes.StartAttachedClientAsync(null, null, cluster.EndPoint(0), new PeerSetup(), Ct);
        await using (client.Host)
        {
            var location = new LocationClient(client, TimeProvider.System);
            await location.PublishAsync(new SipRegistration(aor, SipUri.Parse("sip:carol@192.0.2.20")) { Lifetime = 5 }, Ct);
        }

        // The registrar is gone: no refresh, no removal. Found at first...
        var found = await CliRunner.RunAsync(Ct, "sip", "lookup", "sip:carol@example.com", "--via", cluster.Via(1));
        Assert.True(found.Exit == 0, found.Error);
        Assert.StartsWith("sip:carol@192.0.2.20 expires in ", found.Out, StringComparison.Ordinal);

        // ...then gone once its 5 s run out (asked once a second, for at most 30 s).
        (int Exit, string Out, string Error) lookup = found;
        for (var i = 0; i < 30 && lookup.Exit == 0; i++)
        {
            await Task.Delay(TimeSpan.FromSeconds(1), Ct);
            lookup = await CliRunner.RunAsync(Ct, "sip", "lookup", "sip:carol@example.com", "--via", cluster.Via(3));
        }

        Assert.Equal(1, lookup.Exit);
        Assert.Equal("peerlink: sip:carol@example.com is not registered in the overlay", lookup.Error.Trim());
    }

    [Fact]
    public async Task Register_PeerGoneForAWhile_LogsTheFailedRefreshesAndKeepsGoing()
    {
        // Over TCP a peer that is down is known at once (the connection is refused), so the failures come fast.
        var tcp = new PeerSetup { Transport = TransportKind.Tcp };
        var peer = await LiveNodes.StartPeerAsync(Loopback.AnyPort, null, null, Ct, Loopback.Fast, tcp);
        var at = peer.Host.Address.ToEndPoint();
        LivePeer? again = null;
        try
        {
            await using var register = RunningCommand.Start(
                "sip", "register", "sip:grace@example.com", "--contact", "sip:grace@192.0.2.50", "--expires", "4", "--via", at.ToString(), "--transport", "tcp");
            await register.WaitForAsync(Registered.ToString(), Ct);

            await peer.Host.DisposeAsync();
            await register.Error.WaitForAsync(new Regex(@"refresh 1 failed, trying again in 1 s \((still registered for \d+ s|the registration has lapsed)"), Ct);

            // The peer comes back on the same port (a restart): the next refresh stores the registration there.
            again = await LiveNodes.StartPeerAsync(at, null, null, Ct, Loopback.Fast, tcp);
            var refreshedBefore = Regex.Count(register.Out.Text, "^refreshed ", RegexOptions.Multiline);
            await register.Out.WaitForAsync(new Regex($"(?:refreshed sip:grace@example.com.*?){{{refreshedBefore + 1}}}", RegexOptions.Singleline), Ct);

            var lookup = await CliRunner.RunAsync(Ct, "sip", "lookup", "sip:grace@example.com", "--via", at.ToString(), "--transport", "tcp");
            Assert.True(lookup.Exit == 0, lookup.Error);
            Assert.StartsWith("sip:grace@192.0.2.50 expires in ", lookup.Out, StringComparison.Ordinal);
            Assert.Equal(0, await register.StopAsync(Ct));
            Assert.Contains("removed sip:grace@example.com", register.Out.Text);
        }
        finally
        {
            await peer.Host.DisposeAsync();
            if (again is not null)
            {
                await again.Host.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Registration_AnotherNode_CannotRemoveOrReplaceIt()
    {
        var aor = SipUri.Parse("sip:dave@example.com");
        var owner = await LiveNodes.StartAttachedClientAsync(null, null, cluster.EndPoint(0), new PeerSetup(), Ct);
        var other = await LiveNodes.StartAttachedClientAsync(null, null, cluster.EndPoint(1), new PeerSetup(), Ct);
        await using (owner.Host)
        await using (other.Host)
        {
            var dave = new LocationClient(owner, TimeProvider.System);
            var mallory = new LocationClient(other, TimeProvider.System);
            await dave.PublishAsync(new SipRegistration(aor, SipUri.Parse("sip:dave@192.0.2.30")) { Lifetime = 120 }, Ct);

            // Removing through the client removes only the caller's own registration: it has none.
            Assert.False(await mallory.UnregisterAsync(aor, Ct));

            // Naming Dave's node as the owner is refused, whether replacing or removing (§7.2.2).
            var resource = LiveNodes.KeyId(other.Overlay, SipAor.Key(aor));
            var forged = new ResourceObject(
                ContentType.SipRegistration, 0, resource,
                Bytes.Copy(SipRegistrationCodec.Encode(new SipRegistration(aor, SipUri.Parse("sip:dave@203.0.113.66")) { Lifetime = 120, RegisteredAt = DateTimeOffset.UtcNow })))
            {
                Owner = Bytes.Copy(owner.Node.Self.Id.Span),
                Expires = 120,
            };
            var replace = await other.Host.InvokeOperationAsync<OverlayResult>((now, done) => other.Node.Publish(now, forged, RoutingMode.Recursive, done), Ct);
            var remove = await other.Host.InvokeOperationAsync<OverlayResult>((now, done) => other.Node.RemoveObject(now, forged with { Value = Bytes.Empty }, RoutingMode.Recursive, done), Ct);
            Assert.Equal(ResponseCode.RequestRejected, replace.Code);
            Assert.Equal(ResponseCode.RequestRejected, remove.Code);

            var result = await mallory.LookupAsync(aor, Ct);
            var only = Assert.Single(result.Contacts);
            Assert.Equal("sip:dave@192.0.2.30", only.Registration.Contact.ToString());
            Assert.Equal(dave.NodeId, only.RegisteredBy);

            // What another node may do is register its own, beside Dave's.
            await mallory.PublishAsync(new SipRegistration(aor, SipUri.Parse("sip:dave@203.0.113.66")) { Lifetime = 120 }, Ct);
            var both = await dave.LookupAsync(aor, Ct);
            Assert.Equal(2, both.Contacts.Count);
            Assert.Equal(new HashSet<string?> { dave.NodeId, mallory.NodeId }, both.Contacts.Select(c => c.RegisteredBy).ToHashSet());
            Assert.Contains(both.Contacts, c => c.RegisteredBy == dave.NodeId && c.Registration.Contact.ToString() == "sip:dave@192.0.2.30");

            Assert.True(await dave.UnregisterAsync(aor, Ct));
            Assert.True(await mallory.UnregisterAsync(aor, Ct));
        }
    }

    [Fact]
    public async Task Lookup_AorThatForwards_IsFollowedOnce()
    {
        await using var forwarding = RunningCommand.Start("sip", "register", "sip:bobby@example.com", "--forward-to", "sip:robert@example.org", "--via", cluster.Via(2));
        await forwarding.WaitForAsync(@"^registered forwarding sip:bobby@example.com to sip:robert@example.org for 600 s as node [0-9a-f]{40};", Ct);
        await using var robert = RunningCommand.Start("sip", "register", "sip:robert@example.org", "--contact", "sip:robert@192.0.2.40:5080", "--via", cluster.Via(1));
        await robert.WaitForAsync(Registered.ToString(), Ct);

        var lookup = await CliRunner.RunAsync(Ct, "sip", "lookup", "sip:bobby@example.com", "--via", cluster.Via(0));

        Assert.True(lookup.Exit == 0, lookup.Error);
        Assert.StartsWith("sip:robert@192.0.2.40:5080 expires in ", Assert.Single(Lines(lookup.Out)), StringComparison.Ordinal);
        Assert.Contains("sip:bobby@example.com forwards to sip:robert@example.org", lookup.Error);
    }

    [Fact]
    public async Task Lookup_ForwardingToAnAorThatForwardsAgain_StopsAfterOne()
    {
        await using var first = RunningCommand.Start("sip", "register", "sip:hop1@example.com", "--forward-to", "sip:hop2@example.com", "--via", cluster.Via(0));
        await using var second = RunningCommand.Start("sip", "register", "sip:hop2@example.com", "--forward-to", "sip:hop1@example.com", "--via", cluster.Via(1));
        await first.WaitForAsync("^registered forwarding ", Ct);
        await second.WaitForAsync("^registered forwarding ", Ct);

        var lookup = await CliRunner.RunAsync(Ct, "sip", "lookup", "sip:hop1@example.com", "--via", cluster.Via(2), "--json");

        // A loop of forwardings ends after one step with "not registered", not a hang.
        Assert.Equal(1, lookup.Exit);
        using var json = JsonDocument.Parse(lookup.Out);
        Assert.False(json.RootElement.GetProperty("registered").GetBoolean());
        Assert.Equal("sip:hop2@example.com", json.RootElement.GetProperty("forwardedTo").GetString());
        Assert.Contains("peerlink: sip:hop1@example.com is not registered in the overlay", lookup.Error);
    }

    [Theory]
    [InlineData("lookup bob@example.com --via 127.0.0.1:7081", "peerlink: bob@example.com is not a SIP URI (")]
    [InlineData("lookup sip:example.com --via 127.0.0.1:7081", "peerlink: sip:example.com has no user part")]
    [InlineData("lookup sip:bob@example.com --via nowhere", "peerlink: --via nowhere: expected HOST:PORT, e.g. 127.0.0.1:7080")]
    [InlineData("register tel:+15551234 --via 127.0.0.1:7081", "peerlink: tel:+15551234 is not a SIP URI (")]
    [InlineData("register sip:bob@example.com --via 127.0.0.1", "peerlink: --via 127.0.0.1: expected HOST:PORT")]
    [InlineData("register sip:bob@example.com --contact http://phone --via 127.0.0.1:7081", "peerlink: --contact http://phone is not a SIP URI (")]
    [InlineData("register sip:bob@example.com --expires 0 --via 127.0.0.1:7081", "peerlink: --expires 0: expected 2 to 604800 seconds")]
    [InlineData("register sip:bob@example.com --port 70000 --via 127.0.0.1:7081", "peerlink: --port 70000: expected 1 to 65535")]
    [InlineData("register sip:bob@example.com --forward-to sip:b@x --contact sip:b@y --via 127.0.0.1:7081", "peerlink: --contact and --forward-to: a registration is a contact or a forwarding")]
    [InlineData("register sip:bob@example.com --forward-to sips:bob@EXAMPLE.com --via 127.0.0.1:7081", "peerlink: --forward-to sips:bob@EXAMPLE.com is sip:bob@example.com itself")]
    [InlineData("register sip:bob@example.com --forward-to example.org --via 127.0.0.1:7081", "peerlink: --forward-to: example.org is not a SIP URI")]
    public async Task Verb_BadArgument_SaysSoInOneLineAndExits2(string line, string error)
    {
        var result = await CliRunner.RunAsync(Ct, ["sip", .. line.Split(' ')]);

        Assert.Equal(2, result.Exit);
        Assert.StartsWith(error, result.Error, StringComparison.Ordinal);
        Assert.Single(Lines(result.Error));
        Assert.Equal(string.Empty, result.Out);
    }

    [Theory]
    [InlineData("register", "peerlink sip register sip:dave@example.com --contact sip:dave@192.0.2.7:5060 --via 127.0.0.1:7081")]
    [InlineData("lookup", "peerlink sip lookup sip:bob@example.com --via 127.0.0.1:7082")]
    public void Verb_Help_ShowsExamples(string verb, string example)
    {
        var (exit, output, _) = CliRunner.Run(string.Empty, "sip", verb, "--help");

        Assert.Equal(0, exit);
        Assert.Contains(example, output, StringComparison.Ordinal);
    }

    [Fact]
    public void LocationContact_ThisHostOnLoopback_IsTheLoopbackAddressAtThePort()
    {
        var contact = LocationContact.ThisHost(SipUri.Parse("sip:frank@example.com"), new IPEndPoint(IPAddress.Loopback, 7081), 5090);

        Assert.Equal("sip:frank@127.0.0.1:5090", contact.ToString());
        Assert.Equal(new SipCandidate(IPAddress.Loopback, 5090, SipCandidateType.Host), LocationContact.Candidate(contact));
        Assert.Null(LocationContact.Candidate(SipUri.Parse("sip:frank@pc.example.com")));
    }

    private static List<string> Lines(string text) => [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
}
