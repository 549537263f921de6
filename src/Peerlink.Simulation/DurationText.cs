using System.Globalization;

namespace Peerlink.Simulation;

/// <summary>
/// Durations as people write them in specs: a number and a unit, "50ms", "1.5s", "60m", "2h".
/// Parse errors are <see cref="FormatException"/>s whose message says what was expected.
/// </summary>
internal static class DurationText
{
    private const string Expected = "expected a number and a unit (ms, s, m, h), e.g. \"50ms\" or \"60m\"";

    /// <summary>
    /// Parses <paramref name="text"/>. A bare number takes <paramref name="defaultUnit"/> when there
    /// is one (the "20" of "20-200ms").
    /// </summary>
    public static TimeSpan Parse(ReadOnlySpan<char> text, string? defaultUnit = null)
    {
        text = text.Trim();
        var split = 0;
        while (split < text.Length && (char.IsAsciiDigit(text[split]) || text[split] == '.'))
        {
            split++;
        }

        var number = text[..split];
        var unit = split < text.Length ? text[split..].TrimStart().ToString() : defaultUnit;
        if (number.IsEmpty || unit is null
            || !double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
        {
            throw new FormatException($"\"{text}\" is not a duration: {Expected}");
        }

        var ticksPerUnit = UnitTicks(unit)
            ?? throw new FormatException($"\"{text}\" has an unknown unit \"{unit}\": {Expected}");
        var ticks = value * ticksPerUnit;
        if (ticks >= TimeSpan.MaxValue.Ticks / 4.0)
        {
            throw new FormatException($"\"{text}\" is too long a duration");
        }

        return new TimeSpan((long)Math.Round(ticks));
    }

    /// <summary>The shortest exact form in the largest whole unit: "60m", "1500ms", "0.25ms".</summary>
    public static string Format(TimeSpan value)
    {
        if (value.Ticks != 0)
        {
            if (value.Ticks % TimeSpan.TicksPerHour == 0)
            {
                return (value.Ticks / TimeSpan.TicksPerHour).ToString(CultureInfo.InvariantCulture) + "h";
            }

            if (value.Ticks % TimeSpan.TicksPerMinute == 0)
            {
                return (value.Ticks / TimeSpan.TicksPerMinute).ToString(CultureInfo.InvariantCulture) + "m";
            }

            if (value.Ticks % TimeSpan.TicksPerSecond == 0)
            {
                return (value.Ticks / TimeSpan.TicksPerSecond).ToString(CultureInfo.InvariantCulture) + "s";
            }
        }

        return value.TotalMilliseconds.ToString("0.####", CultureInfo.InvariantCulture) + "ms";
    }

    private static long? UnitTicks(string unit) => unit switch
    {
        "ms" => TimeSpan.TicksPerMillisecond,
        "s" => TimeSpan.TicksPerSecond,
        "m" or "min" => TimeSpan.TicksPerMinute,
        "h" => TimeSpan.TicksPerHour,
        _ => null,
    };
}
