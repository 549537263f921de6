using System.CommandLine;
using System.Net;
using System.Net.Sockets;
using Peerlink.Nat.Stun;

namespace Peerlink.Cli.Stun;

/// <summary><c>peerlink stun server</c>: a STUN Binding server on one UDP socket (RFC 8489), until Ctrl-C.</summary>
internal static class StunCommand
{
    public static Command Create(CliIo io)
    {
        var command = new Command("stun", "STUN (RFC 8489): tell clients the address and port their packets come from.");
        var port = new Option<int>("--port") { Description = "UDP port to listen on.", DefaultValueFactory = _ => 3478 };
        var bind = new Option<string>("--bind") { Description = "Address to listen on.", DefaultValueFactory = _ => "127.0.0.1" };
        var server = new CommandWithExamples(
            "server",
            "Answer STUN Binding requests with the source's address (XOR-MAPPED-ADDRESS), until Ctrl-C; prints a line\n" +
            "of counts when it stops.",
            "peerlink stun server --port 3478 --bind 0.0.0.0",
            "turnutils_stunclient -p 3478 127.0.0.1      # coturn's client against it");
        server.Options.Add(port);
        server.Options.Add(bind);
        server.SetAction(async (parse, ct) =>
        {
            if (!EndPoints.TryListen(parse.GetValue(bind)!, parse.GetValue(port), io, out var at))
            {
                return 2;
            }

            using var socket = new Socket(at.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            try
            {
                socket.Bind(at);
            }
            catch (SocketException e)
            {
                return io.Fail($"cannot listen on udp {at}: {e.Message}");
            }

            var engine = new StunServer("Peerlink");
            io.Out.WriteLine($"stun server on udp {socket.LocalEndPoint}; Ctrl-C stops it");
            io.Out.Flush();
            var buffer = new byte[2048];
            EndPoint any = new IPEndPoint(at.AddressFamily == AddressFamily.InterNetwork ? IPAddress.Any : IPAddress.IPv6Any, 0);
            try
            {
                while (true)
                {
                    var received = await socket.ReceiveFromAsync(buffer, SocketFlags.None, any, ct).ConfigureAwait(false);
                    if (received.RemoteEndPoint is IPEndPoint from && engine.Handle(from, buffer.AsSpan(0, received.ReceivedBytes)) is { } reply)
                    {
                        await socket.SendToAsync(reply, SocketFlags.None, from, ct).ConfigureAwait(false);
                    }
                }
            }
            catch (OperationCanceledException)
            {
                // Ctrl-C
            }

            io.Out.WriteLine($"answered {engine.Counters.Answered}, refused {engine.Counters.UnknownAttributes} (unknown attributes), dropped {engine.Counters.Dropped}");
            return 0;
        });
        command.Subcommands.Add(server);
        return command;
    }
}
