using System.Net;
using Peerlink.Core;
using Peerlink.Wire;

namespace Peerlink.Cli.Tests;

/// <summary><c>peerlink bootstrap</c> defines the overlay: its P2P-Options carry the hash and the ID length (§4.6, §9.3.4).</summary>
public sealed class BootstrapCommandTests : IDisposable
{
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(60));

    private CancellationToken Ct => _timeout.Token;

    public void Dispose() => _timeout.Dispose();

    [Theory]
    [InlineData("md4", HashAlgorithmCode.Md4, 16)]
    [InlineData("sha256", HashAlgorithmCode.Sha256, 32)]
    public async Task Bootstrap_Hash_HandsOutThatHashAndItsLengthAsIdLength(string name, HashAlgorithmCode code, int length)
    {
        await using var bootstrap = RunningCommand.Start("bootstrap", "--port", "0", "--hash", name);
        var at = (await bootstrap.WaitForAsync($@"bootstrap server on udp (\S+) for a chord overlay, {name} \({length}-byte IDs\)", Ct)).Groups[1].Value;

        var answer = await BootstrapClient.AskAsync(TransportKind.Udp, IPEndPoint.Parse(at), NodeAddress.FromEndPoint(new(IPAddress.Loopback, 40010)), asPeer: true, Ct);

        Assert.Equal(code, answer.Options.HashAlgorithm);
        Assert.Equal(length, answer.Options.HashLength);
        Assert.Equal(OverlayAlgorithm.Chord, answer.Options.Algorithm);
        Assert.Equal(length, answer.AssignedId.Length);
        Assert.Equal(0, await bootstrap.StopAsync(Ct));
    }

    [Fact]
    public async Task Bootstrap_PortInUse_FailsWithAClearMessage()
    {
        using var taken = new System.Net.Sockets.UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)taken.Client.LocalEndPoint!).Port;

        var (exit, output, error) = await CliRunner.RunAsync(Ct, "bootstrap", "--port", $"{port}");

        Assert.Equal(1, exit);
        Assert.Empty(output);
        Assert.Contains($"cannot listen on 127.0.0.1:{port} (udp)", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal); // no stack trace
    }

    [Fact]
    public async Task Bootstrap_Tcp_AnswersOverTcp()
    {
        await using var bootstrap = RunningCommand.Start("bootstrap", "--port", "0", "--transport", "tcp");
        var at = (await bootstrap.WaitForAsync(@"bootstrap server on tcp (\S+) ", Ct)).Groups[1].Value;

        var answer = await BootstrapClient.AskAsync(TransportKind.Tcp, IPEndPoint.Parse(at), NodeAddress.FromEndPoint(new(IPAddress.Loopback, 40011)), asPeer: true, Ct);

        Assert.Equal(HashAlgorithmCode.Sha1, answer.Options.HashAlgorithm);
        Assert.Empty(answer.Peers);
    }
}
