namespace Peerlink.Cli.Tests;

/// <summary>Runs the peerlink command in-process with given stdin and captures its output.</summary>
internal static class CliRunner
{
    public static (int Exit, string Out, string Error) Run(string stdin, params string[] args)
    {
        using var input = new StringReader(stdin);
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = PeerlinkCommand.Run(args, new CliIo(input, output, error));
        return (exit, output.ToString(), error.ToString());
    }
}
