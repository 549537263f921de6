using System.Globalization;

namespace Peerlink.MdnsBench;

/// <summary>Min, median and max of a few latencies, in milliseconds.</summary>
internal sealed record Spread(double Min, double Median, double Max, int Count)
{
    /// <summary>The spread of the values that are there, or null when none is.</summary>
    public static Spread? Of(IEnumerable<TimeSpan?> values)
    {
        var ms = values.OfType<TimeSpan>().Select(t => t.TotalMilliseconds).Order().ToArray();
        if (ms.Length == 0)
        {
            return null;
        }

        var mid = ms.Length / 2;
        var median = ms.Length % 2 == 1 ? ms[mid] : (ms[mid - 1] + ms[mid]) / 2;
        return new Spread(ms[0], median, ms[^1], ms.Length);
    }

    /// <summary>"min / median / max", or "—" for no values.</summary>
    public static string Format(Spread? spread, int runs) => spread is null
        ? "—"
        : string.Create(CultureInfo.InvariantCulture, $"{spread.Min:N0} / **{spread.Median:N0}** / {spread.Max:N0}")
          + (spread.Count < runs ? string.Create(CultureInfo.InvariantCulture, $" ({spread.Count} of {runs})") : string.Empty);
}
