using System.Text.Json;

namespace Peerlink.Cli.Tests;

/// <summary>
/// <c>peerlink dnssd</c> in-process on the loopback interface (multicast pinned to lo stays on this
/// machine): publish, browse, resolve, types, a conflict that renames, and the errors a user gets for
/// wrong arguments. Each test uses a service type of its own, so tests running side by side on lo
/// (sharing port 5353, RFC 6762 §15) do not see each other's services.
/// </summary>
public sealed class DnssdCommandTests : IDisposable
{
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(60));

    private CancellationToken Ct => _timeout.Token;

    public void Dispose() => _timeout.Dispose();

    [Fact]
    public async Task PublishThenBrowse_OnLoopback_BrowserResolvesNameHostPortTxtAndSeesTheGoodbye()
    {
        await using var publish = RunningCommand.Start(
            "dnssd", "publish", "Büro Drucker (2. Stock)", "_plk-a._tcp", "631", "txtvers=1", "rp=printers/x", "flag",
            "--host", "printer-a", "--interface", "lo");
        await publish.WaitForAsync("^established under the name \"Büro Drucker \\(2\\. Stock\\)\"", Ct);
        await using var browse = RunningCommand.Start("dnssd", "browse", "_plk-a._tcp", "--resolve", "--json", "--interface", "lo", "--timeout", "20");

        var resolved = Json((await browse.WaitForAsync("^{.*\"event\":\"resolved\".*$", Ct)).Value);
        Assert.Equal("Büro Drucker (2. Stock)", resolved.GetProperty("name").GetString());
        Assert.Equal("_plk-a._tcp", resolved.GetProperty("type").GetString());
        Assert.Equal("printer-a.local", resolved.GetProperty("host").GetString());
        Assert.Equal(631, resolved.GetProperty("port").GetInt32());
        Assert.Equal(["127.0.0.1"], resolved.GetProperty("addresses").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal(["txtvers=1", "rp=printers/x", "flag"], resolved.GetProperty("txt").EnumerateArray().Select(a => a.GetString()));

        Assert.Equal(0, await publish.StopAsync(Ct));
        Assert.Contains("withdrawn \"Büro Drucker (2. Stock)\": goodbye sent", publish.Out.Text, StringComparison.Ordinal);
        var removed = Json((await browse.WaitForAsync("^{.*\"event\":\"removed\".*$", Ct)).Value);
        Assert.Equal("Büro Drucker (2. Stock)", removed.GetProperty("name").GetString());
    }

    [Fact]
    public async Task Publish_NameTakenOnTheLink_RenamedWithNumberInParentheses()
    {
        await using var first = RunningCommand.Start("dnssd", "publish", "Taken", "_plk-b._udp", "9", "--interface", "lo");
        await first.WaitForAsync("^established under the name \"Taken\"", Ct);
        await using var second = RunningCommand.Start("dnssd", "publish", "Taken", "_plk-b._udp", "10", "--json", "--interface", "lo");

        var renamed = Json((await second.WaitForAsync("^{.*\"event\":\"renamed\".*$", Ct)).Value);
        Assert.Equal("Taken (2)", renamed.GetProperty("name").GetString());
        var established = Json((await second.WaitForAsync("^{.*\"event\":\"established\".*$", Ct)).Value);
        Assert.Equal("Taken (2)._plk-b._udp.local", established.GetProperty("fullName").GetString());
        Assert.DoesNotContain("conflict", first.Out.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResolveAndTypes_PublishedService_HostAddressAndTypeFound()
    {
        await using var publish = RunningCommand.Start("dnssd", "publish", "R", "_plk-c._tcp", "80", "--host", "plk-resolve-me", "--address", "127.0.0.9", "--interface", "lo");
        await publish.WaitForAsync("^established", Ct);

        var resolve = await CliRunner.RunAsync(Ct, "dnssd", "resolve", "plk-resolve-me", "--interface", "lo");
        Assert.True(resolve.Exit == 0, resolve.Error);
        Assert.Equal("plk-resolve-me.local\t127.0.0.9", resolve.Out.Trim());

        var types = await CliRunner.RunAsync(Ct, "dnssd", "types", "--timeout", "2", "--interface", "lo");
        Assert.Equal(0, types.Exit);
        Assert.Contains("+ _plk-c._tcp.local", types.Out.Split('\n').Select(l => l.Trim()));
    }

    [Fact]
    public async Task Resolve_NobodyHasTheName_ExitsOneSayingSo()
    {
        var resolve = await CliRunner.RunAsync(Ct, "dnssd", "resolve", "plk-nobody-has-this.local", "--timeout", "0.5", "--interface", "lo");
        Assert.Equal(1, resolve.Exit);
        Assert.Contains("no answer for plk-nobody-has-this.local on lo within 0.5 s", resolve.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--interface is required", "dnssd", "browse", "_ipp._tcp")]
    [InlineData("No network interface \"plk-no-such0\" here; the interfaces are:", "dnssd", "browse", "_ipp._tcp", "--interface", "plk-no-such0")]
    [InlineData("\"ipp\" is not a service type", "dnssd", "browse", "ipp", "--interface", "lo")]
    [InlineData("\"_ipp._sctp\" is not a service type: it must end in _tcp or _udp", "dnssd", "browse", "_ipp._sctp", "--interface", "lo")]
    [InlineData("port 70000: give 0 to 65535", "dnssd", "publish", "P", "_ipp._tcp", "70000", "--interface", "lo")]
    [InlineData("TXT attribute \"=v\": the key before '=' cannot be empty", "dnssd", "publish", "P", "_ipp._tcp", "631", "=v", "--interface", "lo")]
    [InlineData("--address \"10.0.0\" is not an IPv4 or IPv6 address", "dnssd", "publish", "P", "_ipp._tcp", "631", "--address", "10.0.0", "--interface", "lo")]
    [InlineData("--timeout -1: give a number of seconds above 0", "dnssd", "types", "--timeout", "-1", "--interface", "lo")]
    [InlineData("cannot publish that: label 1 is 64 bytes", "dnssd", "publish", "0123456789012345678901234567890123456789012345678901234567890123", "_ipp._tcp", "631", "--interface", "lo")]
    public async Task Dnssd_WrongArguments_OneClearLineAndNonZeroExit(string expected, params string[] args)
    {
        var (exit, output, error) = await CliRunner.RunAsync(Ct, args);
        Assert.NotEqual(0, exit);
        Assert.Empty(output);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("peerlink: ", line, StringComparison.Ordinal);
        Assert.Contains(expected, line, StringComparison.Ordinal);
        Assert.DoesNotContain("(Parameter", line, StringComparison.Ordinal);
    }

    private static JsonElement Json(string line) => JsonDocument.Parse(line[line.IndexOf('{', StringComparison.Ordinal)..]).RootElement;
}
