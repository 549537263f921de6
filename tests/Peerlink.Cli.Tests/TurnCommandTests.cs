using System.Net;
using System.Net.Sockets;

namespace Peerlink.Cli.Tests;

/// <summary><c>peerlink turn server</c>: its ready line, its counts line on Ctrl-C, and its one-line errors.</summary>
public sealed class TurnCommandTests : IDisposable
{
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(30));

    private CancellationToken Ct => _timeout.Token;

    public void Dispose() => _timeout.Dispose();

    [Fact]
    public async Task Server_Started_ReadyLineThenCountsOnCtrlC()
    {
        await using var server = RunningCommand.Start("turn", "server", "--port", "0", "--realm", "example.org", "--user", "alice:secret", "--min-port", "49800", "--max-port", "49809");
        var ready = await server.WaitForAsync(@"^turn server on udp 127\.0\.0\.1:(\d+) and tcp 127\.0\.0\.1:\1, realm example\.org; Ctrl-C stops it$", Ct);
        Assert.True(ready.Success);

        Assert.Equal(0, await server.StopAsync(Ct));
        Assert.Contains("allocations 0 (0 left)", server.Out.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--user", "alice", "--user alice: expected NAME:PASSWORD")]
    [InlineData("--relay-ip", "not-an-ip", "--relay-ip not-an-ip: not an IP address")]
    [InlineData("--min-port", "70000", "relay ports are 1024-65535")]
    public void Server_WrongArgument_OneLineErrorExit2(string option, string value, string message)
    {
        var args = new List<string> { "turn", "server", "--port", "0", "--user", "alice:secret", option, value };
        var (exit, _, error) = CliRunner.Run(string.Empty, [.. args]);

        Assert.Equal(2, exit);
        Assert.Contains(message, error, StringComparison.Ordinal);
        Assert.Single(error.Trim().Split('\n'));
    }

    [Fact]
    public void Server_PortInUse_OneLineErrorExit2()
    {
        using var taken = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        taken.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)taken.LocalEndPoint!).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var (exit, _, error) = CliRunner.Run(string.Empty, "turn", "server", "--port", port, "--user", "alice:secret");

        Assert.Equal(2, exit);
        Assert.StartsWith($"peerlink: cannot listen on udp and tcp 127.0.0.1:{port}:", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Help_EndsWithExamplesThatUseCoturnsClient()
    {
        var (exit, output, _) = CliRunner.Run(string.Empty, "turn", "server", "--help");

        Assert.Equal(0, exit);
        Assert.Contains("Examples:", output, StringComparison.Ordinal);
        Assert.Contains("turnutils_uclient -u alice -w secret", output, StringComparison.Ordinal);
    }
}
