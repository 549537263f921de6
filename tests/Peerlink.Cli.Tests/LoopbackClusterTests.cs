using System.Net;
using Peerlink.Core;
using Peerlink.Hosting;
using Peerlink.Overlay.Engine;
using Peerlink.Wire;

namespace Peerlink.Cli.Tests;

/// <summary>
/// Issue 3, "Must show" 5: a bootstrap server and 16 peers on real UDP sockets on 127.0.0.1 (one
/// process), 1,000 values put, all got back through other peers in every routing mode, then 4 peers
/// crash and every value is still there. Every wait is bounded by one token.
/// </summary>
[Collection(RunsAlone.Name)]
public sealed class LoopbackClusterTests : IAsyncLifetime, IDisposable
{
    private readonly List<EngineHost> _hosts = [];
    private readonly List<(EngineHost Host, OverlayNode Node)> _peers = [];
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromMinutes(3));

    public async Task InitializeAsync()
    {
        var (bootstrapHost, _) = await LiveNodes.StartBootstrapAsync(new IPEndPoint(IPAddress.Loopback, 0), _timeout.Token);
        _hosts.Add(bootstrapHost);
        var server = bootstrapHost.Address.ToEndPoint();
        for (var i = 0; i < 16; i++)
        {
            var peer = await LiveNodes.StartPeerAsync(new IPEndPoint(IPAddress.Loopback, 0), server, null, _timeout.Token, Fast);
            _hosts.Add(peer.Host);
            _peers.Add((peer.Host, peer.Node));
        }

        // Joins back to back leave the ring to stabilization (Chord's guarantee is eventual): wait,
        // bounded, until every successor pointer is right.
        while (!await RingIsCorrect())
        {
            await Task.Delay(TimeSpan.FromMilliseconds(200), _timeout.Token);
        }
    }

    // Maintenance every second instead of ten, so the test need not wait long.
    private static OverlayNodeOptions Fast => new() { MaintenanceInterval = TimeSpan.FromSeconds(1), ReplicationInterval = TimeSpan.FromSeconds(2) };

    private async Task<bool> RingIsCorrect()
    {
        var ids = _peers.Select(p => p.Node.Self.Id).Order().ToList();
        foreach (var (host, node) in _peers)
        {
            // The first three successors: where each peer's objects are replicated (r = 3).
            var successors = await host.InvokeAsync(_ => ((Overlay.Topologies.Chord.ChordTable)node.Topology).Successors.Take(3).Select(p => p.Id).ToList(), _timeout.Token);
            var at = ids.IndexOf(node.Self.Id);
            if (!successors.SequenceEqual(Enumerable.Range(1, 3).Select(k => ids[(at + k) % ids.Count])))
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

    public void Dispose() => _timeout.Dispose();

    private static ResourceObject Value(int i) =>
        new(ContentType.UserInfo, 0, IdHash.ToId(HashAlgorithmCode.Sha1, $"cluster-key-{i}"), Bytes.FromUtf8($"value-{i}")) { Expires = 600 };

    private Task<OverlayResult> Get(int via, int i, RoutingMode mode)
    {
        var (host, node) = _peers[via % _peers.Count];
        var query = new RLookup(ContentType.UserInfo, 0, Value(i).ResourceId);
        return host.InvokeOperationAsync<OverlayResult>((now, done) => node.LookupObject(now, query, mode, done), _timeout.Token);
    }

    private async Task<string> Missing(RoutingMode mode, int offset)
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 1000).Select(i => Get(i + offset, i, mode)));
        return string.Join("; ", results
            .Select((r, i) => (r, i))
            .Where(x => !(x.r.Succeeded && x.r.Objects.Any(o => o.Value == Value(x.i).Value)))
            .Select(x => $"{mode} key {x.i}: {(int)x.r.Code} {x.r.Failure} from {Short(x.r.Peers.Count > 0 ? x.r.Peers[0].PeerId : null)}, owner {Short(OwnerOf(Value(x.i).ResourceId))}"));
    }

    // The live peer that owns a key on the true ring: who should have answered a failed lookup.
    private NodeId OwnerOf(NodeId key) => _peers.Select(p => p.Node.Self.Id).OrderBy(id => NodeId.RingDistance(key, id)).First();

    private static string Short(NodeId? id) => id is { } known ? known.ToString()[..8] : "nobody";

    [Fact]
    public async Task Cluster_ThousandValues_FoundInEveryModeAndAfterFourPeersCrash()
    {
        var puts = await Task.WhenAll(Enumerable.Range(0, 1000).Select(i =>
        {
            var (host, node) = _peers[i % _peers.Count];
            return host.InvokeOperationAsync<OverlayResult>((now, done) => node.Publish(now, Value(i), RoutingMode.Recursive, done), _timeout.Token);
        }));
        Assert.All(puts, r => Assert.True(r.Succeeded, r.Failure));

        Assert.Equal(string.Empty, await Missing(RoutingMode.Recursive, offset: 3));
        Assert.Equal(string.Empty, await Missing(RoutingMode.Iterative, offset: 7));
        Assert.Equal(string.Empty, await Missing(RoutingMode.Parallel, offset: 11));

        // Four peers crash (no Leave): their hosts stop and their sockets close.
        var crashed = new[] { 2, 5, 9, 13 }.Select(i => _peers[i]).ToList();
        foreach (var peer in crashed)
        {
            await peer.Host.DisposeAsync();
            _peers.Remove(peer);
        }

        Assert.Equal(12, _peers.Count);
        while (!await RingIsCorrect())
        {
            await Task.Delay(TimeSpan.FromMilliseconds(200), _timeout.Token);
        }

        var missingAfterCrash = await Missing(RoutingMode.Recursive, offset: 1);
        Assert.True(missingAfterCrash.Length == 0, $"after the crash: {missingAfterCrash}");
    }
}
