using System.CommandLine;
using Peerlink.Cli.Dnssd;
using Peerlink.Hosting;
using Peerlink.Sip.Discovery;
using Peerlink.Sip.Message;
using Peerlink.Zeroconf.Dns;
using Peerlink.Zeroconf.Mdns;

namespace Peerlink.Cli.Sip;

/// <summary>
/// <c>peerlink sip advertise</c>: publishes a SIP URI on the link as a <c>_sipuri</c> DNS-SD service
/// (draft-lee-sip-dns-sd-uri-01 §4) until Ctrl-C, then withdraws it with goodbyes.
/// </summary>
internal static class AdvertiseCommand
{
    public static CommandWithExamples Create(CliIo io)
    {
        var uri = new Argument<string>("uri") { Description = "The SIP or SIPS URI to advertise, preferably the address-of-record (draft §4.1), e.g. sip:bob@example.com." };
        var name = new Option<string?>("--name") { Description = "The display name callers put in To (TXT name=, §4.2.2), e.g. \"Bob\"." };
        var description = new Option<string?>("--description") { Description = "Text after the URI in the instance name, e.g. \"- Softphone\"; shortened to fit 63 octets (§4.1)." };
        var port = new Option<int>("--port") { Description = "The port the UA takes SIP on (the SRV port).", DefaultValueFactory = _ => SipUriClientRules.DefaultPort };
        var contact = new Option<string?>("--contact") { Description = "A direct route to the UA (TXT contact=, §4.2.3): a SIP or SIPS URI, e.g. sip:bob@10.0.0.2:5070. Callers send there instead of to the SRV host and port." };
        var transport = new Choice<SipUriTransport>(
            "--transport", "The transport the service type names (draft §4.1, §8): _sipuri._udp or _sipuri._tcp.", [("udp", SipUriTransport.Udp), ("tcp", SipUriTransport.Tcp)], "udp");
        var iface = DnssdOptions.Interface();
        var json = DnssdOptions.Json();
        var timeout = DnssdOptions.Timeout("Withdraw (with goodbyes) after this many seconds [default: run until Ctrl-C].");
        var command = new CommandWithExamples(
            "advertise",
            "Advertise a SIP URI on the link with DNS-SD (draft-lee-sip-dns-sd-uri-01): the instance \"URI description\"\n" +
            "in _sipuri._udp (or ._tcp), its SRV host and port, and TXT txtvers=1, name and contact. The name is probed\n" +
            "first (RFC 6762 §8); if another UA has it, it gets a suffix (\"sip:bob@example.com (2)\"), which callers read\n" +
            "past. Ctrl-C withdraws it with goodbye packets. Anyone on a link can advertise any URI: callers are told so.",
            "peerlink sip advertise sip:bob@example.com --name Bob --description \"- Softphone\" --interface eth1",
            "peerlink sip advertise sip:bob@example.com --port 5070 --contact sip:bob@192.168.1.20:5070 --interface eth1",
            "peerlink sip advertise sip:alice@example.com --transport tcp --timeout 60 --json --interface eth1");
        command.Arguments.Add(uri);
        foreach (var o in new Option[] { name, description, port, contact, transport.Option, iface, json, timeout })
        {
            command.Options.Add(o);
        }

        command.SetAction(async (parse, ct) =>
        {
            var printer = new DnssdPrinter(io.Out, parse.GetValue(json));
            var type = transport.Get(parse);
            if (!DnssdOptions.TryInterface(parse.GetValue(iface), io, out var options)
                || !DnssdOptions.TryTimeout(parse.GetValue(timeout), io, out var until)
                || !TryUri(parse.GetValue(uri)!, io, out var sipUri)
                || !TryPort(parse.GetValue(port), io, out var sipPort)
                || !TryContact(parse.GetValue(contact), io, out var contactAddress)
                || !TryLabel(sipUri, parse.GetValue(description), io, out var label, out var shortened)
                || !TryTxt(new SipUriTxt { HasVersion = true, Name = Blank(parse.GetValue(name)), Contact = contactAddress }, io, out var txt))
            {
                return 2;
            }

            if (!DnssdOptions.TryOpen(options, io, out var mdns))
            {
                return 1;
            }

            await using (mdns.ConfigureAwait(false))
            {
                var service = new ServiceInstance(label, DnsName.FromLabels(SipUriServiceType.ServiceLabel, SipUriServiceType.ProtocolLabel(type)), HostName(), sipPort)
                {
                    Txt = txt,
                    Addresses = [mdns.Transport.InterfaceAddress],
                };
                if (shortened)
                {
                    printer.Note($"the description was shortened to fit the 63 octets of an instance name: \"{label}\"");
                }

                await mdns.StartAsync(ct).ConfigureAwait(false);
                return await RunAsync(mdns, service, sipUri, printer, until, ct).ConfigureAwait(false);
            }
        });
        return command;
    }

    private static Task<int> RunAsync(MdnsHost mdns, ServiceInstance service, SipUri uri, DnssdPrinter printer, TimeSpan? until, CancellationToken ct) =>
        DnssdPublish.RunAsync(
            mdns,
            service,
            printer,
            until,
            ct,
            (change, on) => $"advertising {uri} as \"{DnssdPrinter.Instance(change.InstanceName)}\" in {change.InstanceName.Parent} on {on}, port {service.Port}; Ctrl-C withdraws it",
            label =>
            {
                if (!SipUriInstanceName.TryParse(label, out var renamed, out _) || renamed.Uri != uri)
                {
                    // The responder cuts a 63-octet name to fit its suffix; a long URI may not survive that.
                    printer.Note($"warning: \"{label}\" no longer starts with {uri}; callers will not find the URI in it (use a shorter --description or URI)");
                }
            });

    private static bool TryUri(string text, CliIo io, out SipUri uri)
    {
        uri = null!;
        if (!SipUri.TryParse(text, out var parsed, out var error))
        {
            io.Fail($"\"{text}\" is not a SIP or SIPS URI ({error}); e.g. sip:bob@example.com");
            return false;
        }

        uri = parsed;
        return true;
    }

    private static bool TryPort(int value, CliIo io, out ushort port)
    {
        port = 0;
        if (value is < 1 or > ushort.MaxValue)
        {
            io.Fail($"--port {value}: give 1 to 65535");
            return false;
        }

        port = (ushort)value;
        return true;
    }

    private static bool TryContact(string? text, CliIo io, out SipNameAddress? contact)
    {
        contact = null;
        if (text is null)
        {
            return true;
        }

        if (!SipNameAddress.TryParse(text, out var parsed, out var error))
        {
            io.Fail($"--contact \"{text}\": {error}; e.g. --contact sip:bob@192.168.1.20:5070");
            return false;
        }

        if (parsed.SipUri is null)
        {
            io.Fail($"--contact \"{text}\" is not a SIP or SIPS URI; the contact attribute takes no other scheme (draft §4.2.3)");
            return false;
        }

        contact = parsed;
        return true;
    }

    private static bool TryLabel(SipUri uri, string? description, CliIo io, out string label, out bool shortened)
    {
        shortened = false;
        if (!SipUriInstanceName.TryFormat(uri, description, out var formatted, out var error))
        {
            label = string.Empty;
            io.Fail($"cannot advertise that: {error}");
            return false;
        }

        label = formatted;
        var wanted = string.IsNullOrWhiteSpace(description) ? uri.ToString() : $"{uri} {description.Trim()}";
        shortened = label != wanted;
        return true;
    }

    private static bool TryTxt(SipUriTxt attributes, CliIo io, out TxtData txt)
    {
        txt = TxtData.Empty;
        try
        {
            txt = TxtData.FromAttributes(attributes.ToAttributes().Select(a => (a.Key, (string?)a.Value)));
            return true;
        }
        catch (ArgumentException e)
        {
            io.Fail($"cannot advertise that: {DnssdOptions.Plain(e)}");
            return false;
        }
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    /// <summary>This machine's name as a .local host name (the SRV target), as <c>dnssd publish</c> makes it.</summary>
    private static DnsName HostName()
    {
        var label = new string([.. System.Net.Dns.GetHostName().ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-')]).Trim('-');
        return DnsName.FromLabels(label.Length == 0 ? "peerlink" : label[..Math.Min(label.Length, 63)], "local");
    }
}
