using System.CommandLine;
using System.Net;
using Peerlink.Overlay;
using Peerlink.Wire;

namespace Peerlink.Cli;

/// <summary>
/// <c>peerlink node</c>: one peer (or, with <c>--client</c>, one client) on a real socket, saying
/// what its tables do until Ctrl-C, when it leaves gracefully (§4.7.2).
/// </summary>
internal static class NodeCommand
{
    public static CommandWithExamples Create(CliIo io)
    {
        var port = new Option<int?>("--port") { Description = "Port to listen on [default: 7081; a client takes any free port]." };
        var bind = new Option<string>("--bind") { Description = "Address to listen on.", DefaultValueFactory = _ => "127.0.0.1" };
        var bootstrap = new Option<string?>("--bootstrap") { Description = "HOST:PORT of a bootstrap server: it gives the overlay's parameters, this node's ID and peers to join through. Without it a peer forms a new overlay." };
        var client = new Option<bool>("--client") { Description = "Run a client (§3.2): it attaches to one peer (from --bootstrap, or --via), enters no routing table, and sends its requests through that peer. It reads commands on stdin (" + ClientShell.Usage + ") and stays up until Ctrl-C." };
        var offerTurn = new Option<bool>("--offer-turn")
        {
            Description = "Run a TURN server (RFC 8656) beside this peer, on its port + 1, for the overlay's members, and say so in the " +
                "peer's Peer-Info (Resource-List: TURN). Nodes behind NATs allocate relayed candidates there. Credentials: realm " +
                "\"peerlink\" and one account per overlay whose password every member derives from the overlay's P2P-Options (what the " +
                "bootstrap server hands out); it keeps strangers off, not members (docs/nat-traversal.md).",
        };
        var via = new Option<string?>("--via") { Description = "With --client: HOST:PORT of the peer to attach to, instead of one the bootstrap server names." };
        var transport = OverlayChoices.Transport("What the overlay's messages travel on; the bootstrap server and every peer must use the same.");
        var hash = OverlayChoices.Hash("The overlay's hash algorithm [default: the overlay's, as the bootstrap server says; sha1 for a new overlay]. One that differs from the overlay's is an error.", null);
        var topology = OverlayChoices.Topology("The DHT geometry [default: the overlay's, as the bootstrap server says; chord for a new overlay]. One that differs from the overlay's is an error.", null);
        var command = new CommandWithExamples(
            "node",
            "Run a peer: it joins through a bootstrap server (or forms a new overlay), serves storage and routing\n" +
            "in the overlay's geometry (chord, kademlia, pastry or bamboo), and prints what happens to it: its join,\n" +
            "its table (Chord: successor, predecessor and fingers; the others: peers in and out), peers marked dead,\n" +
            "objects handed to it. Ctrl-C leaves gracefully, handing its objects to the peer next in line.\n" +
            "With --client, a client instead: it attaches to a peer and takes put/get/remove commands on stdin.",
            "peerlink bootstrap --port 7080 &                        # the overlay: chord, sha1, udp",
            "peerlink node --port 7081 --bootstrap 127.0.0.1:7080",
            "peerlink node --port 7082 --bootstrap 127.0.0.1:7080 --topology chord --hash sha1   # fails if the overlay differs",
            "peerlink node --port 7101 --bootstrap 127.0.0.1:7100 --topology pastry   # after: peerlink bootstrap --port 7100 --topology pastry",
            "peerlink node --port 7081 --topology kademlia            # no bootstrap server: forms a new kademlia overlay",
            "peerlink node --bind 198.51.100.7 --port 7081 --bootstrap 198.51.100.7:7080 --offer-turn   # TURN for the overlay on 7082",
            "peerlink node --port 7091 --bootstrap 127.0.0.1:7090 --transport tcp   # after: peerlink bootstrap --port 7090 --transport tcp",
            "peerlink node --client --bootstrap 127.0.0.1:7080       # then type: put alice sip:alice@10.0.0.7, get alice, quit",
            "peerlink node --client --via 127.0.0.1:7081 < commands.txt   # a last line quit stops it; else Ctrl-C");
        foreach (var o in new Option[] { port, bind, bootstrap, client, via, offerTurn, transport.Option, hash.Option, topology.Option })
        {
            command.Options.Add(o);
        }

        command.SetAction(async (parse, ct) =>
        {
            var isClient = parse.GetValue(client);
            if (!EndPoints.TryListen(parse.GetValue(bind)!, parse.GetValue(port) ?? (isClient ? 0 : 7081), io, out var at)
                || !EndPoints.TryParse(parse.GetValue(bootstrap), io, "--bootstrap", out var server)
                || !EndPoints.TryParse(parse.GetValue(via), io, "--via", out var peer))
            {
                return 2;
            }

            var setup = new PeerSetup
            {
                Transport = transport.Get(parse),
                Hash = hash.TryGet(parse, out var h) ? h : null,
                Topology = topology.TryGet(parse, out var t) ? t : null,
                Log = new NodeLog(io.Out),
                OfferTurn = parse.GetValue(offerTurn),
            };
            if (isClient)
            {
                if (server is null && peer is null)
                {
                    return io.Fail("--client needs --bootstrap HOST:PORT or --via HOST:PORT to find a peer to attach to");
                }

                return await RunClientAsync(io, parse.GetValue(port) is null ? null : at, server, peer, setup, ct).ConfigureAwait(false);
            }

            if (peer is not null)
            {
                return io.Fail("--via is for --client; a peer joins through the peers the bootstrap server names");
            }

            return await RunPeerAsync(io, at, server, setup, ct).ConfigureAwait(false);
        });
        return command;
    }

    private static async Task<int> RunPeerAsync(CliIo io, IPEndPoint at, IPEndPoint? server, PeerSetup setup, CancellationToken ct)
    {
        var log = setup.Log!;
        var on = $"{OverlayChoices.Name(setup.Transport)} {at}";
        log.Line(server is null ? $"starting a peer on {on}, forming a new overlay" : $"starting a peer on {on}, asking the bootstrap server at {server}");
        LivePeer peer;
        try
        {
            peer = await LiveNodes.StartPeerAsync(at, server, null, ct, null, setup).ConfigureAwait(false);
        }
        catch (InvalidOperationException e)
        {
            return io.Fail(e.Message);
        }
        catch (System.Net.Sockets.SocketException e)
        {
            return io.Fail($"cannot listen on {on}: {e.Message}");
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return 130;
        }

        var (host, node) = (peer.Host, peer.Node);
        log.Line(peer.JoinedVia is { } via ? $"joined via {via} as {node.Self.Id}" : $"formed a new overlay as {node.Self.Id}");
        log.Line($"peer {node.Self.Id} on {OverlayChoices.Name(setup.Transport)} {host.Address}, {OverlayChoices.Name(peer.Overlay.Algorithm)} overlay with {OverlayCheck.Describe(peer.Overlay)}; Ctrl-C leaves the overlay");
        await EndPoints.UntilCancelledAsync(ct).ConfigureAwait(false);

        await host.StopAsync(
            now =>
            {
                // §4.7.2: the objects this peer owns go with the Leave to the first of its replica set, as
                // the engine picks it (Chord: its successor; the others: the peer nearest this one).
                var owned = node.Store.Where(now, node.Topology.Owns).Count();
                var next = node.Topology.ReplicaSet(1).Select(p => (PeerRef?)p).FirstOrDefault();
                var to = peer.Overlay.Algorithm == OverlayAlgorithm.Chord ? "successor" : "nearest peer";
                log.Line(next is { } s ? $"leaving: {owned} object(s) to {to} {s}" : "leaving: alone, nobody to hand objects to");
                node.Leave(now);
            },
            CancellationToken.None).ConfigureAwait(false);
        await host.DisposeAsync().ConfigureAwait(false);
        if (peer.Turn is { } turn)
        {
            await turn.DisposeAsync().ConfigureAwait(false);
        }

        log.Line("left the overlay");
        return 0;
    }

    private static async Task<int> RunClientAsync(CliIo io, IPEndPoint? at, IPEndPoint? server, IPEndPoint? via, PeerSetup setup, CancellationToken ct)
    {
        var log = setup.Log!;
        LiveClient client;
        try
        {
            client = await LiveNodes.StartAttachedClientAsync(at, server, via, setup, ct).ConfigureAwait(false);
        }
        catch (InvalidOperationException e)
        {
            return io.Fail(e.Message);
        }
        catch (System.Net.Sockets.SocketException e)
        {
            return io.Fail($"cannot listen on {at}: {e.Message}");
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return 130;
        }

        var (host, node) = (client.Host, client.Node);
        log.Line($"client {node.Self.Id} on {OverlayChoices.Name(setup.Transport)} {host.Address}, attached to peer {client.Peer} ({OverlayCheck.Describe(client.Overlay)}); enters no routing table");
        log.Line($"commands: {ClientShell.Usage}; Ctrl-C stops");
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var watch = WatchPeerAsync(client, log, stop.Token);
        try
        {
            if (await ClientShell.RunAsync(io.In, client, log, stop.Token).ConfigureAwait(false))
            {
                await stop.CancelAsync().ConfigureAwait(false); // quit
            }

            await EndPoints.UntilCancelledAsync(stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Ctrl-C while a request was under way
        }

        await stop.CancelAsync().ConfigureAwait(false);
        await watch.ConfigureAwait(false);

        // No Leave (§4.7.2 is a peer's): a client owns no keys and sits in no table, so there is
        // nothing to hand over and nobody to tell. Its socket closes; its peer forgets nothing.
        await host.StopAsync(CancellationToken.None).ConfigureAwait(false);
        await host.DisposeAsync().ConfigureAwait(false);
        log.Line("client stopped");
        return 0;
    }

    // The client's keep-alives (§4.9.1) find a silent peer: say so once when it goes quiet, and once
    // when it answers again (a client hears from nobody else).
    private static async Task WatchPeerAsync(LiveClient client, NodeLog log, CancellationToken ct)
    {
        using var tick = new PeriodicTimer(TimeSpan.FromSeconds(1));
        var (dead, heard) = (0L, 0L);
        var quiet = false;
        try
        {
            while (await tick.WaitForNextTickAsync(ct).ConfigureAwait(false))
            {
                var (deadNow, heardNow) = await client.Host.InvokeAsync(_ => (client.Node.Counters.PeersDeclaredDead, client.Node.Counters.Received), ct).ConfigureAwait(false);
                if (deadNow > dead && !quiet)
                {
                    quiet = true;
                    log.Line($"peer {client.Peer} marked dead (no answer); requests fail until it is back");
                }
                else if (deadNow == dead && heardNow > heard && quiet)
                {
                    quiet = false;
                    log.Line($"peer {client.Peer} answers again");
                }

                (dead, heard) = (deadNow, heardNow);
            }
        }
        catch (OperationCanceledException)
        {
            // stopping
        }
    }
}
