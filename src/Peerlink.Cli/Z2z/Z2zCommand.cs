using System.CommandLine;

namespace Peerlink.Cli.Z2z;

/// <summary>
/// <c>peerlink z2z</c>: the DNS-SD services of one link exported into the overlay under a key, and
/// imported on another link where they look local (docs/z2z.md); and the seed's own spelling,
/// <c>--exportopendht TYPE... --key K</c> and <c>--importopendht --key K</c>.
/// </summary>
internal static class Z2zCommand
{
    public static Command Create(CliIo io)
    {
        var command = new CommandWithExamples(
            "z2z",
            "Zeroconf to Zeroconf: export the DNS-SD services of this link into the overlay under a key, and import\n" +
            "them on another link, where Avahi, Bonjour and every Zeroconf application see them as local and connect\n" +
            "straight to the remote host. Records are refreshed before their TTL and withdrawn on the service's goodbye.",
            "peerlink z2z export _http._tcp _ipp._tcp --key columbia --interface eth1 --via 127.0.0.1:7081",
            "peerlink z2z import --key columbia --interface eth2 --via 127.0.0.1:7082",
            "peerlink z2z status --key columbia --via 127.0.0.1:7081      # what is exported under the key",
            "peerlink z2z --exportopendht _daap._tcp --key columbia --interface eth1   # the original z2z's spelling",
            "peerlink z2z --importopendht --key columbia --interface eth2");
        var shared = new Z2zOptions();
        var exportTypes = new Option<string[]>("--exportopendht") { Description = "The original z2z's spelling of 'export TYPE...' (the rendezvous is the overlay at --via).", AllowMultipleArgumentsPerToken = true };
        var import = new Option<bool>("--importopendht") { Description = "The original z2z's spelling of 'import'." };
        command.Options.Add(exportTypes);
        command.Options.Add(import);
        shared.AddTo(command, withTypes: true);
        command.SetAction(async (parse, ct) =>
        {
            var types = parse.GetValue(exportTypes) ?? [];
            return (types.Length > 0, parse.GetValue(import)) switch
            {
                (true, false) => await Z2zRun.ExportAsync(io, shared, parse, types, ct).ConfigureAwait(false),
                (false, true) => await Z2zRun.ImportAsync(io, shared, parse, ct).ConfigureAwait(false),
                (true, true) => io.Fail("--exportopendht and --importopendht are two runs: start one of each"),
                _ => io.Fail("say what to do: peerlink z2z export TYPE... | import | status (see peerlink z2z --help)"),
            };
        });

        command.Subcommands.Add(Export(io));
        command.Subcommands.Add(Import(io));
        command.Subcommands.Add(Status(io));
        return command;
    }

    private static CommandWithExamples Export(CliIo io)
    {
        var types = new Argument<string[]>("type") { Description = "Service types to export (_http._tcp ...).", Arity = ArgumentArity.OneOrMore };
        var options = new Z2zOptions();
        var command = new CommandWithExamples(
            "export",
            "Browse this link for the types and keep a record of each resolved instance under the key, refreshed\n" +
            "at half its TTL and withdrawn when the service says goodbye. Services an importer made, or whose\n" +
            "addresses are not on this link, are never exported (no loops). Ctrl-C withdraws everything.",
            "peerlink z2z export _http._tcp --key columbia --interface eth1 --via 127.0.0.1:7081 --secret 'our passphrase'");
        command.Arguments.Add(types);
        options.AddTo(command, withTypes: false);
        command.SetAction((parse, ct) => Z2zRun.ExportAsync(io, options, parse, parse.GetValue(types) ?? [], ct));
        return command;
    }

    private static CommandWithExamples Import(CliIo io)
    {
        var options = new Z2zOptions();
        var command = new CommandWithExamples(
            "import",
            "Fetch the key's records every 4 s and advertise each remote service on this link (PTR, SRV, TXT and a\n" +
            "z2z-<hash>.local host record carrying the remote address); withdraw it when its exporter does, or when no\n" +
            "refresh came for its TTL. A name already taken on this link is renamed \"Name (2)\". Ctrl-C withdraws all.",
            "peerlink z2z import --key columbia --type _http._tcp --interface eth2 --via 127.0.0.1:7082");
        options.AddTo(command, withTypes: true);
        command.SetAction((parse, ct) => Z2zRun.ImportAsync(io, options, parse, ct));
        return command;
    }

    private static CommandWithExamples Status(CliIo io)
    {
        var options = new Z2zOptions();
        var command = new CommandWithExamples(
            "status",
            "List the records under the key: who exports what, from which address, refreshed when. With --interface,\n" +
            "also the services an importer advertises on that link now (their host is z2z-<hash>.local), found in 3 s.",
            "peerlink z2z status --key columbia --via 127.0.0.1:7081 --secret 'our passphrase'",
            "peerlink z2z status --key columbia --via 127.0.0.1:7082 --interface eth2   # and what is imported on eth2");
        options.AddTo(command, withTypes: false);
        command.SetAction((parse, ct) => Z2zRun.StatusAsync(io, options, parse, ct));
        return command;
    }
}
