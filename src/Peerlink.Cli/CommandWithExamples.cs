using System.CommandLine;
using System.CommandLine.Invocation;

namespace Peerlink.Cli;

/// <summary>
/// A verb whose <c>--help</c> ends with examples to copy. The description stays one short paragraph,
/// which is also what <c>peerlink --help</c> lists for it.
/// </summary>
internal sealed class CommandWithExamples(string name, string description, params string[] examples) : Command(name, description)
{
    /// <summary>Command lines, each with an optional "# what it does".</summary>
    public IReadOnlyList<string> Examples { get; } = examples;
}

/// <summary>
/// <c>--help</c> as System.CommandLine writes it, followed by the examples of the command asked about
/// (its help builder cannot be extended from outside, so this runs after it).
/// </summary>
internal sealed class HelpWithExamples(SynchronousCommandLineAction help, IReadOnlyList<string> rootExamples) : SynchronousCommandLineAction
{
    /// <summary>Help is asked for even on a line that does not parse otherwise.</summary>
    public override bool ClearsParseErrors => true;

    /// <summary>Makes every <c>--help</c> under <paramref name="root"/> end with the command's examples.</summary>
    public static void Install(RootCommand root, params string[] rootExamples)
    {
        var option = root.Options.OfType<System.CommandLine.Help.HelpOption>().Single();
        option.Action = new HelpWithExamples((SynchronousCommandLineAction)option.Action!, rootExamples);
    }

    public override int Invoke(ParseResult parseResult)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        var exit = help.Invoke(parseResult);
        var examples = parseResult.CommandResult.Command switch
        {
            CommandWithExamples c => c.Examples,
            RootCommand => rootExamples,
            _ => [],
        };
        if (examples.Count > 0)
        {
            var output = parseResult.InvocationConfiguration.Output;
            output.WriteLine("Examples:");
            foreach (var line in examples)
            {
                output.WriteLine($"  {line}");
            }

            output.WriteLine();
        }

        return exit;
    }
}
