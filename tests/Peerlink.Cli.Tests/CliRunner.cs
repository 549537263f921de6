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

    /// <summary>Runs a verb that ends by itself (put, get, ...) without holding a thread while it waits on the network.</summary>
    public static async Task<(int Exit, string Out, string Error)> RunAsync(CancellationToken ct, params string[] args)
    {
        using var input = new StringReader(string.Empty);
        using var output = new LineWriter();
        using var error = new LineWriter();
        var exit = await PeerlinkCommand.RunAsync(args, new CliIo(input, output, error), ct);
        return (exit, output.Text, error.Text);
    }
}
