using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Peerlink.Simulation;
using Peerlink.Simulation.Scenarios;

namespace Peerlink.Cli;

/// <summary>
/// The options <c>peerlink sim</c> and <c>peerlink sim compare</c> share: the workload, the network
/// it runs on, the seed and how the figures are given. One set per command (an option belongs to the
/// command it is added to), read the same way, so that a compare row and a sim run with the same
/// options are the same run.
/// </summary>
internal sealed class SimWorkload
{
    /// <summary>Creates the options; <paramref name="plotDescription"/> says what <c>--plot</c> draws for this command.</summary>
    public SimWorkload(string plotDescription)
    {
        Plot = new Option<FileInfo?>("--plot") { Description = plotDescription };
    }

    public Option<int> Nodes { get; } = new("--nodes") { Description = "Peers in the overlay (up to 131,070).", DefaultValueFactory = _ => 1000 };

    public Option<int> Lookups { get; } = new("--lookups") { Description = "Lookups issued over the measurement window.", DefaultValueFactory = _ => 10_000 };

    public Option<int> Objects { get; } = new("--objects") { Description = "Objects published first; lookups ask for them.", DefaultValueFactory = _ => 1000 };

    public Option<string?> Churn { get; } = new("--churn") { Description = "Churn, e.g. \"session=exp:60m\" or \"session=pareto:60m,shape=2;down=exp:10m;graceful=0.5\". None by default." };

    public Option<double> Loss { get; } = new("--loss") { Description = "Datagram loss probability, e.g. 0.01.", DefaultValueFactory = _ => 0 };

    public Option<string> Latency { get; } = new("--latency") { Description = "One-way delay: internet, constant:50ms or uniform:20-200ms.", DefaultValueFactory = _ => "internet" };

    public Option<TimeSpan> Duration { get; } = new("--duration") { Description = "Measurement window in simulated time (hh:mm:ss).", DefaultValueFactory = _ => TimeSpan.FromMinutes(10) };

    public Option<double> JoinRate { get; } = new("--join-rate") { Description = "With protocol joins: joins per simulated second at most (the rate also ramps up with the overlay's size).", DefaultValueFactory = _ => 100 };

    public Option<TimeSpan> Warmup { get; } = new("--warmup") { Description = "Simulated time between publishing and the first lookup (hh:mm:ss).", DefaultValueFactory = _ => TimeSpan.FromMinutes(1) };

    public Option<double> BlackHoles { get; } = new("--black-holes")
    {
        Description = "Fraction of the peers, from 0 to 0.5, that turn into black holes once the overlay has formed: they stay in " +
            "everyone's tables (they answer keep-alives, table exchanges and joins) but silently drop every Publish, LookupObject, " +
            "LookupPeer and RemoveObject they receive, with no ACK and no answer. They neither publish nor look up. " +
            "The figures add what they dropped and how lookups fared for the keys they own (found only at a replica).",
        HelpName = "fraction",
        DefaultValueFactory = _ => 0,
    };

    public Option<int> Seed { get; } = new("--seed") { Description = "Seed: the same seed gives the same run.", DefaultValueFactory = _ => 7 };

    public Option<bool> Json { get; } = new("--json") { Description = "Print the figures as JSON." };

    public Option<FileInfo?> Plot { get; }

    /// <summary>Adds every option here to <paramref name="command"/>, after the command's own <paramref name="first"/>.</summary>
    public void AddTo(Command command, params Option[] first)
    {
        foreach (var o in first.Concat([Nodes, Lookups, Objects, Churn, Loss, BlackHoles, Latency, Duration, JoinRate, Warmup, Seed, Json, Plot]))
        {
            command.Options.Add(o);
        }
    }

    /// <summary>
    /// The scenario the options describe; the geometry, the join and the routing are the caller's to set.
    /// </summary>
    /// <exception cref="FormatException">A value is out of range; the message names the option.</exception>
    public LookupScenarioOptions Read(ParseResult parse) => new()
    {
        Nodes = Positive(parse.GetValue(Nodes), "--nodes"),
        Lookups = Positive(parse.GetValue(Lookups), "--lookups"),
        Objects = Positive(parse.GetValue(Objects), "--objects"),
        Churn = parse.GetValue(Churn) is { } c ? ChurnModel.Parse(c) : null,
        Loss = parse.GetValue(Loss) is var l and >= 0 and < 1 ? l : throw new FormatException("--loss is a probability from 0 to below 1"),
        BlackHoles = Fraction(parse.GetValue(BlackHoles)),
        Latency = LatencyModel.Parse(parse.GetValue(Latency)!),
        Duration = parse.GetValue(Duration) > TimeSpan.Zero ? parse.GetValue(Duration) : throw new FormatException("--duration must be positive"),
        Seed = parse.GetValue(Seed),
        JoinRate = parse.GetValue(JoinRate) > 0 ? parse.GetValue(JoinRate) : throw new FormatException("--join-rate must be positive"),
        Warmup = parse.GetValue(Warmup) >= TimeSpan.Zero ? parse.GetValue(Warmup) : throw new FormatException("--warmup must not be negative"),
    };

    /// <summary>
    /// Where <c>--plot</c> goes, if given; false (after saying why) when its directory does not exist.
    /// A run can take minutes: a picture it could not save is refused before, not after.
    /// </summary>
    public bool TryGetPlot(ParseResult parse, CliIo io, out FileInfo? png)
    {
        png = parse.GetValue(Plot);
        if (png is { Directory: { Exists: false } missing })
        {
            io.Fail($"--plot {png}: no directory {missing}");
            return false;
        }

        return true;
    }

    /// <summary>Runs <paramref name="draw"/> into <paramref name="png"/>; false (after saying why) when the file could not be written.</summary>
    public static bool TryDraw(CliIo io, FileInfo png, Action<string> draw)
    {
        try
        {
            draw(png.FullName);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or DllNotFoundException or TypeInitializationException)
        {
            io.Fail($"--plot {png}: {e.Message}");
            return false;
        }
    }

    /// <summary>Where the scenario's phases are told: standard error with the time since <paramref name="clock"/> started, or nowhere when quiet.</summary>
    public static Action<string>? Progress(CliIo io, Stopwatch clock, bool quiet, string prefix = "") =>
        quiet ? null : phase => io.Error.WriteLine($"[{clock.Elapsed:mm\\:ss}] {prefix}{phase}");

    /// <summary>
    /// What a run with <c>--black-holes</c> adds to its figures: how many there were, what they dropped,
    /// and how the lookups fared for the keys they own (those can only be found at a replica).
    /// </summary>
    public static IEnumerable<(string Name, object Value)> BlackHoleFigures(LookupScenarioReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        yield return ("black_holes", report.BlackHoles);
        yield return ("black_hole_drops", report.BlackHoleDrops.Count == 0 ? "none" : string.Join(",", report.BlackHoleDrops.Select(d => $"{d.Key}={d.Value}")));
        yield return ("black_hole_key_lookups", report.BlackHoleKeyLookups);
        yield return ("black_hole_key_success_rate", report.BlackHoleKeyLookups == 0 ? 0 : Math.Round((double)report.BlackHoleKeySucceeded / report.BlackHoleKeyLookups, 5));
    }

    private static double Fraction(double blackHoles) =>
        blackHoles is >= 0 and <= LookupScenarioOptions.MaxBlackHoles
            ? blackHoles
            : throw new FormatException($"--black-holes is the fraction of the peers that drop what they should route, from 0 to {LookupScenarioOptions.MaxBlackHoles.ToString(CultureInfo.InvariantCulture)} (0.1 is one peer in ten), not {blackHoles.ToString(CultureInfo.InvariantCulture)}");

    private static int Positive(int value, string name) =>
        value > 0 ? value : throw new FormatException($"{name} must be positive, not {value}");
}
