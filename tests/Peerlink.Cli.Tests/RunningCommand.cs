using System.Text.RegularExpressions;

namespace Peerlink.Cli.Tests;

/// <summary>
/// A <c>peerlink</c> verb that runs until stopped (<c>node</c>, <c>bootstrap</c>, <c>cluster</c>),
/// started in-process; <see cref="StopAsync"/> does what Ctrl-C does (cancels its token) and waits for
/// its exit code. Disposing stops it too, so no test leaves one running.
/// </summary>
internal sealed class RunningCommand : IAsyncDisposable
{
    private readonly CancellationTokenSource _ctrlC = new();

    private RunningCommand(string stdin, string[] args)
    {
        Input = new StringReader(stdin);
        var io = new CliIo(Input, Out, Error);
        Exit = Task.Run(() => PeerlinkCommand.RunAsync(args, io, _ctrlC.Token));
    }

    public LineWriter Out { get; } = new();

    public LineWriter Error { get; } = new();

    public Task<int> Exit { get; }

    private StringReader Input { get; }

    public static RunningCommand Start(params string[] args) => new(string.Empty, args);

    public static RunningCommand StartWithInput(string stdin, params string[] args) => new(stdin, args);

    /// <summary>Waits for a match in standard output; a command that exits first fails the wait with its standard error.</summary>
    public async Task<Match> WaitForAsync(string pattern, CancellationToken ct)
    {
        var regex = new Regex(pattern, RegexOptions.Multiline);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var match = Out.WaitForAsync(regex, stop.Token);
        if (await Task.WhenAny(match, Exit) == match)
        {
            return await match;
        }

        await stop.CancelAsync();
        try
        {
            return await match;
        }
        catch (TimeoutException)
        {
            throw new InvalidOperationException($"the command exited with {Exit.Result} before /{pattern}/; stdout: {Out.Text}; stderr: {Error.Text}");
        }
    }

    public async Task<int> StopAsync(CancellationToken ct)
    {
        await _ctrlC.CancelAsync();
        return await Exit.WaitAsync(ct);
    }

    public async ValueTask DisposeAsync()
    {
        await _ctrlC.CancelAsync();
        try
        {
            await Exit.WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException)
        {
            // reported by the test that used it
        }

        _ctrlC.Dispose();
        Input.Dispose();
        Out.Dispose();
        Error.Dispose();
    }
}
