using System.Globalization;

namespace Peerlink.Simulation;

/// <summary>
/// How nodes come and go: each churning node alternates a session (up) and a down time, drawn
/// independently, as in Li et al., "Comparing the performance of distributed hash tables under
/// churn" (IPTPS 2004). At the end of a session the node leaves gracefully with probability
/// <see cref="GracefulFraction"/> and crashes otherwise; at the end of its down time it rejoins at
/// the same address through the scenario's factory. Text form (<see cref="Parse"/>):
/// "session=exp:60m", "session=pareto:60m,shape=2;down=exp:10m;graceful=0.5".
/// </summary>
public sealed class ChurnModel
{
    private const string Example = "e.g. \"session=exp:60m\" or \"session=pareto:60m,shape=2;down=exp:10m;graceful=0.5\"";

    /// <summary>A churn model.</summary>
    /// <param name="session">How long a node stays up.</param>
    /// <param name="down">How long it stays away; by default the same as <paramref name="session"/> (half the nodes up on average).</param>
    /// <param name="gracefulFraction">The share of departures that are graceful leaves rather than crashes.</param>
    public ChurnModel(DurationDistribution session, DurationDistribution? down = null, double gracefulFraction = 0)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (!(gracefulFraction >= 0 && gracefulFraction <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(gracefulFraction), gracefulFraction, "a fraction is between 0 and 1");
        }

        Session = session;
        Down = down ?? session;
        GracefulFraction = gracefulFraction;
    }

    /// <summary>Session times.</summary>
    public DurationDistribution Session { get; }

    /// <summary>Down times.</summary>
    public DurationDistribution Down { get; }

    /// <summary>The share of departures that are graceful leaves.</summary>
    public double GracefulFraction { get; }

    /// <summary>
    /// Parses clauses separated by ';', ',' or spaces: <c>session=DIST</c> (required),
    /// <c>down=DIST</c>, <c>graceful=F</c>, where DIST is <c>exp:MEDIAN</c> or
    /// <c>pareto:MEDIAN</c> followed by an optional <c>shape=A</c> clause.
    /// </summary>
    /// <exception cref="FormatException">The message says what is wrong.</exception>
    public static ChurnModel Parse(string spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        string? session = null, down = null, last = null;
        double? sessionShape = null, downShape = null, graceful = null;
        foreach (var clause in spec.Split([';', ',', ' ', '\t'], StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = clause.IndexOf('=', StringComparison.Ordinal);
            var key = equals < 0 ? clause : clause[..equals];
            var value = clause[(equals + 1)..];
            switch (key)
            {
                case "session" when equals > 0:
                    session = session is null ? value : throw Twice(spec, key);
                    last = key;
                    break;
                case "down" when equals > 0:
                    down = down is null ? value : throw Twice(spec, key);
                    last = key;
                    break;
                case "shape" when last == "session" && sessionShape is null:
                    sessionShape = DurationDistribution.ParseShape(clause, spec);
                    break;
                case "shape" when last == "down" && downShape is null:
                    downShape = DurationDistribution.ParseShape(clause, spec);
                    break;
                case "shape":
                    throw new FormatException($"churn \"{spec}\": shape=A must follow the session= or down= it belongs to, once");
                case "graceful" when equals > 0:
                    graceful = graceful is null ? ParseFraction(value, spec) : throw Twice(spec, key);
                    break;
                default:
                    throw new FormatException($"churn \"{spec}\": unknown clause \"{clause}\", expected session=, down=, shape= or graceful=; {Example}");
            }
        }

        if (session is null)
        {
            throw new FormatException($"churn \"{spec}\": missing session=DIST, {Example}");
        }

        return new ChurnModel(
            DurationDistribution.Create(session, sessionShape, spec),
            down is null ? null : DurationDistribution.Create(down, downShape, spec),
            graceful ?? 0);
    }

    /// <summary>The spec form, which <see cref="Parse"/> reads back.</summary>
    public override string ToString() =>
        $"session={Session};down={Down};graceful={GracefulFraction.ToString(CultureInfo.InvariantCulture)}";

    private static FormatException Twice(string spec, string key) => new($"churn \"{spec}\": {key}= is given twice");

    private static double ParseFraction(string value, string spec) =>
        double.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var fraction) && fraction <= 1
            ? fraction
            : throw new FormatException($"churn \"{spec}\": graceful={value} is not a fraction between 0 and 1");
}
