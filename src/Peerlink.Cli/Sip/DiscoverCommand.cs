using System.CommandLine;
using System.Net.Sockets;
using Peerlink.Cli.Dnssd;

namespace Peerlink.Cli.Sip;

/// <summary>
/// <c>peerlink sip discover</c>: lists the SIP URIs advertised on the link (draft-lee-sip-dns-sd-uri-01)
/// with what a caller would use for each by the rules of §5.
/// </summary>
internal static class DiscoverCommand
{
    public static CommandWithExamples Create(CliIo io)
    {
        var iface = DnssdOptions.Interface();
        var json = DnssdOptions.Json();
        var timeout = DnssdOptions.Timeout("How long to listen for advertisements, in seconds [default: 3].");
        var command = new CommandWithExamples(
            "discover",
            "List the SIP URIs advertised on the link (_sipuri._udp and _sipuri._tcp, draft-lee-sip-dns-sd-uri-01),\n" +
            "each with its display name and contact, and what a call would use (§5): To from the instance name,\n" +
            "Request-URI from the contact (else To), and the destination host:port from the contact (else the SRV\n" +
            "record). These URIs are not authenticated: anyone on the link can advertise any of them (§9).\n" +
            "Exits 1 when none is found in time.",
            "peerlink sip discover --interface eth1",
            "peerlink sip discover --interface eth1 --timeout 5 --json");
        foreach (var o in new Option[] { iface, json, timeout })
        {
            command.Options.Add(o);
        }

        command.SetAction(async (parse, ct) =>
        {
            if (!DnssdOptions.TryInterface(parse.GetValue(iface), io, out var options)
                || !DnssdOptions.TryTimeout(parse.GetValue(timeout), io, out var until))
            {
                return 2;
            }

            var wait = until ?? TimeSpan.FromSeconds(3);
            var printer = new DiscoverPrinter(io.Out, parse.GetValue(json));
            IReadOnlyList<DiscoveredSipUri> found;
            try
            {
                found = await SipUriDiscovery.DiscoverAsync(options.InterfaceName!, wait, ct).ConfigureAwait(false);
            }
            catch (ArgumentException e)
            {
                return io.Fail(DnssdOptions.Plain(e));
            }
            catch (SocketException e)
            {
                return io.Fail($"cannot open the mDNS socket on {options.InterfaceName}: {e.Message}");
            }
            catch (OperationCanceledException)
            {
                return 130;
            }

            foreach (var d in found)
            {
                printer.Print(d);
            }

            return found.Count > 0 ? 0
                : io.Fail($"no SIP URI is advertised on {options.InterfaceName} (no _sipuri._udp or _sipuri._tcp instance within {wait.TotalSeconds:0.###} s)");
        });
        return command;
    }
}
