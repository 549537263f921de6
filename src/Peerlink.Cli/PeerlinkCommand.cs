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
        HelpWithExamples.Install(
            root,
            "peerlink demo                                   # a look at P2PP and a small overlay, no set-up",
            "peerlink cluster --nodes 16 --base-port 7100    # 16 peers and a bootstrap server in one process",
            "peerlink put alice sip:alice@10.0.0.7 --via 127.0.0.1:7100",
            "peerlink get alice --via 127.0.0.1:7105",
            "peerlink dnssd browse _http._tcp --resolve --interface eth1   # Zeroconf services on a link",
            "peerlink COMMAND --help                         # each command's options and examples");
        root.Subcommands.Add(DemoCommand.Create(io));
        root.Subcommands.Add(WireCommand.Create(io));
        root.Subcommands.Add(SimCommand.Create(io));
        root.Subcommands.Add(Dnssd.DnssdCommand.Create(io));
        root.Subcommands.Add(Z2z.Z2zCommand.Create(io));
        root.Subcommands.Add(Stun.StunCommand.Create(io));
        root.Subcommands.Add(Turn.TurnCommand.Create(io));
        root.Subcommands.Add(Sip.SipCommand.Create(io));
        foreach (var command in OverlayCommands.Create(io))
        {
            root.Subcommands.Add(command);
        }
        return root;
    }

    public static int Run(string[] args, CliIo io)
    {
        var root = Create(io);
        return root.Parse(args).Invoke(Configuration(io));
    }

    /// <summary>Runs a command until it ends or <paramref name="ct"/> is cancelled (what Ctrl-C does to a verb that runs until then).</summary>
    public static Task<int> RunAsync(string[] args, CliIo io, CancellationToken ct)
    {
        var root = Create(io);
        return root.Parse(args).InvokeAsync(Configuration(io), ct);
    }

    // A peer's graceful Leave and the drain of its send queues need a moment after Ctrl-C (§4.7.2).
    private static InvocationConfiguration Configuration(CliIo io) =>
        new() { Output = io.Out, Error = io.Error, ProcessTerminationTimeout = TimeSpan.FromSeconds(5) };
}
