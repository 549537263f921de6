using System.CommandLine;
using System.Net;
using System.Net.Sockets;
using Peerlink.Hosting;
using Peerlink.Zeroconf.Dns;
using Peerlink.Zeroconf.Mdns;

namespace Peerlink.Cli.Dnssd;

/// <summary><c>peerlink dnssd publish</c>: publishes one service instance until Ctrl-C (or --timeout), then says goodbye.</summary>
internal static class DnssdPublish
{
    public static CommandWithExamples Create(CliIo io)
    {
        var name = new Argument<string>("name") { Description = "The instance name people see: any UTF-8 up to 63 bytes, spaces, dots and parentheses included." };
        var type = new Argument<string>("type") { Description = "The service type, _SERVICE._tcp or _SERVICE._udp (e.g. _ipp._tcp, _http._tcp)." };
        var port = new Argument<int>("port") { Description = "The port the service listens on." };
        var txt = new Argument<string[]>("txt") { Description = "Attributes for the TXT record: key=value, or a bare key for a flag (RFC 6763 §6).", Arity = ArgumentArity.ZeroOrMore };
        var host = new Option<string?>("--host") { Description = "The host name the SRV record points to [default: this machine's name].local." };
        var address = new Option<string[]>("--address") { Description = "An address of the host, published as its A or AAAA record; repeat for more [default: the interface's IPv4 address].", AllowMultipleArgumentsPerToken = false };
        var subtype = new Option<string[]>("--subtype") { Description = "A subtype to be found under too, e.g. _color (RFC 6763 §7.1); repeat for more." };
        var iface = DnssdOptions.Interface();
        var json = DnssdOptions.Json();
        var timeout = DnssdOptions.Timeout("Withdraw (with goodbyes) after this many seconds [default: run until Ctrl-C].");
        var command = new CommandWithExamples(
            "publish",
            "Publish a service on the link: probe that its name is free (RFC 6762 §8), announce it, answer queries\n" +
            "for it, and defend the name. If another host already has the name it is renamed \"Name (2)\", \"Name (3)\"...\n" +
            "Ctrl-C withdraws it with goodbye packets (TTL 0), so browsers drop it at once.",
            "peerlink dnssd publish \"My Printer\" _ipp._tcp 631 txtvers=1 rp=printers/x --interface eth1",
            "peerlink dnssd publish \"Web\" _http._tcp 8080 path=/ --host web.local --address 10.0.0.7 --interface eth1",
            "peerlink dnssd publish \"Büro (2. Stock)\" _ipp._tcp 631 --subtype _color --interface eth1 --json");
        foreach (var a in new Argument[] { name, type, port, txt })
        {
            command.Arguments.Add(a);
        }

        foreach (var o in new Option[] { host, address, subtype, iface, json, timeout })
        {
            command.Options.Add(o);
        }

        command.SetAction(async (parse, ct) =>
        {
            var printer = new DnssdPrinter(io.Out, parse.GetValue(json));
            if (!DnssdOptions.TryInterface(parse.GetValue(iface), io, out var options)
                || !DnssdOptions.TryServiceType(parse.GetValue(type)!, io, out var typeName)
                || !DnssdOptions.TryTimeout(parse.GetValue(timeout), io, out var until)
                || !TryPort(parse.GetValue(port), io, out var servicePort)
                || !TryTxt(parse.GetValue(txt) ?? [], io, out var attributes)
                || !TryHost(parse.GetValue(host), io, out var hostName)
                || !TryAddresses(parse.GetValue(address) ?? [], io, out var addresses))
            {
                return 2;
            }

            if (!DnssdOptions.TryOpen(options, io, out var mdns))
            {
                return 1;
            }

            await using (mdns.ConfigureAwait(false))
            {
                if (addresses.Count == 0)
                {
                    addresses.Add(mdns.Transport.InterfaceAddress);
                }

                ServiceInstance service;
                try
                {
                    service = new ServiceInstance(parse.GetValue(name)!, DnsName.FromLabels(typeName.Labels.Take(typeName.LabelCount - 1)), hostName, servicePort)
                    {
                        Domain = DnsName.FromLabels(typeName.Labels[^1]),
                        Txt = attributes,
                        Addresses = [.. addresses],
                        Subtypes = [.. parse.GetValue(subtype) ?? []],
                    };
                    // The full name must fit DNS (labels ≤ 63 bytes, name ≤ 255): refused here, before anything is sent.
                    _ = DnsName.FromLabels([service.InstanceName, .. typeName.Labels]);
                }
                catch (ArgumentException e)
                {
                    return io.Fail($"cannot publish that: {DnssdOptions.Plain(e)}");
                }

                await mdns.StartAsync(ct).ConfigureAwait(false);
                return await RunAsync(mdns, service, printer, until, ct).ConfigureAwait(false);
            }
        });
        return command;
    }

    /// <summary>
    /// Publishes <paramref name="service"/> until Ctrl-C or <paramref name="until"/>, printing each state it goes
    /// through (probing, renamed, conflict, established, withdrawn), then withdraws it with a goodbye.
    /// <paramref name="establishedText"/> words the established line (from the change and the link), and
    /// <paramref name="renamed"/> hears each new name a conflict gave (for <c>peerlink sip advertise</c>).
    /// </summary>
    internal static async Task<int> RunAsync(MdnsHost mdns, ServiceInstance service, DnssdPrinter printer, TimeSpan? until, CancellationToken ct, Func<ServiceChange, string, string>? establishedText = null, Action<string>? renamed = null)
    {
        var on = $"{mdns.Transport.InterfaceName} ({mdns.Transport.InterfaceAddress})";
        ServicePublication publication;
        try
        {
            publication = await mdns.PublishAsync(service, ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return 130;
        }

        DnsName? last = null;
        var established = false;
        using var stop = DnssdOptions.Until(until, ct);
        try
        {
            await foreach (var change in publication.Changes.ReadAllAsync(stop.Token).ConfigureAwait(false))
            {
                var label = DnssdPrinter.Instance(change.InstanceName);
                switch (change.State)
                {
                    case ServiceState.Probing when last is null:
                        printer.Published("probing", change, $"probing for \"{label}\" ({change.InstanceName.Parent}) on {on}");
                        break;
                    case ServiceState.Probing when last != change.InstanceName:
                        printer.Published("renamed", change, $"name conflict: \"{DnssdPrinter.Instance(last)}\" is taken on this link; renamed to \"{label}\", probing again");
                        renamed?.Invoke(label);
                        break;
                    case ServiceState.Probing when established:
                        printer.Published("conflict", change, $"another host claims \"{label}\"; probing again to settle who keeps it");
                        break;
                    case ServiceState.Announcing:
                        established = true;
                        printer.Published("established", change, establishedText?.Invoke(change, on) ?? $"established under the name \"{label}\": answering on {on}; Ctrl-C withdraws it");
                        break;
                }

                last = change.InstanceName;
            }
        }
        catch (OperationCanceledException)
        {
            // Ctrl-C or --timeout: withdraw.
        }

        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(3));
        await mdns.StopAsync(grace.Token).ConfigureAwait(false);
        if (last is not null)
        {
            printer.Published(
                "withdrawn",
                new ServiceChange(publication.Handle, ServiceState.Withdrawn, last),
                established ? $"withdrawn \"{DnssdPrinter.Instance(last)}\": goodbye sent (TTL 0)" : $"withdrawn \"{DnssdPrinter.Instance(last)}\" before it was established");
        }

        return 0;
    }

    private static bool TryPort(int value, CliIo io, out ushort port)
    {
        port = 0;
        if (value is < 0 or > ushort.MaxValue)
        {
            io.Fail($"port {value}: give 0 to 65535");
            return false;
        }

        port = (ushort)value;
        return true;
    }

    private static bool TryTxt(string[] items, CliIo io, out TxtData txt)
    {
        txt = TxtData.Empty;
        var pairs = new List<(string, string?)>();
        foreach (var item in items)
        {
            var at = item.IndexOf('=', StringComparison.Ordinal);
            var key = at < 0 ? item : item[..at];
            if (key.Length == 0)
            {
                io.Fail($"TXT attribute \"{item}\": the key before '=' cannot be empty (RFC 6763 §6.4)");
                return false;
            }

            pairs.Add((key, at < 0 ? null : item[(at + 1)..]));
        }

        try
        {
            txt = TxtData.FromAttributes(pairs);
            return true;
        }
        catch (ArgumentException e)
        {
            io.Fail($"TXT attributes: {DnssdOptions.Plain(e)}");
            return false;
        }
    }

    private static bool TryHost(string? text, CliIo io, out DnsName host)
    {
        if (text is null)
        {
            var label = new string([.. Dns.GetHostName().ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-')]).Trim('-');
            host = DnsName.FromLabels(label.Length == 0 ? "peerlink" : label[..Math.Min(label.Length, 63)], "local");
            return true;
        }

        host = DnsName.Root;
        if (!DnsName.TryParse(text.TrimEnd('.'), out var parsed) || parsed.IsRoot)
        {
            io.Fail($"--host \"{text}\" is not a host name; e.g. --host printer.local");
            return false;
        }

        host = parsed.LabelCount == 1 ? DnsName.FromLabels(parsed.Labels[0], "local") : parsed;
        return true;
    }

    private static bool TryAddresses(string[] texts, CliIo io, out List<IPAddress> addresses)
    {
        addresses = [];
        foreach (var text in texts)
        {
            // IPAddress.TryParse takes "10.0.0" as 10.0.0.0; an address on the wire must be written in full.
            if (!IPAddress.TryParse(text, out var a) || (a.AddressFamily == AddressFamily.InterNetwork && text.Count(c => c == '.') != 3))
            {
                io.Fail($"--address \"{text}\" is not an IPv4 or IPv6 address");
                return false;
            }

            addresses.Add(a);
        }

        return true;
    }
}
