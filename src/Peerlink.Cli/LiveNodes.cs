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

namespace Peerlink.Cli;

/// <summary>Starting real nodes, servers and clients on UDP or TCP sockets: the wiring the verbs share.</summary>
internal static class LiveNodes
{
    /// <summary>The overlay a bootstrap server describes by default: Chord, SHA-1, 20-byte IDs.</summary>
    public static P2pOptions DefaultOverlay { get; } = Overlay(HashAlgorithmCode.Sha1);

    /// <summary>An overlay whose IDs are the whole output of <paramref name="hash"/> (P2P-Options, §9.3.4).</summary>
    public static P2pOptions Overlay(HashAlgorithmCode hash, OverlayAlgorithm algorithm = OverlayAlgorithm.Chord) =>
        new(hash, (byte)IdHash.OutputLength(hash), algorithm, DigitBits(algorithm), Bytes.FromUtf8("peerlink"));

    /// <summary>
    /// P2P-Options' Base (§9.3.4), log2 of the digit base: Pastry's b, the one its tables here use
    /// (<see cref="PastryOptions.BitsPerDigit"/>); 1, binary, for Chord and Kademlia.
    /// </summary>
    public static byte DigitBits(OverlayAlgorithm algorithm) =>
        algorithm is OverlayAlgorithm.Pastry or OverlayAlgorithm.Bamboo ? (byte)PastryOptions.Default.BitsPerDigit : (byte)1;

    /// <summary>A socket of the given kind, bound now (so its address is known before the engine is built).</summary>
    public static IPacketTransport Bind(TransportKind kind, IPEndPoint at) => kind switch
    {
        TransportKind.Tcp => new TcpTransport(new TcpTransportOptions { EndPoint = at }),
        _ => new UdpTransport(new UdpTransportOptions { EndPoint = at }),
    };

    public static async Task<(EngineHost Host, BootstrapServer Server)> StartBootstrapAsync(
        IPEndPoint at, CancellationToken ct, P2pOptions? overlay = null, TransportKind transport = TransportKind.Udp)
    {
        var socket = Bind(transport, at);
        var server = new BootstrapServer(socket.LocalAddress, overlay ?? DefaultOverlay, socket, new Random());
        var host = new EngineHost(server, socket);
        await host.StartAsync(ct).ConfigureAwait(false);
        return (host, server);
    }

    /// <summary>
    /// A peer at <paramref name="at"/>: it forms the overlay alone, or joins through one of the peers
    /// the bootstrap server names, with the ID and the overlay's ID length the server gives.
    /// <paramref name="id"/> is asked for (the server grants an ID of the overlay's length), or taken
    /// when there is no server.
    /// </summary>
    /// <exception cref="InvalidOperationException">No bootstrap answer, an overlay this node cannot be part of, or a failed join.</exception>
    public static async Task<LivePeer> StartPeerAsync(IPEndPoint at, IPEndPoint? bootstrap, NodeId? id, CancellationToken ct, OverlayNodeOptions? options = null, PeerSetup? setup = null)
    {
        setup ??= new PeerSetup();
        var transport = Bind(setup.Transport, at);
        var random = new Random();
        EngineHost? host = null;
        Hosting.Turn.TurnHost? turn = null;
        try
        {
            BootstrapAnswer? answer = null;
            P2pOptions overlay;
            var (address, behindNat) = (transport.LocalAddress, false);
            if (bootstrap is not null)
            {
                (address, behindNat) = await ReachableAddressAsync(transport, bootstrap, setup.Log, ct).ConfigureAwait(false);
                answer = await BootstrapClient.AskAsync(setup.Transport, bootstrap, address, asPeer: true, ct, id).ConfigureAwait(false);
                overlay = OverlayCheck.Agree(answer.Options, setup.Hash, setup.Topology, bootstrap);
            }
            else
            {
                overlay = Overlay(setup.Hash ?? HashAlgorithmCode.Sha1, setup.Topology ?? OverlayAlgorithm.Chord);
            }

            var self = new PeerRef(answer?.AssignedId ?? id ?? NodeId.Random(random, overlay.HashLength), address);
            var credentials = OverlayTurn.Credentials(overlay);
            var nodeOptions = WithIdLength(options, overlay.HashLength) with
            {
                HostAddress = behindNat ? transport.LocalAddress : null,
                OffersTurn = setup.OfferTurn,
                TurnCredentials = credentials,
            };
            if (setup.OfferTurn)
            {
                turn = StartTurn(transport.LocalAddress.ToEndPoint(), credentials, setup.Log);
            }

            var table = TopologyFactory.Create(overlay.Algorithm, self, random);
            var logged = setup.Log is { } log ? Logged(table, log) : null;
            var node = new OverlayNode(logged ?? table, transport, random, nodeOptions);
            if (setup.Log is { } pathLog)
            {
                // Which candidate path ICE took to each peer it exchanged a Connect with (host, srflx, prflx, relay).
                node.PathSelected += path => pathLog.Line(
                    $"path to {path.Peer.ToString()[..Math.Min(8, path.Peer.Length * 2)]}@{path.PeerAddress}: {path} (ICE, {path.SetupTime.TotalMilliseconds:F0} ms)");
                node.PathFailed += (peer, why) => pathLog.Line($"no path to {peer}: {why}");
                node.RelayChanged += pathLog.Line;
            }

            IProtocolEngine engine = logged is not null ? new LoggedOverlayEngine(node, logged, setup.Log!, nodeOptions.Wire) : node;
            host = new EngineHost(engine, transport);
            await host.StartAsync(ct).ConfigureAwait(false);
            NodeAddress? via = null;
            if (answer is { Peers.Count: > 0 })
            {
                // One peer the server names may not answer (it left, or sits behind a NAT that lets in only
                // the peers it talks to): try the others, in random order, before giving up.
                OverlayResult? joined = null;
                foreach (var candidate in answer.Peers.OrderBy(_ => random.Next()).Take(3))
                {
                    via = candidate.Address;
                    joined = await host.InvokeOperationAsync<OverlayResult>((now, done) => node.Join(now, via.Value, done), ct).ConfigureAwait(false);
                    if (joined.Succeeded)
                    {
                        break;
                    }

                    setup.Log?.Line($"could not join through {via}: {joined.Failure}");
                }

                if (joined is not { Succeeded: true })
                {
                    throw new InvalidOperationException($"could not join through {via}: {joined?.Failure}");
                }
            }
            else
            {
                await host.InvokeAsync(now => node.StartAlone(now), ct).ConfigureAwait(false);
            }

            return new LivePeer(host, node, table, overlay, via, turn);
        }
        catch
        {
            if (turn is not null)
            {
                await turn.DisposeAsync().ConfigureAwait(false);
            }

            if (host is null)
            {
                await transport.DisposeAsync().ConfigureAwait(false);
            }
            else
            {
                await host.DisposeAsync().ConfigureAwait(false); // the host owns the transport
            }

            throw;
        }
    }

    /// <summary>
    /// Where peers can reach this node: over UDP, the address the bootstrap server (which answers STUN on its
    /// port) sees the node's own socket send from. Behind a NAT that is the NAT's mapping, the server-reflexive
    /// address (RFC 8445 §5.1.1.2), and the node says so; without an answer, or over TCP, the bound address.
    /// </summary>
    private static async Task<(NodeAddress Address, bool BehindNat)> ReachableAddressAsync(IPacketTransport transport, IPEndPoint bootstrap, NodeLog? log, CancellationToken ct)
    {
        if (transport is not UdpTransport udp || await udp.DiscoverMappedAddressAsync(bootstrap, ct).ConfigureAwait(false) is not { } mapped)
        {
            return (transport.LocalAddress, false);
        }

        var reflexive = NodeAddress.FromEndPoint(mapped);
        if (reflexive == transport.LocalAddress || (mapped.Port == udp.LocalEndPoint.Port && IsOwnAddress(mapped.Address)))
        {
            // No NAT on the way. A socket bound to the wildcard address learns here which of its addresses the server saw.
            return (udp.LocalEndPoint.Address.Equals(IPAddress.Any) || udp.LocalEndPoint.Address.Equals(IPAddress.IPv6Any) ? reflexive : transport.LocalAddress, false);
        }

        log?.Line($"behind a NAT: the bootstrap server sees this node at {mapped} (server-reflexive, RFC 8445 §5.1.1.2); peers are told that address, and {transport.LocalAddress} as the host one");
        return (reflexive, true);
    }

    // The TURN server a peer offers the overlay: on its P2PP port + 1 (the overlay's convention, since
    // Resource-List names no port), relaying from its own address, for the overlay's one account.
    private static Hosting.Turn.TurnHost StartTurn(IPEndPoint p2pp, TurnCredentials credentials, NodeLog? log)
    {
        var listen = new IPEndPoint(p2pp.Address, p2pp.Port + StunServiceTurnPortOffset);
        var host = new Hosting.Turn.TurnHost(new Hosting.Turn.TurnHostOptions
        {
            Listen = listen,
            RelayAddress = p2pp.Address.Equals(IPAddress.Any) || p2pp.Address.Equals(IPAddress.IPv6Any) ? null : p2pp.Address,
            Server = new Nat.Turn.TurnServerOptions
            {
                Realm = OverlayTurn.Realm,
                Users = new Dictionary<string, string> { [credentials.Username] = credentials.Password },
                UserQuota = 256, // one account for every member: the quota is the overlay's
            },
        });
        try
        {
            host.Start();
        }
        catch
        {
            host.DisposeAsync().AsTask().GetAwaiter().GetResult();
            throw;
        }

        log?.Line($"offering TURN to the overlay on udp and tcp {host.LocalEndPoint}, realm {OverlayTurn.Realm}, user {credentials.Username}");
        return host;
    }

    private const int StunServiceTurnPortOffset = 1; // OverlayNode's convention (StunService.TurnPortOffset)

    private static bool IsOwnAddress(IPAddress address) =>
        IPAddress.IsLoopback(address)
        || System.Net.NetworkInformation.NetworkInterface.GetAllNetworkInterfaces().Any(i => i.GetIPProperties().UnicastAddresses.Any(u => u.Address.Equals(address)));

    // Chord's own lines (successor, predecessor, fingers) where the table is Chord's; peers in and out for the others.
    private static LoggedTable Logged(ITopology table, NodeLog log) =>
        table is ChordTable chord ? new LoggedChordTable(chord, log) : new LoggedTopology(table, log);

    /// <summary>
    /// A one-shot client (§3.2) on an ephemeral port, attached to the peer at <paramref name="via"/>:
    /// it routes nothing and enters no table (its messages carry P=0); the peer routes for it.
    /// </summary>
    /// <param name="via">The peer.</param>
    /// <param name="ct">Cancels the start.</param>
    /// <param name="overlay">The overlay's parameters (the ID length); SHA-1 by default.</param>
    /// <param name="transport">The overlay's transport.</param>
    public static Task<(EngineHost Host, OverlayNode Node)> StartClientAsync(
        IPEndPoint via, CancellationToken ct, P2pOptions? overlay = null, TransportKind transport = TransportKind.Udp) =>
        StartClientOnAsync(Bind(transport, LocalFor(via)), via, overlay ?? DefaultOverlay, null, member: false, ct);

    /// <summary>
    /// A long-running client: attached to <paramref name="via"/> when given, else to a random peer the
    /// bootstrap server names (asked as a client, P=0, so it is never handed out to joiners). With a
    /// bootstrap server the overlay's parameters and the client's ID are the server's. It pings its
    /// peer every maintenance interval (§4.9.1), so a dead peer shows.
    /// </summary>
    /// <exception cref="InvalidOperationException">No bootstrap answer, an overlay this node cannot use, or no peer yet.</exception>
    public static async Task<LiveClient> StartAttachedClientAsync(IPEndPoint? local, IPEndPoint? bootstrap, IPEndPoint? via, PeerSetup setup, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(setup);
        var near = via ?? bootstrap ?? throw new ArgumentException("a client needs a bootstrap server or a peer", nameof(via));
        var socket = Bind(setup.Transport, local ?? LocalFor(near));
        try
        {
            var overlay = Overlay(setup.Hash ?? HashAlgorithmCode.Sha1);
            NodeId? id = null;
            var peer = via;
            if (bootstrap is not null)
            {
                var answer = await BootstrapClient.AskAsync(setup.Transport, bootstrap, socket.LocalAddress, asPeer: false, ct).ConfigureAwait(false);
                overlay = OverlayCheck.Agree(answer.Options, setup.Hash, setup.Topology, bootstrap);
                id = answer.AssignedId;
                if (peer is null)
                {
                    if (answer.Peers.Count == 0)
                    {
                        throw new InvalidOperationException($"the overlay at {bootstrap} has no peers yet: a client needs one to attach to (start a peer first)");
                    }

                    peer = answer.Peers[Random.Shared.Next(answer.Peers.Count)].Address.ToEndPoint();
                }
            }

            var (host, node) = await StartClientOnAsync(socket, peer!, overlay, id, member: true, ct).ConfigureAwait(false);
            return new LiveClient(host, node, overlay, NodeAddress.FromEndPoint(peer!));
        }
        catch
        {
            await socket.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static async Task<(EngineHost Host, OverlayNode Node)> StartClientOnAsync(
        IPacketTransport socket, IPEndPoint via, P2pOptions overlay, NodeId? id, bool member, CancellationToken ct)
    {
        var random = new Random();
        var self = new PeerRef(id ?? NodeId.Random(random, overlay.HashLength), socket.LocalAddress);

        // The peer's ID is learned from its first answer (ClientTopology.Observe); until then, zero.
        var attached = new PeerRef(NodeId.Zero(overlay.HashLength), NodeAddress.FromEndPoint(via));
        var node = new OverlayNode(new ClientTopology(self, attached), socket, random, WithIdLength(null, overlay.HashLength));
        var host = new EngineHost(node, socket);
        await host.StartAsync(ct).ConfigureAwait(false);
        if (member)
        {
            await host.InvokeAsync(now => node.StartAlone(now), ct).ConfigureAwait(false);
        }

        return (host, node);
    }

    // Loopback talks from loopback; anything else from every interface.
    private static IPEndPoint LocalFor(IPEndPoint remote)
    {
        var v6 = remote.AddressFamily == AddressFamily.InterNetworkV6;
        return IPAddress.IsLoopback(remote.Address)
            ? new IPEndPoint(v6 ? IPAddress.IPv6Loopback : IPAddress.Loopback, 0)
            : new IPEndPoint(v6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
    }

    /// <summary>The Resource-ID of a key: its hash in the overlay's algorithm, cut to the overlay's ID length (§9.3.4).</summary>
    public static NodeId KeyId(P2pOptions overlay, string key) => IdHash.ToId(overlay.HashAlgorithm, key, overlay.HashLength);

    private static OverlayNodeOptions WithIdLength(OverlayNodeOptions? options, int idLength)
    {
        options ??= new OverlayNodeOptions();
        return options with { Wire = options.Wire with { IdLength = idLength } };
    }
}
