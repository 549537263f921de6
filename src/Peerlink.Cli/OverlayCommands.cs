using System.CommandLine;
using System.Net;
using System.Text.Json;
using Peerlink.Core;
using Peerlink.Hosting;
using Peerlink.Overlay.Engine;
using Peerlink.Wire;

namespace Peerlink.Cli;

/// <summary>
/// The verbs that run real nodes on UDP: <c>bootstrap</c>, <c>node</c>, <c>cluster</c>, and the client
/// verbs <c>put</c>, <c>get</c>, <c>remove</c>, <c>lookup-peer</c>.
/// </summary>
internal static class OverlayCommands
{
    public static IEnumerable<Command> Create(CliIo io) =>
        [Bootstrap(io), Node(io), Cluster(io), Put(io), Get(io), Remove(io), LookupPeer(io)];

    private static Command Bootstrap(CliIo io)
    {
        var port = new Option<int>("--port") { Description = "UDP port to listen on.", DefaultValueFactory = _ => 7080 };
        var bind = new Option<string>("--bind") { Description = "Address to listen on.", DefaultValueFactory = _ => "127.0.0.1" };
        var command = new Command("bootstrap", "Run a bootstrap server (§4.6): it hands out the overlay's P2P-Options and a few live peers.\nThe first node to ask gets none and forms the overlay. Stop with Ctrl-C.");
        command.Options.Add(port);
        command.Options.Add(bind);
        command.SetAction(async (parse, ct) =>
        {
            if (!TryEndPoint(parse.GetValue(bind)!, parse.GetValue(port), io, out var at))
            {
                return 2;
            }

            var (host, _) = await LiveNodes.StartBootstrapAsync(at, ct).ConfigureAwait(false);
            io.Out.WriteLine($"bootstrap server on udp {host.Address}; Ctrl-C stops it");
            await WaitForCancelAsync(ct).ConfigureAwait(false);
            await host.DisposeAsync().ConfigureAwait(false);
            return 0;
        });
        return command;
    }

    private static Command Node(CliIo io)
    {
        var port = new Option<int>("--port") { Description = "UDP port to listen on.", DefaultValueFactory = _ => 7081 };
        var bind = new Option<string>("--bind") { Description = "Address to listen on.", DefaultValueFactory = _ => "127.0.0.1" };
        var bootstrap = new Option<string?>("--bootstrap") { Description = "HOST:PORT of a bootstrap server. Without it the node forms a new overlay." };
        var command = new Command("node", "Run a Chord peer that joins through a bootstrap server (or forms a new overlay), serves\nstorage and routing, and leaves gracefully on Ctrl-C, handing its objects to its successor.");
        command.Options.Add(port);
        command.Options.Add(bind);
        command.Options.Add(bootstrap);
        command.SetAction(async (parse, ct) =>
        {
            if (!TryEndPoint(parse.GetValue(bind)!, parse.GetValue(port), io, out var at)
                || !TryParseEndPoint(parse.GetValue(bootstrap), io, "--bootstrap", out var server))
            {
                return 2;
            }

            EngineHost host;
            OverlayNode node;
            try
            {
                (host, node) = await LiveNodes.StartPeerAsync(at, server, null, ct).ConfigureAwait(false);
            }
            catch (InvalidOperationException e)
            {
                return io.Fail(e.Message);
            }

            io.Out.WriteLine($"peer {node.Self.Id} on udp {host.Address}; Ctrl-C leaves the overlay");
            await WaitForCancelAsync(ct).ConfigureAwait(false);
            await host.StopAsync(now => node.Leave(now), CancellationToken.None).ConfigureAwait(false);
            await host.DisposeAsync().ConfigureAwait(false);
            io.Out.WriteLine("left the overlay");
            return 0;
        });
        return command;
    }

    private static Command Cluster(CliIo io)
    {
        var nodes = new Option<int>("--nodes") { Description = "Peers to start, each on its own UDP port.", DefaultValueFactory = _ => 16 };
        var basePort = new Option<int>("--base-port") { Description = "Port of the first peer; the others follow.", DefaultValueFactory = _ => 7100 };
        var bootstrap = new Option<string?>("--bootstrap") { Description = "HOST:PORT of a bootstrap server; without one the cluster runs its own on --base-port - 1." };
        var command = new Command("cluster", "Start N peers in this process on 127.0.0.1, joining an overlay or forming their own. Ctrl-C stops them.");
        command.Options.Add(nodes);
        command.Options.Add(basePort);
        command.Options.Add(bootstrap);
        command.SetAction(async (parse, ct) =>
        {
            var count = parse.GetValue(nodes);
            var first = parse.GetValue(basePort);
            if (count is < 1 or > 1000 || first is < 2 || first + count > 65535)
            {
                return io.Fail("--nodes is 1 to 1000 and the ports must fit below 65536");
            }

            if (!TryParseEndPoint(parse.GetValue(bootstrap), io, "--bootstrap", out var server))
            {
                return 2;
            }

            var hosts = new List<EngineHost>();
            if (server is null)
            {
                server = new IPEndPoint(IPAddress.Loopback, first - 1);
                hosts.Add((await LiveNodes.StartBootstrapAsync(server, ct).ConfigureAwait(false)).Host);
            }

            var nodesStarted = new List<OverlayNode>();
            for (var i = 0; i < count; i++)
            {
                var (host, node) = await LiveNodes.StartPeerAsync(new IPEndPoint(IPAddress.Loopback, first + i), server, null, ct).ConfigureAwait(false);
                hosts.Add(host);
                nodesStarted.Add(node);
                io.Error.Write($"\rjoined {i + 1}/{count}");
            }

            io.Error.WriteLine();
            io.Out.WriteLine($"{count} peers on udp 127.0.0.1:{first}-{first + count - 1}, bootstrap {server}; Ctrl-C stops them");
            await WaitForCancelAsync(ct).ConfigureAwait(false);
            foreach (var host in Enumerable.Reverse(hosts))
            {
                await host.DisposeAsync().ConfigureAwait(false);
            }

            return 0;
        });
        return command;
    }

    private static Command Put(CliIo io)
    {
        var key = new Argument<string>("KEY") { Description = "The key; its SHA-1 is the Resource-ID." };
        var value = new Argument<string>("VALUE") { Description = "The value (UTF-8)." };
        var ttl = new Option<uint>("--ttl") { Description = "Lifetime in seconds.", DefaultValueFactory = _ => 3600 };
        var (via, routing, json) = ClientOptions();
        var command = new Command("put", "Store VALUE under KEY in the overlay, through the peer at --via.");
        command.Arguments.Add(key);
        command.Arguments.Add(value);
        command.Options.Add(ttl);
        AddClientOptions(command, via, routing, json);
        command.SetAction((parse, ct) => RunClientAsync(io, parse, via, routing, json, (node, now, mode, done) =>
            node.Publish(now, new ResourceObject(ContentType.UserInfo, 0, KeyId(parse.GetValue(key)!), Bytes.FromUtf8(parse.GetValue(value)!)) { Expires = parse.GetValue(ttl) }, mode, done),
            result => io.Out.WriteLine($"stored for {parse.GetValue(ttl)} s ({result.Hops} hops)"), ct));
        return command;
    }

    private static Command Get(CliIo io)
    {
        var key = new Argument<string>("KEY") { Description = "The key to look up." };
        var (via, routing, json) = ClientOptions();
        var command = new Command("get", "Print the values stored under KEY, one a line (exit 1 when there are none).");
        command.Arguments.Add(key);
        AddClientOptions(command, via, routing, json);
        command.SetAction((parse, ct) => RunClientAsync(io, parse, via, routing, json, (node, now, mode, done) =>
            node.LookupObject(now, new RLookup(ContentType.UserInfo, 0, KeyId(parse.GetValue(key)!)), mode, done),
            result =>
            {
                foreach (var o in result.Objects)
                {
                    io.Out.WriteLine(System.Text.Encoding.UTF8.GetString(o.Value.Span));
                }
            },
            ct));
        return command;
    }

    private static Command Remove(CliIo io)
    {
        var key = new Argument<string>("KEY") { Description = "The key whose value this client stored." };
        var (via, routing, json) = ClientOptions();
        var command = new Command("remove", "Remove the value stored under KEY. Only its owner may; a client is a new owner each run,\nso this removes what the same client identity stored.");
        command.Arguments.Add(key);
        AddClientOptions(command, via, routing, json);
        command.SetAction((parse, ct) => RunClientAsync(io, parse, via, routing, json, (node, now, mode, done) =>
            node.RemoveObject(now, new ResourceObject(ContentType.UserInfo, 0, KeyId(parse.GetValue(key)!), Bytes.Empty), mode, done),
            _ => io.Out.WriteLine("removed"),
            ct));
        return command;
    }

    private static Command LookupPeer(CliIo io)
    {
        var id = new Argument<string>("ID") { Description = "A peer ID in hex (40 digits for SHA-1)." };
        var (via, routing, json) = ClientOptions();
        var command = new Command("lookup-peer", "Find the peer with ID, or the peers closest to it.");
        command.Arguments.Add(id);
        AddClientOptions(command, via, routing, json);
        command.SetAction((parse, ct) =>
        {
            NodeId target;
            try
            {
                target = NodeId.Parse(parse.GetValue(id)!);
            }
            catch (FormatException e)
            {
                return Task.FromResult(io.Fail($"ID: {e.Message}"));
            }

            return RunClientAsync(io, parse, via, routing, json, (node, now, mode, done) =>
                node.LookupPeer(now, new PLookup(3, PeerLookupMode.Closest, target), mode, done),
                result =>
                {
                    foreach (var p in result.Peers.Skip(1))
                    {
                        io.Out.WriteLine($"{p.PeerId} {p.Address?.Candidates[0].EndPoint}");
                    }
                },
                ct);
        });
        return command;
    }

    private static (Option<string> Via, Option<RoutingMode> Routing, Option<bool> Json) ClientOptions() => (
        new Option<string>("--via") { Description = "HOST:PORT of a peer to send the request through.", DefaultValueFactory = _ => "127.0.0.1:7081" },
        new Option<RoutingMode>("--routing") { Description = "recursive, iterative or parallel.", DefaultValueFactory = _ => RoutingMode.Recursive },
        new Option<bool>("--json") { Description = "Print the result as JSON." });

    private static void AddClientOptions(Command command, Option<string> via, Option<RoutingMode> routing, Option<bool> json)
    {
        command.Options.Add(via);
        command.Options.Add(routing);
        command.Options.Add(json);
    }

    private static async Task<int> RunClientAsync(
        CliIo io,
        ParseResult parse,
        Option<string> viaOption,
        Option<RoutingMode> routingOption,
        Option<bool> jsonOption,
        Action<OverlayNode, TimeSpan, RoutingMode, Action<OverlayResult>> start,
        Action<OverlayResult> print,
        CancellationToken ct)
    {
        if (!TryParseEndPoint(parse.GetValue(viaOption), io, "--via", out var via) || via is null)
        {
            return 2;
        }

        var (host, node) = await LiveNodes.StartClientAsync(via, ct).ConfigureAwait(false);
        await using (host.ConfigureAwait(false))
        {
            var mode = parse.GetValue(routingOption);
            var result = await host.InvokeOperationAsync<OverlayResult>((now, done) => start(node, now, mode, done), ct).ConfigureAwait(false);
            if (parse.GetValue(jsonOption))
            {
                io.Out.WriteLine(JsonSerializer.Serialize(new
                {
                    code = (int)result.Code,
                    hops = result.Hops,
                    values = result.Objects.Select(o => System.Text.Encoding.UTF8.GetString(o.Value.Span)),
                    peers = result.Peers.Select(p => new { id = p.PeerId?.ToString(), address = p.Address?.Candidates[0].EndPoint.ToString() }),
                    failure = result.Failure,
                }));
                return result.Succeeded ? 0 : 1;
            }

            if (!result.Succeeded)
            {
                return io.Fail(result.Code == ResponseCode.NotFound ? "not found" : $"failed: {result.Failure}");
            }

            print(result);
            return 0;
        }
    }

    private static NodeId KeyId(string key) => IdHash.ToId(HashAlgorithmCode.Sha1, key);

    private static async Task WaitForCancelAsync(CancellationToken ct)
    {
        try
        {
            await Task.Delay(Timeout.Infinite, ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Ctrl-C
        }
    }

    private static bool TryEndPoint(string address, int port, CliIo io, out IPEndPoint endPoint)
    {
        endPoint = new IPEndPoint(IPAddress.Loopback, 0);
        if (!IPAddress.TryParse(address, out var ip) || port is < 0 or > 65535)
        {
            io.Fail($"not an address and port: {address}:{port}");
            return false;
        }

        endPoint = new IPEndPoint(ip, port);
        return true;
    }

    private static bool TryParseEndPoint(string? text, CliIo io, string option, out IPEndPoint? endPoint)
    {
        endPoint = null;
        if (text is null)
        {
            return true;
        }

        if (IPEndPoint.TryParse(text, out var parsed) && parsed.Port != 0)
        {
            endPoint = parsed;
            return true;
        }

        io.Fail($"{option} {text}: expected HOST:PORT, e.g. 127.0.0.1:7080");
        return false;
    }
}
