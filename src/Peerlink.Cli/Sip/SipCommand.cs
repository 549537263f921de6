using System.CommandLine;

namespace Peerlink.Cli.Sip;

/// <summary><c>peerlink sip ...</c>: P2P-SIP through the overlay, and SIP URIs on one link with DNS-SD (issue 8).</summary>
internal static class SipCommand
{
    public static Command Create(CliIo io)
    {
        var command = new Command("sip", "SIP without a proxy or registrar: register and find users in the overlay and call them directly (P2P-SIP); advertise and find SIP URIs on one link with DNS-SD (_sipuri._udp).");
        command.Subcommands.Add(RegisterCommand.Create(io));
        command.Subcommands.Add(LookupCommand.Create(io));
        command.Subcommands.Add(SipAnswerCommand.Create(io));
        command.Subcommands.Add(SipCallCommand.Create(io));
        command.Subcommands.Add(AdvertiseCommand.Create(io));
        command.Subcommands.Add(DiscoverCommand.Create(io));
        return command;
    }
}
