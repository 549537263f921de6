using System.CommandLine;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Peerlink.Hosting.Stun;
using Peerlink.Nat.Stun;

namespace Peerlink.Cli.Stun;

/// <summary>
/// <c>peerlink stun client HOST[:PORT]</c>: asks a STUN server for this host's mapped address and, when the
/// server has a second address, runs RFC 5780's tests for the NAT's mapping and filtering behaviour.
/// </summary>
internal static class StunClientCommand
{
    public static Command Create(CliIo io)
    {
        var serverArgument = new Argument<string>("server") { Description = "The STUN server: IP, or IP:PORT (port 3478 when left out)." };
        var bind = new Option<string?>("--bind") { Description = "Local address to send from (default: the one the route to the server uses)." };
        var port = new Option<int>("--local-port") { Description = "Local UDP port (0: any free one).", DefaultValueFactory = _ => 0 };
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of lines." };
        var client = new CommandWithExamples(
            "client",
            "Send STUN Binding requests (RFC 8489, retransmitted as §6.2.1 says) and print the address the server saw.\n" +
            "When the server names a second address (OTHER-ADDRESS), also run RFC 5780's mapping and filtering\n" +
            "tests and print the NAT's behaviour. Exit 1 when the server does not answer.",
            "peerlink stun client 127.0.0.1:3478",
            "peerlink stun client 203.0.113.5 --json        # a coturn with two --listening-ip, or `peerlink stun server --alternate`");
        client.Arguments.Add(serverArgument);
        foreach (var o in new Option[] { bind, port, json })
        {
            client.Options.Add(o);
        }

        client.SetAction(async (parse, ct) =>
        {
            var text = parse.GetValue(serverArgument)!;
            IPEndPoint? server = IPAddress.TryParse(text, out var ip) ? new IPEndPoint(ip, 3478)
                : IPEndPoint.TryParse(text, out var parsed) && parsed.Port != 0 ? parsed : null;
            if (server is null)
            {
                return io.Fail($"server {text}: expected IP or IP:PORT, e.g. 127.0.0.1:3478");
            }

            IPAddress localIp;
            if (parse.GetValue(bind) is { } b)
            {
                if (!IPAddress.TryParse(b, out localIp!))
                {
                    return io.Fail($"--bind {b}: not an IP address");
                }
            }
            else
            {
                try
                {
                    localIp = StunClientSocket.RouteTo(server);
                }
                catch (SocketException e)
                {
                    return io.Fail($"no route to {server}: {e.Message}");
                }
            }

            StunClientSocket socket;
            try
            {
                socket = new StunClientSocket(new IPEndPoint(localIp, parse.GetValue(port)), NatBehaviorProbe.ProbeTiming);
            }
            catch (SocketException e)
            {
                return io.Fail($"cannot bind {localIp}:{parse.GetValue(port)}: {e.Message}");
            }

            await using (socket.ConfigureAwait(false))
            {
                NatBehaviorReport report;
                try
                {
                    report = await NatBehaviorProbe.RunAsync(socket, server, socket.LocalEndPoint, ct).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return 130;
                }

                Print(io, report, parse.GetValue(json));
                return report.Mapped is null ? 1 : 0;
            }
        });
        return client;
    }

    private static void Print(CliIo io, NatBehaviorReport report, bool json)
    {
        if (json)
        {
            io.Out.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object?>
            {
                ["local"] = report.Local.ToString(),
                ["mapped"] = report.Mapped?.ToString(),
                ["other_address"] = report.Other?.ToString(),
                ["mapping"] = Kebab(report.Mapping.ToString()),
                ["filtering"] = Kebab(report.Filtering.ToString()),
                ["steps"] = report.Steps,
            }));
            return;
        }

        foreach (var step in report.Steps)
        {
            io.Out.WriteLine("  " + step);
        }

        io.Out.WriteLine($"local      {report.Local}");
        io.Out.WriteLine($"mapped     {report.Mapped?.ToString() ?? "(no answer)"}");
        if (report.Mapped is null)
        {
            io.Error.WriteLine("peerlink: the STUN server did not answer");
            return;
        }

        io.Out.WriteLine($"mapping    {NatBehavior.Describe(report.Mapping)}");
        io.Out.WriteLine($"filtering  {NatBehavior.Describe(report.Filtering)}");
    }

    private static string Kebab(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) && i > 0 ? "-" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
