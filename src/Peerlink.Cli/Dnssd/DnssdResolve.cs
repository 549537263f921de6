using System.CommandLine;
using Peerlink.Zeroconf.Dns;

namespace Peerlink.Cli.Dnssd;

/// <summary><c>peerlink dnssd resolve</c>: a .local host name's addresses, asked by multicast (RFC 6762 §5).</summary>
internal static class DnssdResolve
{
    public static CommandWithExamples Create(CliIo io)
    {
        var host = new Argument<string>("host") { Description = "The host name, e.g. printer.local (\".local\" is added when missing)." };
        var iface = DnssdOptions.Interface();
        var json = DnssdOptions.Json();
        var timeout = DnssdOptions.Timeout("Give up after this many seconds [default: 3].");
        var command = new CommandWithExamples(
            "resolve",
            "Resolve a .local host name to its addresses by asking the link (A and AAAA). Prints the host and its\n" +
            "addresses; exits 1 when nobody answers in time.",
            "peerlink dnssd resolve printer.local --interface eth1",
            "peerlink dnssd resolve avahitest --interface lo --timeout 1 --json");
        command.Arguments.Add(host);
        foreach (var o in new Option[] { iface, json, timeout })
        {
            command.Options.Add(o);
        }

        command.SetAction(async (parse, ct) =>
        {
            var text = parse.GetValue(host)!.TrimEnd('.');
            if (!DnssdOptions.TryInterface(parse.GetValue(iface), io, out var options)
                || !DnssdOptions.TryTimeout(parse.GetValue(timeout), io, out var until))
            {
                return 2;
            }

            if (!DnsName.TryParse(text, out var name) || name.IsRoot)
            {
                return io.Fail($"\"{text}\" is not a host name; e.g. printer.local");
            }

            name = name.LabelCount == 1 ? DnsName.FromLabels(name.Labels[0], "local") : name;
            var printer = new DnssdPrinter(io.Out, parse.GetValue(json));
            var wait = until ?? TimeSpan.FromSeconds(3);
            var found = false;
            var code = await DnssdBrowse.RunAsync(io, options, null, async (mdns, token) =>
            {
                var addresses = await mdns.ResolveHostAsync(name, wait, token).ConfigureAwait(false);
                found = addresses.Count > 0;
                if (found)
                {
                    printer.Resolved(name, addresses);
                }
            }, ct).ConfigureAwait(false);
            return code != 0 ? code
                : found ? 0
                : ct.IsCancellationRequested ? 130
                : io.Fail($"no answer for {name} on {options.InterfaceName} within {wait.TotalSeconds:0.###} s: no host on that link has that name");
        });
        return command;
    }
}
