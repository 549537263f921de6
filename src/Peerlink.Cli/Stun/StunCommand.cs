using System.CommandLine;

namespace Peerlink.Cli.Stun;

/// <summary><c>peerlink stun server|client</c>.</summary>
internal static class StunCommand
{
    public static Command Create(CliIo io)
    {
        var command = new Command("stun", "STUN (RFC 8489): learn the address and port your packets come from, and how your NAT behaves (RFC 5780).");
        command.Subcommands.Add(StunServerCommand.Create(io));
        command.Subcommands.Add(StunClientCommand.Create(io));
        return command;
    }
}
