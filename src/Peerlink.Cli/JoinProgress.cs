using Spectre.Console;

namespace Peerlink.Cli;

/// <summary>
/// How <c>peerlink cluster</c> shows its peers joining, on standard error: a bar that redraws in place
/// ("joining 37/64") when a person watches a terminal, one plain line a peer otherwise (a file, a
/// pipe, a test), which reads well in a log and never carries control codes.
/// </summary>
internal static class JoinProgress
{
    /// <summary>Runs <paramref name="work"/>, which reports each peer that joined with a short description of it.</summary>
    public static Task RunAsync(CliIo io, int total, Func<Action<string>, Task> work) =>
        RunAsync(io.ErrorIsTerminal ? Terminal(io.Error) : null, io.Error, total, work);

    /// <summary>
    /// Runs <paramref name="work"/> with a bar on <paramref name="bar"/> when there is one, else one
    /// line a peer on <paramref name="lines"/>.
    /// </summary>
    public static async Task RunAsync(IAnsiConsole? bar, TextWriter lines, int total, Func<Action<string>, Task> work)
    {
        if (bar is not null)
        {
            await bar.Progress()
                .AutoClear(false)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .StartAsync(async context =>
                {
                    var task = context.AddTask($"joining 0/{total}", maxValue: total);
                    await work(_ =>
                    {
                        task.Increment(1);
                        task.Description = $"joining {(int)task.Value}/{total}";
                    }).ConfigureAwait(false);
                }).ConfigureAwait(false);
            return;
        }

        var joined = 0;
        await work(what => lines.WriteLine($"joined {++joined}/{total}: {what}")).ConfigureAwait(false);
    }

    // Spectre's own test of the terminal (ANSI, a real console): no bar where it would print codes.
    private static IAnsiConsole? Terminal(TextWriter error)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.Detect,
            Interactive = InteractionSupport.Detect,
            Out = new AnsiConsoleOutput(error),
        });
        return console.Profile.Capabilities.Interactive && console.Profile.Capabilities.Ansi ? console : null;
    }
}
