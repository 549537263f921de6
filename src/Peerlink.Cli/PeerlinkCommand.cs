using System.CommandLine;

namespace Peerlink.Cli;

/// <summary>The root of the <c>peerlink</c> command.</summary>
internal static class PeerlinkCommand
{
    public static RootCommand Create(CliIo io)
    {
        var root = new RootCommand(
            "Peerlink: peer-to-peer communication services. P2PP overlays (Chord, Kademlia, Pastry), " +
            "Zeroconf, z2z and P2P-SIP. Start with 'peerlink demo'.");
        root.Subcommands.Add(DemoCommand.Create(io));
        root.Subcommands.Add(WireCommand.Create(io));
        root.Subcommands.Add(SimCommand.Create(io));
        foreach (var command in OverlayCommands.Create(io))
        {
            root.Subcommands.Add(command);
        }
        return root;
    }

    public static int Run(string[] args, CliIo io)
    {
        var root = Create(io);
        var config = new InvocationConfiguration { Output = io.Out, Error = io.Error };
        return root.Parse(args).Invoke(config);
    }
}
