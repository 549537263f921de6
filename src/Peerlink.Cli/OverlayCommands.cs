using System.CommandLine;
using System.Text.Json;
using Peerlink.Overlay.Engine;
using Peerlink.Wire;

namespace Peerlink.Cli;

/// <summary>
/// The verbs that run real nodes: <c>bootstrap</c> and the one-shot client verbs <c>put</c>,
/// <c>get</c>, <c>remove</c>, <c>lookup-peer</c> here; <c>node</c> and <c>cluster</c> in their own files.
/// </summary>
internal static class OverlayCommands
{
    public static IEnumerable<Command> Create(CliIo io) =>
        [Bootstrap(io), NodeCommand.Create(io), ClusterCommand.Create(io), Put(io), Get(io), Remove(io), LookupPeer(io)];

    private static CommandWithExamples Bootstrap(CliIo io)
    {
        var port = new Option<int>("--port") { Description = "Port to listen on.", DefaultValueFactory = _ => 7080 };
        var bind = new Option<string>("--bind") { Description = "Address to listen on.", DefaultValueFactory = _ => "127.0.0.1" };
        var transport = OverlayChoices.Transport("What the overlay's messages travel on; its peers must use the same.");
        var hash = OverlayChoices.Hash("The overlay's hash algorithm; its output length is the ID length (sha1: 20 bytes, sha256: 32, sha512: 64, md5 and md4: 16).", "sha1");
        var topology = OverlayChoices.Topology("The overlay's DHT geometry; its peers run it (pastry repairs a failed leaf at once; bamboo: the same geometry with Bamboo's periodic recovery).", "chord");
        var command = new CommandWithExamples(
            "bootstrap",
            "Run a bootstrap server (§4.6). It defines the overlay: every node that asks gets its P2P-Options\n" +
            "(topology, hash, ID length), a random ID and up to 5 live peers to join through; the first gets\n" +
            "none and forms the overlay. Stop with Ctrl-C.",
            "peerlink bootstrap --port 7080",
            "peerlink bootstrap --port 7080 --hash sha256 --transport tcp   # 32-byte IDs; peers must use tcp too",
            "peerlink bootstrap --port 7100 --topology pastry        # a Pastry overlay; its peers need no --topology");
        foreach (var o in new Option[] { port, bind, transport.Option, hash.Option, topology.Option })
        {
            command.Options.Add(o);
        }

        command.SetAction(async (parse, ct) =>
        {
            if (!EndPoints.TryListen(parse.GetValue(bind)!, parse.GetValue(port), io, out var at))
            {
                return 2;
            }

            var overlay = LiveNodes.Overlay(hash.Get(parse), topology.Get(parse));
            var kind = transport.Get(parse);
            Hosting.EngineHost host;
            try
            {
                (host, _) = await LiveNodes.StartBootstrapAsync(at, ct, overlay, kind).ConfigureAwait(false);
            }
            catch (System.Net.Sockets.SocketException e)
            {
                return io.Fail($"cannot listen on {at} ({OverlayChoices.Name(kind)}): {e.Message}");
            }

            io.Out.WriteLine($"bootstrap server on {OverlayChoices.Name(kind)} {host.Address} for a {OverlayChoices.Name(overlay.Algorithm)} overlay, {OverlayCheck.Describe(overlay)}; Ctrl-C stops it");
            io.Out.Flush();
            await EndPoints.UntilCancelledAsync(ct).ConfigureAwait(false);
            await host.DisposeAsync().ConfigureAwait(false);
            return 0;
        });
        return command;
    }

    private static CommandWithExamples Put(CliIo io)
    {
        var key = new Argument<string>("KEY") { Description = "The key; its hash (--hash) is the Resource-ID." };
        var value = new Argument<string>("VALUE") { Description = "The value (UTF-8)." };
        var ttl = new Option<uint>("--ttl") { Description = "Lifetime in seconds.", DefaultValueFactory = _ => 3600 };
        var client = new ClientOptions();
        var command = new CommandWithExamples(
            "put",
            "Store VALUE under KEY in the overlay, through the peer at --via (as a client, §3.2).",
            "peerlink put alice@example.com sip:alice@127.0.0.1:5070 --via 127.0.0.1:7100",
            "peerlink put alice@example.com sip:alice@10.0.0.7 --via 127.0.0.1:7081 --transport tcp --hash sha256   # a tcp, sha256 overlay",
            "peerlink put alice@example.com sip:alice@10.0.0.7 --ttl 60   # gone after a minute");
        command.Arguments.Add(key);
        command.Arguments.Add(value);
        command.Options.Add(ttl);
        client.AddTo(command);
        command.SetAction((parse, ct) => client.RunAsync(io, parse, (node, now, overlay, mode, done) =>
            ClientRequests.Put(node, now, overlay, parse.GetValue(key)!, parse.GetValue(value)!, parse.GetValue(ttl), mode, done),
            result => io.Out.WriteLine($"stored for {parse.GetValue(ttl)} s ({result.Hops} hops)"), ct));
        return command;
    }

    private static CommandWithExamples Get(CliIo io)
    {
        var key = new Argument<string>("KEY") { Description = "The key to look up." };
        var client = new ClientOptions();
        var command = new CommandWithExamples(
            "get",
            "Print the values stored under KEY, one a line (exit 1 when there are none).",
            "peerlink get alice@example.com --via 127.0.0.1:7105",
            "peerlink get alice@example.com --via 127.0.0.1:7105 --routing iterative --json   # hops and values as JSON");
        command.Arguments.Add(key);
        client.AddTo(command);
        command.SetAction((parse, ct) => client.RunAsync(io, parse, (node, now, overlay, mode, done) =>
            ClientRequests.Get(node, now, overlay, parse.GetValue(key)!, mode, done),
            result =>
            {
                foreach (var v in ClientRequests.Values(result))
                {
                    io.Out.WriteLine(v);
                }
            },
            ct));
        return command;
    }

    private static CommandWithExamples Remove(CliIo io)
    {
        var key = new Argument<string>("KEY") { Description = "The key whose value this client stored." };
        var client = new ClientOptions();
        var command = new CommandWithExamples(
            "remove",
            "Remove the value stored under KEY. Only its owner may (§7.2.2): a one-shot client has a new ID\n" +
            "each run, so this removes only what the same client stored; use 'peerlink node --client' to\n" +
            "put and remove with one identity.",
            "peerlink remove alice@example.com --via 127.0.0.1:7100");
        command.Arguments.Add(key);
        client.AddTo(command);
        command.SetAction((parse, ct) => client.RunAsync(io, parse, (node, now, overlay, mode, done) =>
            ClientRequests.Remove(node, now, overlay, parse.GetValue(key)!, mode, done),
            _ => io.Out.WriteLine("removed"),
            ct));
        return command;
    }

    private static CommandWithExamples LookupPeer(CliIo io)
    {
        var id = new Argument<string>("ID") { Description = "A peer ID in hex (40 digits for sha1, 64 for sha256)." };
        var client = new ClientOptions();
        var command = new CommandWithExamples(
            "lookup-peer",
            "Find the peer with ID, or the peers closest to it: one \"ID ADDRESS\" a line.",
            "peerlink lookup-peer 8f14e45fceea167a5a36dedd4bea2543a1b2c3d4 --via 127.0.0.1:7100");
        command.Arguments.Add(id);
        client.AddTo(command);
        command.SetAction((parse, ct) =>
        {
            var overlay = client.Overlay(parse);
            if (ClientRequests.ParsePeerId(parse.GetValue(id)!, overlay, out var error) is not { } target)
            {
                return Task.FromResult(io.Fail(error!));
            }

            return client.RunAsync(io, parse, (node, now, _, mode, done) =>
                ClientRequests.LookupPeer(node, now, target, mode, done),
                result =>
                {
                    foreach (var line in ClientRequests.Peers(result))
                    {
                        io.Out.WriteLine(line);
                    }
                },
                ct);
        });
        return command;
    }

    /// <summary>The options every one-shot client verb has, and running one request through a fresh client.</summary>
    private sealed class ClientOptions
    {
        private readonly Option<string> _via = new("--via") { Description = "HOST:PORT of a peer to send the request through.", DefaultValueFactory = _ => "127.0.0.1:7081" };
        private readonly Option<RoutingMode> _routing = new("--routing") { Description = "How the request travels: recursive, iterative or parallel (§4.3).", DefaultValueFactory = _ => RoutingMode.Recursive };
        private readonly Option<bool> _json = new("--json") { Description = "Print the result as JSON." };
        private readonly Choice<TransportKind> _transport = OverlayChoices.Transport("The overlay's transport: a peer started with --transport tcp is reached over tcp only.");
        private readonly Choice<Core.HashAlgorithmCode> _hash = OverlayChoices.Hash("The overlay's hash algorithm: keys are hashed with it, and it sets the ID length.", "sha1");

        public void AddTo(Command command)
        {
            foreach (var o in new Option[] { _via, _routing, _json, _transport.Option, _hash.Option })
            {
                command.Options.Add(o);
            }
        }

        public P2pOptions Overlay(ParseResult parse) => LiveNodes.Overlay(_hash.Get(parse));

        public async Task<int> RunAsync(
            CliIo io,
            ParseResult parse,
            Action<OverlayNode, TimeSpan, P2pOptions, RoutingMode, Action<OverlayResult>> start,
            Action<OverlayResult> print,
            CancellationToken ct)
        {
            if (!EndPoints.TryParse(parse.GetValue(_via), io, "--via", out var via) || via is null)
            {
                return 2;
            }

            var overlay = Overlay(parse);
            var (host, node) = await LiveNodes.StartClientAsync(via, ct, overlay, _transport.Get(parse)).ConfigureAwait(false);
            await using (host.ConfigureAwait(false))
            {
                var mode = parse.GetValue(_routing);
                OverlayResult result;
                try
                {
                    result = await ClientRequests.InvokeAsync(host, (now, done) => start(node, now, overlay, mode, done), Core.NodeAddress.FromEndPoint(via), ct).ConfigureAwait(false);
                }
                catch (InvalidOperationException e)
                {
                    return io.Fail(e.Message);
                }

                if (parse.GetValue(_json))
                {
                    io.Out.WriteLine(JsonSerializer.Serialize(new
                    {
                        code = (int)result.Code,
                        hops = result.Hops,
                        values = ClientRequests.Values(result),
                        peers = result.Peers.Select(p => new { id = p.PeerId?.ToString(), address = p.Address?.Candidates[0].EndPoint.ToString() }),
                        failure = result.Failure,
                    }));
                    return result.Succeeded ? 0 : 1;
                }

                if (!result.Succeeded)
                {
                    return io.Fail(ClientRequests.Failure(result));
                }

                print(result);
                return 0;
            }
        }
    }
}
