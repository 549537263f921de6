using System.Globalization;

namespace Peerlink.MdnsBench;

/// <summary>The command line of bench/Peerlink.MdnsBench (bench/mdns-bench.sh passes it on).</summary>
internal sealed record BenchOptions
{
    public const string Usage = """
        usage: Peerlink.MdnsBench [--runs 5] [--only latency|throughput]
          --runs N     runs of each latency scenario, each with its own instance name (default 5)
          --only WHAT  latency: the six publisher/browser pairs only; throughput: the responder load only
        Needs root (it makes network namespaces), avahi-daemon, avahi-utils, dbus and python3-zeroconf.
        """;

    /// <summary>Runs of each latency scenario.</summary>
    public int Runs { get; init; } = 5;

    public bool Latency { get; init; } = true;

    public bool Throughput { get; init; } = true;

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
                case "--runs" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var runs) && runs is >= 1 and <= 50:
                    options = options with { Runs = runs };
                    i++;
                    break;
                case "--only" when value is "latency" or "throughput":
                    options = options with { Latency = value == "latency", Throughput = value == "throughput" };
                    i++;
                    break;
                case "-h" or "--help":
                    return null;
                default:
                    error = $"unknown or malformed option {args[i]} (--runs is 1 to 50; --only is latency or throughput)";
                    return null;
            }
        }

        return options;
    }
}
