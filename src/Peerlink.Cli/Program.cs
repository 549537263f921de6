using Peerlink.Cli;

return PeerlinkCommand.Run(args, CliIo.FromConsole());
