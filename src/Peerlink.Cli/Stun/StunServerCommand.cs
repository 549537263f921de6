using System.CommandLine;
using System.Net;
using System.Net.Sockets;
using Peerlink.Hosting.Stun;
using Peerlink.Nat.Stun;

namespace Peerlink.Cli.Stun;

/// <summary>
/// <c>peerlink stun server</c>: a STUN Binding server (RFC 8489) on one UDP socket, or with
/// <c>--alternate</c> on four (two IPs × two ports) for NAT behaviour discovery (RFC 5780), until Ctrl-C.
/// </summary>
internal static class StunServerCommand
{
    public static Command Create(CliIo io)
    {
        var port = new Option<int>("--port") { Description = "UDP port to listen on.", DefaultValueFactory = _ => 3478 };
        var bind = new Option<string>("--bind") { Description = "Address to listen on.", DefaultValueFactory = _ => "127.0.0.1" };
        var alternate = new Option<string?>("--alternate")
        {
            Description = "A second address of this host. The server then also listens on it and on --alternate-port, names them in\n" +
                "OTHER-ADDRESS, and answers CHANGE-REQUEST, so clients can learn their NAT's behaviour (RFC 5780).",
        };
        var alternatePort = new Option<int?>("--alternate-port") { Description = "The second port with --alternate (default: --port + 1)." };
        var server = new CommandWithExamples(
            "server",
            "Answer STUN Binding requests with the source's address (XOR-MAPPED-ADDRESS), until Ctrl-C; prints a line\n" +
            "of counts when it stops.",
            "peerlink stun server --port 3478 --bind 0.0.0.0",
            "peerlink stun server --bind 10.0.0.2 --alternate 10.0.0.3      # RFC 5780: 10.0.0.2-3, ports 3478-3479",
            "turnutils_stunclient -p 3478 127.0.0.1      # coturn's client against it");
        foreach (var o in new Option[] { port, bind, alternate, alternatePort })
        {
            server.Options.Add(o);
        }

        server.SetAction(async (parse, ct) =>
        {
            if (!EndPoints.TryListen(parse.GetValue(bind)!, parse.GetValue(port), io, out var at))
            {
                return 2;
            }

            StunServerAddresses? addresses = null;
            if (parse.GetValue(alternate) is { } text)
            {
                if (!IPAddress.TryParse(text, out var second) || at.Port == 0)
                {
                    return io.Fail($"--alternate {text}: expected a second IP address of this host, and a --port other than 0");
                }

                try
                {
                    addresses = new StunServerAddresses(at.Address, second, at.Port, parse.GetValue(alternatePort) ?? at.Port + 1).Validated();
                }
                catch (ArgumentException e)
                {
                    return io.Fail($"--alternate: {e.Message}");
                }
            }

            var engine = new StunServer("Peerlink", addresses);
            StunServerHost host;
            try
            {
                host = new StunServerHost(engine, addresses?.All ?? [at]);
            }
            catch (SocketException e)
            {
                return io.Fail($"cannot listen on udp {at.Address}: {e.Message}");
            }

            using (host)
            {
                host.Start();
                io.Out.WriteLine($"stun server on udp {string.Join(", ", host.LocalEndPoints)}; Ctrl-C stops it");
                io.Out.Flush();
                await EndPoints.UntilCancelledAsync(ct).ConfigureAwait(false);
            }

            var c = engine.Counters;
            io.Out.WriteLine($"answered {c.Answered} ({c.ChangeRequests} from another address on request), refused {c.UnknownAttributes} (unknown attributes) and {c.BadRequests} (bad), dropped {c.Dropped}");
            return 0;
        });
        return server;
    }
}
