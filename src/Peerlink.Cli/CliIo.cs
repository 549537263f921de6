namespace Peerlink.Cli;

/// <summary>The streams a command reads and writes, so tests can run commands in-process.</summary>
/// <param name="In">Standard input.</param>
/// <param name="Out">Standard output.</param>
/// <param name="Error">Standard error.</param>
internal sealed record CliIo(TextReader In, TextWriter Out, TextWriter Error)
{
    /// <summary>
    /// Whether standard error is a terminal a person watches, so progress may be drawn in place
    /// (a bar that redraws); false when it goes to a file, a pipe or a test's buffer.
    /// </summary>
    public bool ErrorIsTerminal { get; init; }

    public static CliIo FromConsole() => new(Console.In, Console.Out, Console.Error) { ErrorIsTerminal = !Console.IsErrorRedirected };

    /// <summary>Reports a failure on one line of standard error and returns the exit code 1.</summary>
    public int Fail(string message)
    {
        Error.WriteLine($"peerlink: {message}");
        return 1;
    }
}
