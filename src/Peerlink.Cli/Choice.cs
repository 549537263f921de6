using System.CommandLine;

namespace Peerlink.Cli;

/// <summary>
/// An option whose value is one of a few lower-case names (<c>--transport udp|tcp</c>): the help
/// lists them, the shell can complete them, and anything else is refused with the list.
/// </summary>
/// <typeparam name="T">What a name stands for.</typeparam>
internal sealed class Choice<T>
{
    private readonly Dictionary<string, T> _values;

    /// <summary>Creates the option.</summary>
    /// <param name="name">The option, e.g. <c>--hash</c>.</param>
    /// <param name="description">What it sets.</param>
    /// <param name="values">The accepted names, in the order the help lists them.</param>
    /// <param name="defaultName">The name taken when the option is absent; null leaves it unset.</param>
    public Choice(string name, string description, IReadOnlyList<(string Name, T Value)> values, string? defaultName)
    {
        _values = values.ToDictionary(v => v.Name, v => v.Value, StringComparer.OrdinalIgnoreCase);
        var names = values.Select(v => v.Name).ToArray();
        Option = new Option<string>(name) { Description = description, HelpName = string.Join('|', names) };
        if (defaultName is not null)
        {
            Option.DefaultValueFactory = _ => defaultName;
        }

        Option.CompletionSources.Add(names);
        Option.Validators.Add(result =>
        {
            var text = result.GetValueOrDefault<string>();
            if (text is not null && !_values.ContainsKey(text))
            {
                result.AddError($"{name} {text}: expected one of {string.Join(", ", names)}");
            }
        });
    }

    /// <summary>The option to add to a command.</summary>
    public Option<string> Option { get; }

    /// <summary>The value given, or the default; false when the option is absent and has no default.</summary>
    public bool TryGet(ParseResult parse, out T value)
    {
        if (parse.GetValue(Option) is { } text && _values.TryGetValue(text, out var found))
        {
            value = found;
            return true;
        }

        value = default!;
        return false;
    }

    /// <summary>The value given, or the default (for options that have one).</summary>
    public T Get(ParseResult parse) =>
        TryGet(parse, out var value) ? value : throw new InvalidOperationException($"{Option.Name} has no value and no default");
}
