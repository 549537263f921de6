using Peerlink.Cli.Sip;
using Peerlink.Sip.Location;
using Peerlink.Sip.Message;

namespace Peerlink.Cli.Tests;

/// <summary>A bootstrap server and 16 peers on 127.0.0.1: issue 8's P2P-SIP overlay.</summary>
public sealed class SixteenPeerCluster : SipLocationCluster
{
    protected override int PeerCount => 16;
}

/// <summary>
/// Issue 8 item 4, P2P-SIP end to end on loopback: Bob registers through one node of a 16-node overlay and answers
/// at the contact he registered; Alice, through another node, looks him up and calls him there directly; once he is
/// gone the call fails at once with "not registered", not a hang.
/// </summary>
public sealed class P2pSipCallTests(SixteenPeerCluster cluster) : IClassFixture<SixteenPeerCluster>
{
    private CancellationToken Ct => cluster.Ct;

    [Fact]
    public async Task Call_UserRegisteredOnAnotherNode_FoundInTheOverlayAndCalledDirectly_ThenNotRegisteredOnceHeLeaves()
    {
        await using var bob = RunningCommand.Start("sip", "register", "sip:bob@example.com", "--port", "5187", "--expires", "60", "--via", cluster.Via(3));
        var registered = await bob.WaitForAsync(@"^registered sip:bob@example\.com at (sip:bob@127\.0\.0\.1:\d+) ", Ct);

        var call = await CliRunner.RunAsync(Ct, "sip", "call", "sip:bob@example.com", "--via", cluster.Via(12), "--duration", "1");

        Assert.True(call.Exit == 0, call.Out + call.Error);
        var steps = call.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Contains($"lookup: sip:bob@example.com is at {registered.Groups[1].Value}", steps[0], StringComparison.Ordinal);
        Assert.Contains(steps, l => l.Contains($"INVITE sent to 127.0.0.1:{registered.Groups[1].Value.Split(':')[^1]} for {registered.Groups[1].Value}", StringComparison.Ordinal));
        Assert.Contains(steps, l => l.Contains("200", StringComparison.Ordinal));
        Assert.Contains("answered (200 OK", bob.Out.Text, StringComparison.Ordinal); // Bob's own UA took it, not a proxy

        // Bob leaves (Ctrl-C removes his registration): the next call is refused at once, with the reason.
        Assert.Equal(0, await bob.StopAsync(Ct));
        var again = await CliRunner.RunAsync(Ct, "sip", "call", "sip:bob@example.com", "--via", cluster.Via(7), "--duration", "1");
        Assert.Equal(1, again.Exit);
        Assert.Equal("peerlink: sip:bob@example.com is not registered in the overlay (404 Not Found: nobody to call)", again.Error.Trim());
    }

    [Fact]
    public async Task Call_RegistrarGoneWithoutAWord_FailsWithNotRegisteredOnceTheRegistrationExpires()
    {
        // Dave's phone registered for 5 s and died: no refresh, no removal, nothing answering at its contact.
        var aor = SipUri.Parse("sip:dave@example.com");
        var client = await LiveNodes.StartAttachedClientAsync(null, null, cluster.EndPoint(5), new PeerSetup(), Ct);
        await using (client.Host)
        {
            await new LocationClient(client, TimeProvider.System).PublishAsync(new SipRegistration(aor, SipUri.Parse("sip:dave@127.0.0.1:9")) { Lifetime = 5 }, Ct);
        }

        // Once the 5 s have run out (asked once a second, at most 30 times) the lookup finds nothing...
        (int Exit, string Out, string Error) lookup = (0, string.Empty, string.Empty);
        for (var i = 0; i < 30 && lookup.Exit == 0; i++)
        {
            await Task.Delay(TimeSpan.FromSeconds(1), Ct);
            lookup = await CliRunner.RunAsync(Ct, "sip", "lookup", "sip:dave@example.com", "--via", cluster.Via(9));
        }

        Assert.Equal(1, lookup.Exit);

        // ...and a call says so and ends, instead of waiting out Timer B on a dead contact.
        var call = await CliRunner.RunAsync(Ct, "sip", "call", "sip:dave@example.com", "--via", cluster.Via(14), "--duration", "1");
        Assert.Equal(1, call.Exit);
        Assert.Contains("sip:dave@example.com is not registered in the overlay (404", call.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("INVITE sent", call.Out, StringComparison.Ordinal);
    }
}
