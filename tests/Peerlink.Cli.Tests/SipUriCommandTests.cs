using System.Text.Json;

namespace Peerlink.Cli.Tests;

/// <summary>
/// <c>peerlink sip advertise</c> and <c>peerlink sip discover</c> in-process on the loopback interface
/// (multicast pinned to lo stays on this machine). They share the _sipuri types, so they are one class:
/// its tests run one after another, and each advertises URIs of its own.
/// </summary>
public sealed class SipUriCommandTests : IDisposable
{
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(60));

    private CancellationToken Ct => _timeout.Token;

    public void Dispose() => _timeout.Dispose();

    [Fact]
    public async Task AdvertiseThenDiscover_WithContact_ToFromTheNameRequestUriAndDestinationFromTheContact()
    {
        await using var advertise = RunningCommand.Start(
            "sip", "advertise", "sip:plk-bob@example.com", "--name", "Bob Smith", "--description", "- Softphone",
            "--port", "5070", "--contact", "sip:bob@127.0.0.1:5071", "--interface", "lo");
        await advertise.WaitForAsync("^advertising sip:plk-bob@example.com as \"sip:plk-bob@example.com - Softphone\" in _sipuri._udp.local", Ct);

        var found = await DiscoverAsync("sip:plk-bob@example.com - Softphone");

        Assert.Equal("_sipuri._udp", found.GetProperty("type").GetString());
        Assert.Equal("sip:plk-bob@example.com", found.GetProperty("uri").GetString());
        Assert.Equal("- Softphone", found.GetProperty("description").GetString());
        Assert.Equal("Bob Smith", found.GetProperty("name").GetString());
        Assert.Equal("sip:bob@127.0.0.1:5071", found.GetProperty("contact").GetString());
        Assert.Equal("\"Bob Smith\" <sip:plk-bob@example.com>", found.GetProperty("to").GetString());
        Assert.Equal("sip:bob@127.0.0.1:5071", found.GetProperty("requestUri").GetString());
        Assert.Equal("127.0.0.1:5071", found.GetProperty("destination").GetString());
        Assert.Equal(["127.0.0.1"], found.GetProperty("addresses").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal("contact", found.GetProperty("source").GetString());

        Assert.Equal(0, await advertise.StopAsync(Ct));
        Assert.Contains("withdrawn \"sip:plk-bob@example.com - Softphone\": goodbye sent", advertise.Out.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AdvertiseThenDiscover_NoContact_RequestUriIsToAndDestinationIsTheSrvHostAndPort()
    {
        await using var advertise = RunningCommand.Start("sip", "advertise", "sips:plk-srv@example.com", "--port", "5072", "--transport", "tcp", "--interface", "lo");
        await advertise.WaitForAsync("^advertising", Ct);

        var found = await DiscoverAsync("sips:plk-srv@example.com");

        Assert.Equal("_sipuri._tcp", found.GetProperty("type").GetString());
        Assert.Equal("<sips:plk-srv@example.com>", found.GetProperty("to").GetString());
        Assert.Equal("sips:plk-srv@example.com", found.GetProperty("requestUri").GetString());
        Assert.Equal("srv", found.GetProperty("source").GetString());
        Assert.EndsWith(".local", found.GetProperty("host").GetString(), StringComparison.Ordinal);
        Assert.Equal(5072, found.GetProperty("port").GetInt32());
        Assert.Equal(["127.0.0.1"], found.GetProperty("addresses").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal("TLS", found.GetProperty("transport").GetString());
    }

    [Fact]
    public async Task Advertise_NameTaken_RenamedWithSuffix_AndDiscoverStillReadsTheUri()
    {
        await using var first = RunningCommand.Start("sip", "advertise", "sip:plk-taken@example.com", "--description", "- PDA", "--port", "5073", "--interface", "lo");
        await first.WaitForAsync("^advertising", Ct);
        await using var second = RunningCommand.Start("sip", "advertise", "sip:plk-taken@example.com", "--description", "- PDA", "--port", "5074", "--interface", "lo", "--json");

        var renamed = Json((await second.WaitForAsync("^{.*\"event\":\"renamed\".*$", Ct)).Value);
        Assert.Equal("sip:plk-taken@example.com - PDA (2)", renamed.GetProperty("name").GetString());
        await second.WaitForAsync("^{.*\"event\":\"established\".*$", Ct);

        var found = await DiscoverAsync("sip:plk-taken@example.com - PDA (2)");
        Assert.Equal("sip:plk-taken@example.com", found.GetProperty("uri").GetString());
        Assert.Equal("- PDA", found.GetProperty("description").GetString());
        Assert.Equal(2, found.GetProperty("conflict").GetInt32());
        Assert.Equal(5074, found.GetProperty("port").GetInt32());
    }

    [Fact]
    public async Task Discover_InstancesThatBreakTheDraft_ListedWithTheReason()
    {
        await using var notUri = RunningCommand.Start("dnssd", "publish", "Bob's phone", "_sipuri._udp", "5060", "txtvers=1", "--interface", "lo");
        await using var telContact = RunningCommand.Start("dnssd", "publish", "sip:plk-tel@example.com", "_sipuri._udp", "5060", "txtvers=1", "contact=tel:+12125551212", "--interface", "lo");
        await notUri.WaitForAsync("^established", Ct);
        await telContact.WaitForAsync("^established", Ct);

        var (exit, output, _) = await CliRunner.RunAsync(Ct, "sip", "discover", "--timeout", "2", "--interface", "lo");

        Assert.Equal(0, exit);
        Assert.Contains("\"Bob's phone\" (_sipuri._udp): cannot be called: \"Bob's phone\" does not start with a SIP or SIPS URI", output, StringComparison.Ordinal);
        Assert.Contains("\"sip:plk-tel@example.com\" (_sipuri._udp): cannot be called: contact=tel:+12125551212: not a SIP or SIPS URI", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Discover_PlainText_ShowsEachPartTheCallUses()
    {
        await using var advertise = RunningCommand.Start("sip", "advertise", "sip:plk-text@example.com", "--name", "Text", "--contact", "sip:text@127.0.0.1:5075", "--interface", "lo");
        await advertise.WaitForAsync("^advertising", Ct);

        var (exit, output, _) = await CliRunner.RunAsync(Ct, "sip", "discover", "--timeout", "2", "--interface", "lo");

        Assert.Equal(0, exit);
        Assert.Contains("sip:plk-text@example.com  \"Text\"  [_sipuri._udp, advertised on the link, not authenticated]", output, StringComparison.Ordinal);
        Assert.Contains("    To           \"Text\" <sip:plk-text@example.com>", output, StringComparison.Ordinal);
        Assert.Contains("    Request-URI  sip:text@127.0.0.1:5075", output, StringComparison.Ordinal);
        Assert.Contains("    destination  127.0.0.1:5075 UDP [127.0.0.1] (from the contact)", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Advertise_LongDescription_ShortenedToFit63Octets()
    {
        await using var advertise = RunningCommand.Start("sip", "advertise", "sip:plk-long@example.com", "--description", new string('ü', 40), "--interface", "lo", "--timeout", "1");

        var note = await advertise.WaitForAsync("^the description was shortened.*\"(.*)\"$", Ct);

        Assert.Equal("sip:plk-long@example.com " + new string('ü', 19), note.Groups[1].Value);
    }

    [Fact]
    public async Task FindAsync_AdvertisedAddressOfRecord_ItsTargetForCallsFallback()
    {
        await using var advertise = RunningCommand.Start("sip", "advertise", "sip:plk-find@example.com", "--name", "Find Me", "--contact", "sip:find@127.0.0.1:5076", "--interface", "lo");
        await using var other = RunningCommand.Start("sip", "advertise", "sip:plk-other@example.com", "--contact", "sip:other@127.0.0.1:5077", "--interface", "lo");
        await advertise.WaitForAsync("^advertising", Ct);
        await other.WaitForAsync("^advertising", Ct);

        var target = await Sip.SipUriDiscovery.FindAsync(Peerlink.Sip.Message.SipUri.Parse("sip:plk-find@EXAMPLE.com"), "lo", TimeSpan.FromSeconds(10), Ct);

        Assert.NotNull(target);
        Assert.Equal("\"Find Me\" <sip:plk-find@example.com>", target.To.ToString());
        Assert.Equal("sip:find@127.0.0.1:5076", target.RequestUri.ToString());
        Assert.Equal("127.0.0.1:5076", target.Destination);
        Assert.False(target.NeedsHostLookup);
    }

    [Fact]
    public async Task FindAsync_NobodyAdvertisesIt_NullAfterTheTimeout()
    {
        var target = await Sip.SipUriDiscovery.FindAsync(Peerlink.Sip.Message.SipUri.Parse("sip:plk-nobody@example.com"), "lo", TimeSpan.FromSeconds(1), Ct);

        Assert.Null(target);
    }

    [Fact]
    public async Task Discover_NothingAdvertised_ExitsOneSayingSo()
    {
        var (exit, output, error) = await CliRunner.RunAsync(Ct, "sip", "discover", "--timeout", "1", "--interface", "lo");

        Assert.Equal(1, exit);
        Assert.Empty(output);
        Assert.Contains("no SIP URI is advertised on lo (no _sipuri._udp or _sipuri._tcp instance within 1 s)", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--interface is required", "sip", "discover")]
    [InlineData("--interface is required", "sip", "advertise", "sip:bob@example.com")]
    [InlineData("\"bob@example.com\" is not a SIP or SIPS URI (not a sip: or sips: URI); e.g. sip:bob@example.com", "sip", "advertise", "bob@example.com", "--interface", "lo")]
    [InlineData("--port 0: give 1 to 65535", "sip", "advertise", "sip:bob@example.com", "--port", "0", "--interface", "lo")]
    [InlineData("--contact \"tel:+12125551212\" is not a SIP or SIPS URI", "sip", "advertise", "sip:bob@example.com", "--contact", "tel:+12125551212", "--interface", "lo")]
    [InlineData("--contact \"<sip:bob@h\": a '<' without its '>'", "sip", "advertise", "sip:bob@example.com", "--contact", "<sip:bob@h", "--interface", "lo")]
    [InlineData("cannot advertise that: the URI sip:bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb@example.com is 68 octets", "sip", "advertise", "sip:bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb@example.com", "--interface", "lo")]
    [InlineData("cannot advertise that: the name holds a control character", "sip", "advertise", "sip:bob@example.com", "--name", "Bob\r\nVia: x", "--interface", "lo")]
    [InlineData("--timeout 0: give a number of seconds above 0", "sip", "discover", "--timeout", "0", "--interface", "lo")]
    [InlineData("No network interface \"plk-no-such0\" here", "sip", "discover", "--interface", "plk-no-such0")]
    public async Task SipUriVerbs_WrongArguments_OneClearLineAndNonZeroExit(string expected, params string[] args)
    {
        var (exit, output, error) = await CliRunner.RunAsync(Ct, args);
        Assert.NotEqual(0, exit);
        Assert.Empty(output);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(expected, line, StringComparison.Ordinal);
        Assert.DoesNotContain("(Parameter", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Advertise_TransportNotUdpOrTcp_FailsListingTheChoices()
    {
        var (exit, _, error) = await CliRunner.RunAsync(Ct, "sip", "advertise", "sip:bob@example.com", "--transport", "sctp", "--interface", "lo");

        Assert.NotEqual(0, exit);
        Assert.Contains("--transport sctp: expected one of udp, tcp", error, StringComparison.Ordinal);
    }

    [Fact]
    public void SipHelp_ListsAdvertiseAndDiscover_WithExamples()
    {
        var (exit, output, _) = CliRunner.Run(string.Empty, "sip", "advertise", "--help");

        Assert.Equal(0, exit);
        Assert.Contains("--transport <udp|tcp>", output, StringComparison.Ordinal);
        Assert.Contains("peerlink sip advertise sip:bob@example.com --name Bob", output, StringComparison.Ordinal);
        Assert.Contains("discover", CliRunner.Run(string.Empty, "sip", "--help").Out, StringComparison.Ordinal);
    }

    /// <summary>Runs <c>sip discover --json</c> and returns the line for <paramref name="instance"/>.</summary>
    private async Task<JsonElement> DiscoverAsync(string instance)
    {
        var (exit, output, error) = await CliRunner.RunAsync(Ct, "sip", "discover", "--timeout", "2", "--json", "--interface", "lo");
        Assert.True(exit == 0, error);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(Json).ToList();
        return Assert.Single(lines, l => l.GetProperty("instance").GetString() == instance);
    }

    private static JsonElement Json(string line) => JsonDocument.Parse(line[line.IndexOf('{', StringComparison.Ordinal)..]).RootElement;
}
