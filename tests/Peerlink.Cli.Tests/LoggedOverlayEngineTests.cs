using Peerlink.Core;
using Peerlink.Overlay.Engine;
using Peerlink.Wire;

namespace Peerlink.Cli.Tests;

/// <summary>A joining peer says which objects the admitting peer transferred to it (§4.7.1 step 6).</summary>
public sealed class LoggedOverlayEngineTests : IDisposable
{
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(60));

    private CancellationToken Ct => _timeout.Token;

    public void Dispose() => _timeout.Dispose();

    [Fact]
    public async Task Join_KeysNowOwnedByTheJoiner_LogsTheTransferWithItsCount()
    {
        var (bootstrap, _) = await Loopback.BootstrapAsync(Ct);
        await using var b = bootstrap;
        var a = Id(0x20);
        var joinerId = Id(0x80);
        var first = await Loopback.PeerAsync(bootstrap, Ct, a);
        await using var f = first.Host;
        Assert.Equal(a, first.Node.Self.Id); // the server granted the ID asked for

        // Alone, the first peer owns every key; the joiner at 0x80.. will own those in (0x20.., 0x80..].
        var moving = NodeCommandTests.KeysIn(a, joinerId, 3);
        var staying = NodeCommandTests.KeysIn(joinerId, a, 2);
        foreach (var key in moving.Concat(staying))
        {
            var put = await first.Host.InvokeOperationAsync<OverlayResult>((now, done) => first.Node.Publish(now,
                new ResourceObject(ContentType.UserInfo, 0, key, Bytes.FromUtf8("v")) { Expires = 600 }, RoutingMode.Recursive, done), Ct);
            Assert.True(put.Succeeded, put.Failure);
        }

        var output = new LineWriter();
        var joiner = await Loopback.PeerAsync(bootstrap, Ct, joinerId, new PeerSetup { Log = new NodeLog(output) });
        await using var j = joiner.Host;

        var line = await output.WaitForAsync(new(@"received (\d+) object\(s\) by transfer from (\S+) \((\d+) new\)"), Ct);
        Assert.Equal("3", line.Groups[1].Value);
        Assert.Equal(first.Node.Self.ToString(), line.Groups[2].Value);
        Assert.Equal("3", line.Groups[3].Value);
    }

    private static NodeId Id(byte first)
    {
        var id = new byte[20];
        id[0] = first;
        return NodeId.FromBytes(id);
    }
}
