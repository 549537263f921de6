using System.Net;
using System.Net.Sockets;
using Peerlink.Core;
using Peerlink.Hosting;
using Peerlink.Overlay;
using Peerlink.Overlay.Bootstrap;
using Peerlink.Overlay.Engine;
using Peerlink.Overlay.Topologies;
using Peerlink.Overlay.Topologies.Chord;
using Peerlink.Overlay.Topologies.Pastry;
using Peerlink.Wire;

namespace Peerlink.DhtCompare;

/// <summary>One node of the cluster: its engine, the host that drives it on its own UDP socket, and what it sent.</summary>
internal sealed record LiveNode(EngineHost Host, OverlayNode Node, MessageCounter Messages)
{
    /// <summary>Whether it is a peer (routes, stores, is in tables), not a §3.2 client.</summary>
    public bool IsPeer => Node.Topology is not ClientTopology;
}

/// <summary>
/// A bootstrap server and N peers of one geometry (Chord, Kademlia, Pastry, Bamboo) on 127.0.0.1 in
/// this process, each on its own UDP socket and engine loop, wired as src/Peerlink.Cli/LiveNodes.cs
/// does (`peerlink cluster`), plus the node that runs the workload.
/// </summary>
internal sealed class LoopbackCluster : IAsyncDisposable
{
    private readonly List<EngineHost> _hosts = [];
    private readonly Random _seeds;
    private readonly P2pOptions _overlay;

    private LoopbackCluster(int seed, OverlayAlgorithm topology)
    {
        _seeds = new Random(seed);

        // P2P-Options' Base (§9.3.4) is log2 of the digit base: Pastry's b, binary for the others.
        var digitBits = topology is OverlayAlgorithm.Pastry or OverlayAlgorithm.Bamboo ? PastryOptions.Default.BitsPerDigit : 1;
        _overlay = new(HashAlgorithmCode.Sha1, 20, topology, (byte)digitBits, Bytes.FromUtf8("peerlink"));
    }

    public List<LiveNode> Peers { get; } = [];

    /// <summary>The nodes that run the workload (a writer and a reader, or one node that does both).</summary>
    public List<LiveNode> Clients { get; } = [];

    public IPEndPoint Bootstrap { get; private set; } = new(IPAddress.Loopback, 0);

    /// <summary>What the bootstrap server sent (it pings the peers it hands out now and then).</summary>
    public MessageCounter? BootstrapMessages { get; private set; }

    /// <summary>Every node with an overlay engine: the peers, then the workload's nodes.</summary>
    public IEnumerable<LiveNode> AllNodes => Peers.Concat(Clients);

    /// <summary>Starts the bootstrap server on <c>basePort - 1</c> and the peers on <c>basePort..</c>, one after the other (each joins).</summary>
    public static async Task<LoopbackCluster> StartAsync(BenchOptions options, TextWriter log, CancellationToken ct)
    {
        var cluster = new LoopbackCluster(options.Seed, options.Topology);
        try
        {
            cluster.Bootstrap = new IPEndPoint(IPAddress.Loopback, options.BasePort - 1);
            var transport = new UdpTransport(new UdpTransportOptions { EndPoint = cluster.Bootstrap });
            cluster.BootstrapMessages = new MessageCounter(transport);
            var server = new BootstrapServer(transport.LocalAddress, cluster._overlay, cluster.BootstrapMessages, cluster.NextRandom());
            await cluster.StartHostAsync(new EngineHost(server, transport), ct).ConfigureAwait(false);
            for (var i = 0; i < options.Nodes; i++)
            {
                cluster.Peers.Add(await cluster.StartPeerAsync(new IPEndPoint(IPAddress.Loopback, options.BasePort + i), ct).ConfigureAwait(false));
                log.Write($"\rpeerlink: joined {i + 1}/{options.Nodes}");
            }

            log.WriteLine();
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// A node that runs the workload, on <paramref name="port"/>: a peer that joins the overlay (and so
    /// stores and routes like the others), or a §3.2 client attached to the peer <paramref name="attachTo"/>.
    /// </summary>
    public async Task<LiveNode> StartClientAsync(ClientKind kind, int port, int attachTo, CancellationToken ct)
    {
        var at = new IPEndPoint(IPAddress.Loopback, port);
        if (kind == ClientKind.Peer)
        {
            var peer = await StartPeerAsync(at, ct).ConfigureAwait(false);
            Clients.Add(peer);
            return peer;
        }

        var transport = new UdpTransport(new UdpTransportOptions { EndPoint = at });
        var random = NextRandom();
        var self = new PeerRef(NodeId.Random(random, 20), transport.LocalAddress);
        var attached = new PeerRef(NodeId.Zero(20), Peers[attachTo % Peers.Count].Host.Address);
        var messages = new MessageCounter(transport);
        var node = new OverlayNode(new ClientTopology(self, attached), messages, random);
        var host = new EngineHost(node, transport);
        await StartHostAsync(host, ct).ConfigureAwait(false);
        var client = new LiveNode(host, node, messages);
        Clients.Add(client);
        return client;
    }

    /// <summary>
    /// How far the ring is from converged: the number of wrong or missing entries (successor lists,
    /// predecessors, fingers) over all peers, against the tables an oracle that knows every ID builds.
    /// </summary>
    public async Task<int> CountWrongEntriesAsync(CancellationToken ct)
    {
        var members = Peers.Concat(Clients.Where(c => c.Node.Topology is ChordTable)).ToList();

        var snapshots = new List<TableSnapshot>(members.Count);
        foreach (var m in members)
        {
            snapshots.Add(await m.Host.InvokeAsync(_ => TableSnapshot.Of((ChordTable)m.Node.Topology), ct).ConfigureAwait(false));
        }

        var ids = snapshots.Select(s => s.Self).OrderBy(id => id).ToArray();
        var wrong = 0;
        foreach (var s in snapshots)
        {
            wrong += s.Differences(ids);
        }

        return wrong;
    }

    /// <summary>
    /// How far a geometry other than Chord is from converged. There is no oracle table to compare with
    /// (Kademlia learns contacts as traffic brings them, a Pastry row has many right entries), so the
    /// test is what lookups rely on: every peer's table holds at least <paramref name="need"/> peers,
    /// and each of <paramref name="keys"/> is claimed (<see cref="ITopology.Owns"/>) by exactly one
    /// peer, which for an XOR geometry must be the peer closest to the key among all of them.
    /// </summary>
    public async Task<TableCheck> CheckTablesAsync(IReadOnlyList<NodeId> keys, int need, CancellationToken ct)
    {
        var members = AllNodes.Where(n => n.IsPeer).Distinct().ToList();
        var views = new List<(NodeId Self, int Size, bool[] Owns)>(members.Count);
        foreach (var m in members)
        {
            views.Add(await m.Host.InvokeAsync(_ => (m.Node.Topology.Self.Id, m.Node.Topology.AllPeers.Count(), keys.Select(m.Node.Topology.Owns).ToArray()), ct).ConfigureAwait(false));
        }

        var xor = members[0].Node.Topology as IShortlistTopology;
        var claimants = new NodeId?[keys.Count];
        var notOnce = 0;
        var wrong = 0;
        for (var k = 0; k < keys.Count; k++)
        {
            var claiming = views.Where(v => v.Owns[k]).Select(v => v.Self).ToList();
            if (claiming.Count != 1)
            {
                notOnce++;
                continue;
            }

            claimants[k] = claiming[0];
            if (xor is not null && views.Any(v => xor.Closer(keys[k], v.Self, claiming[0])))
            {
                wrong++;
            }
        }

        return new TableCheck(views.Min(v => v.Size), Math.Min(need, members.Count - 1), notOnce, wrong, claimants);
    }

    /// <summary>
    /// Looks up the peer of each of <paramref name="keys"/> from <paramref name="from"/>, one after the
    /// other, in <paramref name="mode"/>; returns how many did not succeed or did not name the key's
    /// claimant (<paramref name="claimants"/>, from <see cref="CheckTablesAsync"/>) among the peers found.
    /// </summary>
    public static async Task<int> FailedLookupsAsync(LiveNode from, IReadOnlyList<NodeId> keys, IReadOnlyList<NodeId?> claimants, RoutingMode mode, TimeSpan timeout, CancellationToken ct)
    {
        var failed = 0;
        for (var k = 0; k < keys.Count; k++)
        {
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
            limit.CancelAfter(timeout);
            try
            {
                var key = keys[k];
                var result = await from.Host.InvokeOperationAsync<OverlayResult>((now, done) => from.Node.LookupPeer(now, new PLookup(1, PeerLookupMode.Closest, key), mode, done), limit.Token).ConfigureAwait(false);
                if (!result.Succeeded || claimants[k] is not { } owner || !result.Peers.Any(p => p.PeerId == owner))
                {
                    failed++;
                }
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                failed++;
            }
        }

        return failed;
    }

    public async ValueTask DisposeAsync()
    {
        // Newest first; each stop is bounded by the host's own drain timeout.
        foreach (var host in Enumerable.Reverse(_hosts))
        {
            await host.DisposeAsync().ConfigureAwait(false);
        }

        _hosts.Clear();
    }

    private async Task<LiveNode> StartPeerAsync(IPEndPoint at, CancellationToken ct)
    {
        var transport = new UdpTransport(new UdpTransportOptions { EndPoint = at });
        var random = NextRandom();
        BootstrapAnswer answer;
        try
        {
            answer = await AskBootstrapAsync(Bootstrap, transport.LocalAddress, ct).ConfigureAwait(false);
        }
        catch
        {
            await transport.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        var messages = new MessageCounter(transport);
        var table = TopologyFactory.Create(_overlay.Algorithm, new PeerRef(answer.AssignedId, transport.LocalAddress), random);
        var node = new OverlayNode(table, messages, random);
        var host = new EngineHost(node, transport);
        await StartHostAsync(host, ct).ConfigureAwait(false);
        if (answer.Peers.Count > 0)
        {
            var via = answer.Peers[random.Next(answer.Peers.Count)].Address;
            var joined = await host.InvokeOperationAsync<OverlayResult>((now, done) => node.Join(now, via, done), ct).ConfigureAwait(false);
            if (!joined.Succeeded)
            {
                throw new InvalidOperationException($"{at} could not join through {via}: {joined.Failure}");
            }
        }
        else
        {
            await host.InvokeAsync(now => node.StartAlone(now), ct).ConfigureAwait(false);
        }

        return new LiveNode(host, node, messages);
    }

    private async Task StartHostAsync(EngineHost host, CancellationToken ct)
    {
        _hosts.Add(host); // disposed with the cluster even if the start fails
        await host.StartAsync(ct).ConfigureAwait(false);
    }

    private Random NextRandom() => new(_seeds.Next());

    // The bootstrap exchange of §4.6 from a throwaway socket, retried with §6.2.1's doubling.
    private static async Task<BootstrapAnswer> AskBootstrapAsync(IPEndPoint server, NodeAddress self, CancellationToken ct)
    {
        using var socket = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var request = BootstrapExchange.Request((uint)Random.Shared.Next(), self);
        for (var attempt = 0; attempt < 5; attempt++)
        {
            await socket.SendAsync(request, server, ct).ConfigureAwait(false);
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct);
            wait.CancelAfter(TimeSpan.FromMilliseconds(500 << attempt));
            try
            {
                var reply = await socket.ReceiveAsync(wait.Token).ConfigureAwait(false);
                if (BootstrapExchange.Read(reply.Buffer) is { } answer)
                {
                    return answer;
                }
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                // no answer yet: send again
            }
        }

        throw new InvalidOperationException($"no answer from the bootstrap server at {server}");
    }

    /// <summary>One peer's table, copied on its own engine loop.</summary>
    private sealed record TableSnapshot(NodeId Self, NodeId[] Successors, NodeId? Predecessor, (int Interval, NodeId Peer)[] Fingers, int SuccessorCount)
    {
        public static TableSnapshot Of(ChordTable t) => new(
            t.Self.Id,
            [.. t.Successors.Select(p => p.Id)],
            t.Predecessor?.Id,
            [.. Enumerable.Range(0, t.Self.Id.BitLength).Select(i => (i, t.FingerFor(i))).Where(f => f.Item2 is not null).Select(f => (f.i, f.Item2!.Value.Id))],
            t.SuccessorCount);

        // Wrong or missing entries against the oracle's table for this ID among `ring` (sorted).
        public int Differences(NodeId[] ring)
        {
            var at = Array.IndexOf(ring, Self);
            var n = ring.Length;
            var wrong = 0;
            var expectedSuccessors = Math.Min(SuccessorCount, n - 1);
            for (var k = 0; k < expectedSuccessors; k++)
            {
                if (k >= Successors.Length || Successors[k] != ring[(at + 1 + k) % n])
                {
                    wrong++;
                }
            }

            if (n > 1 && Predecessor != ring[(at - 1 + n) % n])
            {
                wrong++;
            }

            // Finger of interval i: the first peer clockwise in [self + 2^i, self + 2^(i+1)).
            var expected = new Dictionary<int, NodeId>();
            foreach (var other in ring)
            {
                if (other == Self)
                {
                    continue;
                }

                var interval = NodeId.RingDistance(Self, other).HighestSetBit();
                if (!expected.TryGetValue(interval, out var best) || NodeId.CompareClockwise(Self, other, best) < 0)
                {
                    expected[interval] = other;
                }
            }

            foreach (var (interval, peer) in expected)
            {
                if (!Fingers.Any(f => f.Interval == interval && f.Peer == peer))
                {
                    wrong++;
                }
            }

            return wrong;
        }
    }
}

/// <summary>
/// What <see cref="LoopbackCluster.CheckTablesAsync"/> found: the smallest table against the size
/// wanted, the sample keys not claimed by exactly one peer, and those claimed by another peer than
/// the closest (XOR geometries); <see cref="Claimants"/> holds each key's one claimant, if any.
/// </summary>
internal sealed record TableCheck(int SmallestTable, int Need, int KeysNotClaimedOnce, int KeysClaimedByOther, NodeId?[] Claimants)
{
    public bool Converged => SmallestTable >= Need && KeysNotClaimedOnce == 0 && KeysClaimedByOther == 0;

    public override string ToString() =>
        $"smallest table {SmallestTable} (want {Need}), {KeysNotClaimedOnce} of {Claimants.Length} sample keys not claimed by exactly one peer, {KeysClaimedByOther} claimed by another than the closest";
}
