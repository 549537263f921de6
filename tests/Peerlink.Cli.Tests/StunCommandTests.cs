using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace Peerlink.Cli.Tests;

/// <summary><c>peerlink stun server|client</c> in-process on loopback: the client against the RFC 5780 server, and wrong arguments.</summary>
public sealed class StunCommandTests : IDisposable
{
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(60));

    private CancellationToken Ct => _timeout.Token;

    public void Dispose() => _timeout.Dispose();

    [Fact]
    public async Task Client_AgainstServerWithAlternate_MappedIsLocal_NoNatAndEndpointIndependentFiltering()
    {
        var port = FreeUdpPort();
        await using var server = RunningCommand.Start("stun", "server", "--port", $"{port}", "--alternate", "127.0.0.2");
        await server.WaitForAsync("^stun server on udp .*127\\.0\\.0\\.2:", Ct);

        var (exit, output, error) = await CliRunner.RunAsync(Ct, "stun", "client", $"127.0.0.1:{port}", "--json");

        Assert.True(exit == 0, error);
        var report = JsonDocument.Parse(output).RootElement;
        Assert.Equal(report.GetProperty("local").GetString(), report.GetProperty("mapped").GetString());
        Assert.Equal($"127.0.0.2:{port + 1}", report.GetProperty("other_address").GetString());
        Assert.Equal("no-nat", report.GetProperty("mapping").GetString());
        Assert.Equal(0, await server.StopAsync(Ct));
        Assert.Matches("answered [1-9]", server.Out.Text);
    }

    [Fact]
    public async Task Client_NobodyListening_Exit1AfterRetransmittingWithAClearLine()
    {
        var (exit, output, error) = await CliRunner.RunAsync(Ct, "stun", "client", $"127.0.0.1:{FreeUdpPort()}");

        Assert.Equal(1, exit);
        Assert.Contains("test I: no answer from 127.0.0.1:", output, StringComparison.Ordinal);
        Assert.Contains("did not answer", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("client", "not-an-address", "expected IP or IP:PORT")]
    [InlineData("client", "127.0.0.1:0", "expected IP or IP:PORT")]
    [InlineData("server", "--alternate", "127.0.0.1", "two different IPs")]
    [InlineData("server", "--alternate", "nonsense", "expected a second IP address")]
    public void WrongArguments_Exit1WithOneClearLine(params string[] args)
    {
        var (exit, _, error) = CliRunner.Run("", ["stun", .. args[..^1]]);

        Assert.Equal(1, exit);
        Assert.StartsWith("peerlink: ", error, StringComparison.Ordinal);
        Assert.Contains(args[^1], error, StringComparison.Ordinal);
        Assert.Single(error.Trim().Split('\n'));
    }

    private static int FreeUdpPort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
