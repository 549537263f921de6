using System.CommandLine;
using Peerlink.Hosting;
using Peerlink.Zeroconf.Dns;
using Peerlink.Zeroconf.Mdns;

namespace Peerlink.Cli.Dnssd;

/// <summary><c>peerlink dnssd browse</c> and <c>peerlink dnssd types</c>: live lists of instances, or of service types, on the link.</summary>
internal static class DnssdBrowse
{
    public static CommandWithExamples Create(CliIo io)
    {
        var type = new Argument<string>("type") { Description = "The service type to browse (e.g. _ipp._tcp), or a subtype (_color._sub._ipp._tcp)." };
        var resolve = new Option<bool>("--resolve", "-r") { Description = "Also find each instance's host, addresses, port and TXT attributes, and print them (\"=\" lines) as they arrive and change." };
        var iface = DnssdOptions.Interface();
        var json = DnssdOptions.Json();
        var timeout = DnssdOptions.Timeout("Stop after this many seconds [default: run until Ctrl-C].");
        var command = new CommandWithExamples(
            "browse",
            "Browse one service type on the link (RFC 6763 §4): a line as each instance appears (+), is resolved (=)\n" +
            "and goes (-), with a goodbye or when its records expire. Queries back off from 1 s to an hour (RFC 6762 §5.2).",
            "peerlink dnssd browse _ipp._tcp --interface eth1                  # + and - as printers come and go",
            "peerlink dnssd browse _http._tcp --resolve --timeout 3 --interface eth1 --json",
            "peerlink dnssd browse _color._sub._ipp._tcp --interface eth1      # only colour printers (a subtype)");
        command.Arguments.Add(type);
        foreach (var o in new Option[] { resolve, iface, json, timeout })
        {
            command.Options.Add(o);
        }

        command.SetAction(async (parse, ct) =>
        {
            if (!DnssdOptions.TryInterface(parse.GetValue(iface), io, out var options)
                || !DnssdOptions.TryServiceType(parse.GetValue(type)!, io, out var typeName)
                || !DnssdOptions.TryTimeout(parse.GetValue(timeout), io, out var until))
            {
                return 2;
            }

            var printer = new DnssdPrinter(io.Out, parse.GetValue(json));
            var resolving = parse.GetValue(resolve);
            return await RunAsync(io, options, until, async (mdns, token) =>
            {
                printer.Note($"browsing {typeName} on {mdns.Transport.InterfaceName} ({mdns.Transport.InterfaceAddress})");
                await using var browsing = await mdns.BrowseAsync(typeName, resolving, token).ConfigureAwait(false);
                var shown = new Dictionary<DnsName, BrowsedService>();
                await foreach (var change in browsing.Changes.ReadAllAsync(token).ConfigureAwait(false))
                {
                    var s = change.Service;
                    switch (change.Kind)
                    {
                        case BrowseChangeKind.Added:
                            printer.Browsed("added", s);
                            break;
                        case BrowseChangeKind.Removed:
                            shown.Remove(s.Name);
                            printer.Browsed("removed", s);
                            break;
                        case BrowseChangeKind.Updated when resolving && s.IsResolved:
                            // One "resolved" line when it first can be used, then one per change of what a user sees.
                            var was = shown.GetValueOrDefault(s.Name);
                            shown[s.Name] = s;
                            printer.Browsed(was is null ? "resolved" : "updated", s);
                            break;
                    }
                }
            }, ct).ConfigureAwait(false);
        });
        return command;
    }

    public static CommandWithExamples CreateTypes(CliIo io)
    {
        var iface = DnssdOptions.Interface();
        var json = DnssdOptions.Json();
        var timeout = DnssdOptions.Timeout("Stop after this many seconds [default: run until Ctrl-C].");
        var command = new CommandWithExamples(
            "types",
            "List the service types on the link as they are found (RFC 6763 §9: PTRs of _services._dns-sd._udp.local).",
            "peerlink dnssd types --interface eth1 --timeout 3");
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

            var printer = new DnssdPrinter(io.Out, parse.GetValue(json));
            return await RunAsync(io, options, until, async (mdns, token) =>
            {
                printer.Note($"listing service types on {mdns.Transport.InterfaceName} ({mdns.Transport.InterfaceAddress})");
                await using var browsing = await mdns.BrowseServiceTypesAsync(cancellationToken: token).ConfigureAwait(false);
                await foreach (var change in browsing.Changes.ReadAllAsync(token).ConfigureAwait(false))
                {
                    if (change.Kind != BrowseChangeKind.Updated)
                    {
                        printer.ServiceType(change.Kind == BrowseChangeKind.Added, change.Service.Name);
                    }
                }
            }, ct).ConfigureAwait(false);
        });
        return command;
    }

    /// <summary>Opens an mDNS host, runs <paramref name="work"/> until Ctrl-C or the timeout, and closes it. Exit 0 then.</summary>
    internal static async Task<int> RunAsync(CliIo io, MdnsTransportOptions options, TimeSpan? until, Func<MdnsHost, CancellationToken, Task> work, CancellationToken ct)
    {
        if (!DnssdOptions.TryOpen(options, io, out var mdns))
        {
            return 1;
        }

        await using (mdns.ConfigureAwait(false))
        {
            using var stop = DnssdOptions.Until(until, ct);
            try
            {
                await mdns.StartAsync(stop.Token).ConfigureAwait(false);
                await work(mdns, stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                // Ctrl-C or --timeout: the normal end.
            }

            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await mdns.StopAsync(grace.Token).ConfigureAwait(false);
        }

        return 0;
    }
}
