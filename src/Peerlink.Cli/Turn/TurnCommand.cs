using System.CommandLine;
using System.Net;
using System.Net.Sockets;
using Peerlink.Hosting.Turn;
using Peerlink.Nat.Turn;

namespace Peerlink.Cli.Turn;

/// <summary><c>peerlink turn server</c>: a TURN relay (RFC 8656) on UDP and TCP, until Ctrl-C.</summary>
internal static class TurnCommand
{
    public static Command Create(CliIo io)
    {
        var command = new Command("turn", "TURN (RFC 8656): relay UDP for clients that cannot reach their peers directly.");
        var port = new Option<int>("--port") { Description = "UDP and TCP port to listen on.", DefaultValueFactory = _ => 3478 };
        var bind = new Option<string>("--bind") { Description = "Address to listen on.", DefaultValueFactory = _ => "127.0.0.1" };
        var realm = new Option<string>("--realm") { Description = "The realm of the long-term credentials (REALM).", DefaultValueFactory = _ => "peerlink" };
        var users = new Option<string[]>("--user") { Description = "A user as NAME:PASSWORD; repeat for more. At least one is needed.", AllowMultipleArgumentsPerToken = false };
        var relayIp = new Option<string?>("--relay-ip") { Description = "Address relayed ports are opened on [default: the --bind address]." };
        var minPort = new Option<int>("--min-port") { Description = "Lowest relay port.", DefaultValueFactory = _ => 49152 };
        var maxPort = new Option<int>("--max-port") { Description = "Highest relay port.", DefaultValueFactory = _ => 65535 };
        var loopback = new Option<bool>("--allow-loopback-peers") { Description = "Relay to peers on 127.0.0.0/8 and ::1 (refused by default: they are this host's own services)." };
        var quota = new Option<int>("--quota") { Description = "Allocations one user may hold at once (486 beyond it).", DefaultValueFactory = _ => 10 };
        var strictChannels = new Option<bool>("--strict-channels") { Description = "Bind only RFC 8656's channels 0x4000-0x4FFF; by default RFC 5766's 0x4000-0x7FFF, which coturn's clients use, are bound too." };
        var server = new CommandWithExamples(
            "server",
            "Relay UDP for TURN clients (Allocate, Refresh, CreatePermission, ChannelBind, Send and Data, ChannelData) over\n" +
            "UDP and TCP, with long-term credentials (401 then MESSAGE-INTEGRITY), until Ctrl-C; prints a line of counts\n" +
            "when it stops. Peers are reached only with a permission; loopback peers only with --allow-loopback-peers.",
            "peerlink turn server --realm example.org --user alice:secret --allow-loopback-peers",
            "turnutils_peer -L 127.0.0.1 -p 3480 &                   # coturn's echo peer",
            "turnutils_uclient -u alice -w secret -e 127.0.0.1 -r 3480 -n 10 127.0.0.1   # coturn's client through it",
            "peerlink turn server --bind 0.0.0.0 --relay-ip 192.0.2.10 --user alice:secret --user bob:pw --min-port 50000 --max-port 50999");
        foreach (var option in new Option[] { port, bind, realm, users, relayIp, minPort, maxPort, loopback, quota, strictChannels })
        {
            server.Options.Add(option);
        }

        server.SetAction(async (parse, ct) =>
        {
            if (!EndPoints.TryListen(parse.GetValue(bind)!, parse.GetValue(port), io, out var at)
                || !TryUsers(parse.GetValue(users) ?? [], io, out var accounts)
                || !TryRelay(parse.GetValue(relayIp), io, out var relay))
            {
                return 2;
            }

            TurnHostOptions options;
            try
            {
                options = new TurnHostOptions
                {
                    Listen = at,
                    RelayAddress = relay,
                    MinRelayPort = parse.GetValue(minPort),
                    MaxRelayPort = parse.GetValue(maxPort),
                    Server = new TurnServerOptions
                    {
                        Realm = parse.GetValue(realm)!,
                        Users = accounts,
                        UserQuota = parse.GetValue(quota),
                        AllowLoopbackPeers = parse.GetValue(loopback),
                        HighestChannel = parse.GetValue(strictChannels) ? ChannelData.LastChannel : (ushort)0x7FFF,
                    },
                };
                await using var host = new TurnHost(options);
                host.Start();
                io.Out.WriteLine($"turn server on udp {host.LocalEndPoint} and tcp {host.LocalEndPoint}, realm {options.Server.Realm}; Ctrl-C stops it");
                io.Out.Flush();
                await EndPoints.UntilCancelledAsync(ct).ConfigureAwait(false);
                var c = host.Counts();
                io.Out.WriteLine(
                    $"allocations {c.AllocationsCreated} ({c.Allocations} left), answered {c.Succeeded}, refused {c.Refused}, " +
                    $"relayed {c.RelayedToPeers} to peers and {c.RelayedToClients} to clients, dropped {c.Dropped}, send errors {c.SendErrors}");
                return 0;
            }
            catch (SocketException e)
            {
                io.Fail($"cannot listen on udp and tcp {at}: {e.Message}");
                return 2;
            }
            catch (ArgumentException e)
            {
                io.Fail(e.Message);
                return 2;
            }
        });
        command.Subcommands.Add(server);
        return command;
    }

    private static bool TryUsers(string[] values, CliIo io, out Dictionary<string, string> users)
    {
        users = new Dictionary<string, string>(StringComparer.Ordinal);
        if (values.Length == 0)
        {
            io.Fail("give at least one --user NAME:PASSWORD");
            return false;
        }

        foreach (var value in values)
        {
            var colon = value.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                io.Fail($"--user {value}: expected NAME:PASSWORD, e.g. alice:secret");
                return false;
            }

            users[value[..colon]] = value[(colon + 1)..];
        }

        return true;
    }

    private static bool TryRelay(string? text, CliIo io, out IPAddress? relay)
    {
        relay = null;
        if (text is null)
        {
            return true;
        }

        if (IPAddress.TryParse(text, out relay) && relay.AddressFamily is AddressFamily.InterNetwork or AddressFamily.InterNetworkV6)
        {
            return true;
        }

        io.Fail($"--relay-ip {text}: not an IP address");
        return false;
    }
}
