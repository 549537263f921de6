using Peerlink.TestSupport;

namespace Peerlink.Z2zBench;

/// <summary>
/// The human lines of <c>peerlink z2z export</c> and <c>import</c> about one instance, e.g.
/// <c>exported "Svc 0001" (_http._tcp) at ...</c>: which instances a verb has named, how often and when.
/// </summary>
internal static class NamedLines
{
    /// <summary>Every line that starts with <paramref name="verb"/> and a quoted name: the name and when it was read.</summary>
    public static List<(string Name, long At)> Of(NamespaceProcess process, string verb)
    {
        ArgumentNullException.ThrowIfNull(process);
        var prefix = verb + " \"";
        var found = new List<(string, long)>();
        foreach (var line in process.Output)
        {
            var end = line.Text.IndexOf("\" (", StringComparison.Ordinal);
            if (line.Text.StartsWith(prefix, StringComparison.Ordinal) && end > prefix.Length)
            {
                found.Add((line.Text[prefix.Length..end], line.Timestamp));
            }
        }

        return found;
    }

    /// <summary>How many distinct instances <paramref name="process"/> has named with <paramref name="verb"/>.</summary>
    public static int Distinct(NamespaceProcess process, string verb) => Of(process, verb).Select(l => l.Name).Distinct(StringComparer.Ordinal).Count();
}
