using System.CommandLine;

namespace Peerlink.Cli.Dnssd;

/// <summary>
/// <c>peerlink dnssd</c>: DNS-SD over Multicast DNS (RFC 6763, RFC 6762) on one interface: publish a
/// service, browse a type, list the types on the link, resolve a host name.
/// </summary>
internal static class DnssdCommand
{
    public static Command Create(CliIo io)
    {
        var command = new Command(
            "dnssd",
            "Zeroconf service discovery (mDNS + DNS-SD) on one link, interoperable with Avahi and Bonjour:\n" +
            "publish a service, browse for one, list the service types, resolve a .local host name.\n" +
            "Every verb needs --interface: multicast must leave by the interface you choose, not the default route.");
        command.Subcommands.Add(DnssdPublish.Create(io));
        command.Subcommands.Add(DnssdBrowse.Create(io));
        command.Subcommands.Add(DnssdBrowse.CreateTypes(io));
        command.Subcommands.Add(DnssdResolve.Create(io));
        return command;
    }
}
