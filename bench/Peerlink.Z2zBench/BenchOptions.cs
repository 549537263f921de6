using System.Globalization;

namespace Peerlink.Z2zBench;

/// <summary>The command line of bench/Peerlink.Z2zBench (bench/z2z-bench.sh passes it on).</summary>
internal sealed record BenchOptions
{
    public const string Usage = """
        usage: Peerlink.Z2zBench [--runs 5] [--services 1000] [--only latency|scale] [--backend overlay|opendht]
          --runs N        latency runs per backend, each with a new instance name (default 5, at most 8:
                          the Avahi fixtures live 180 s)
          --services N    instances the in-process publisher puts on link A for the scale part (default 1000)
          --only WHAT     latency: the appear/goodbye runs only; scale: the many-services exporter only
          --backend WHICH overlay (a bootstrap server and two Peerlink peers) or opendht (three dhtnodes, one
                          serving its REST proxy); both by default
        Needs root (it makes network namespaces), avahi-daemon, avahi-utils, dbus and dhtnode.
        """;

    public int Runs { get; init; } = 5;

    public int Services { get; init; } = 1000;

    public bool Latency { get; init; } = true;

    public bool Scale { get; init; } = true;

    public IReadOnlyList<Backend> Backends { get; init; } = [Backend.Overlay, Backend.OpenDht];

    /// <summary>Parses the arguments; null (with the reason in <paramref name="error"/>) when they are wrong or ask for help.</summary>
    public static BenchOptions? Parse(string[] args, out string? error)
    {
        var options = new BenchOptions();
        error = null;
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--runs" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var runs) && runs is >= 1 and <= 8:
                    options = options with { Runs = runs };
                    i++;
                    break;
                case "--services" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var services) && services is >= 1 and <= 9999:
                    options = options with { Services = services };
                    i++;
                    break;
                case "--only" when value is "latency" or "scale":
                    options = options with { Latency = value == "latency", Scale = value == "scale" };
                    i++;
                    break;
                case "--backend" when value is "overlay" or "opendht":
                    options = options with { Backends = [value == "overlay" ? Backend.Overlay : Backend.OpenDht] };
                    i++;
                    break;
                case "-h" or "--help":
                    return null;
                default:
                    error = $"unknown or malformed option {args[i]} (--runs is 1 to 8, --services 1 to 9999, --only latency|scale, --backend overlay|opendht)";
                    return null;
            }
        }

        return options;
    }
}
