using System.Globalization;
using Peerlink.Overlay.Engine;
using Peerlink.Overlay.Topologies;
using Peerlink.Wire;

namespace Peerlink.DhtCompare;

/// <summary>What the benchmark runs; parsed from the command line, validated once.</summary>
internal sealed record BenchOptions
{
    public int Nodes { get; init; } = 64;

    public int Ops { get; init; } = 10_000;

    public int Window { get; init; } = 16;

    public int BasePort { get; init; } = 41100;

    /// <summary>"peer": the client is one more Chord peer (joins, stores, routes); "client": a §3.2 client attached to one peer.</summary>
    public ClientKind Client { get; init; } = ClientKind.Peer;

    /// <summary>The peers' geometry: Chord (the default), Kademlia, Pastry or Bamboo.</summary>
    public OverlayAlgorithm Topology { get; init; } = OverlayAlgorithm.Chord;

    /// <summary>
    /// How operations travel; by default Parallel for Kademlia (its node lookup, α peers at a time: routed
    /// recursively, greedy by XOR through one peer a hop, it would not be Kademlia) and Recursive for the
    /// others, as <c>peerlink sim compare</c> chooses.
    /// </summary>
    public RoutingMode Routing => RoutingChoice ?? (Topology == OverlayAlgorithm.Kademlia ? RoutingMode.Parallel : RoutingMode.Recursive);

    /// <summary>The routing mode given with --routing, if any.</summary>
    public RoutingMode? RoutingChoice { get; init; }

    /// <summary>One node does the puts and the gets; by default a writer node puts and a reader node gets.</summary>
    public bool SameClient { get; init; }

    /// <summary>Sample the types allocated during the gets (GC AllocationTick events) and report the top ones.</summary>
    public bool AllocProfile { get; init; }

    public int ValueBytes { get; init; } = 20;

    public int Seed { get; init; } = 1;

    /// <summary>Longest wait for the ring to converge (every successor, predecessor and finger as an oracle would set it).</summary>
    public TimeSpan SettleTimeout { get; init; } = TimeSpan.FromSeconds(150);

    /// <summary>Longest wait for one operation, on top of the engine's own timers.</summary>
    public TimeSpan OpTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long the idle overlay's messages are counted, after the puts and before the gets: its rate
    /// (maintenance) is subtracted from the gets' messages.
    /// </summary>
    public TimeSpan IdleWindow { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long after a phase's last operation its messages are still counted: answers still under way
    /// (a parallel lookup's other requests, the ACKs of the last answers).
    /// </summary>
    public TimeSpan Drain { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Gets of keys nobody put, before the measured phases and uncounted: the lookup path's first-run (JIT) cost.</summary>
    public int Warmup { get; init; }

    public const string Usage = """
        usage: Peerlink.DhtCompare [--nodes 64] [--ops 10000] [--window 16] [--base-port 41100]
                                   [--topology chord|kademlia|pastry|bamboo]
                                   [--client peer|client] [--routing recursive|iterative|parallel]
                                   [--same-client] [--value-bytes 20] [--seed 1] [--settle-timeout 150]
                                   [--op-timeout 30] [--idle-window 10] [--drain 2] [--warmup 0] [--alloc-profile]
        Starts a bootstrap server on BASE-1 and NODES peers of the topology (chord by default) on
        127.0.0.1:BASE.., and the workload's nodes on BASE+NODES (the writer) and BASE+NODES+1 (the
        reader; with --same-client the writer does both), waits until the overlay has converged, then the
        writer does OPS puts of random keys and the reader OPS gets of the same keys, with WINDOW
        operations outstanding. The routing mode is parallel for kademlia, recursive for the others,
        unless --routing says otherwise. Messages are counted by kind as every node sends them: over
        IDLE-WINDOW seconds of the idle overlay after the puts, and over the gets plus DRAIN seconds.
        --warmup N: first N gets of keys nobody put from the reader, neither timed nor counted.
        Prints one JSON object on stdout; progress goes to stderr. --alloc-profile adds the types the
        process allocated during the gets.
        """;

    public static BenchOptions Parse(string[] args)
    {
        var o = new BenchOptions();
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            if (name is "-h" or "--help")
            {
                throw new UsageException(null);
            }

            if (name is "--same-client" or "--alloc-profile")
            {
                o = name == "--same-client" ? o with { SameClient = true } : o with { AllocProfile = true };
                continue;
            }

            if (i + 1 >= args.Length)
            {
                throw new UsageException($"{name} needs a value");
            }

            var value = args[++i];
            o = name switch
            {
                "--nodes" => o with { Nodes = Int(name, value, 1, 1000) },
                "--ops" => o with { Ops = Int(name, value, 1, 10_000_000) },
                "--window" => o with { Window = Int(name, value, 1, 4096) },
                "--base-port" => o with { BasePort = Int(name, value, 2, 64_000) },
                "--client" => o with { Client = Enum<ClientKind>(name, value) },
                "--topology" => o with { Topology = TopologyName(name, value) },
                "--routing" => o with { RoutingChoice = Enum<RoutingMode>(name, value) },
                "--value-bytes" => o with { ValueBytes = Int(name, value, 1, 1024) },
                "--seed" => o with { Seed = Int(name, value, 0, int.MaxValue) },
                "--settle-timeout" => o with { SettleTimeout = TimeSpan.FromSeconds(Int(name, value, 0, 3600)) },
                "--op-timeout" => o with { OpTimeout = TimeSpan.FromSeconds(Int(name, value, 1, 600)) },
                "--idle-window" => o with { IdleWindow = TimeSpan.FromSeconds(Int(name, value, 1, 600)) },
                "--drain" => o with { Drain = TimeSpan.FromSeconds(Int(name, value, 0, 60)) },
                "--warmup" => o with { Warmup = Int(name, value, 0, 1_000_000) },
                _ => throw new UsageException($"unknown option {name}"),
            };
        }

        if (o.BasePort + o.Nodes + 2 > 65_535)
        {
            throw new UsageException("the ports must fit below 65536");
        }

        return o;
    }

    private static int Int(string name, string text, int min, int max) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v >= min && v <= max
            ? v
            : throw new UsageException($"{name} is a whole number from {min} to {max}, not '{text}'");

    // The geometries that have a table, by their lower-case P2P-Options names (§9.3.3).
    private static OverlayAlgorithm TopologyName(string name, string text)
    {
        foreach (var algorithm in TopologyFactory.Supported)
        {
            if (string.Equals(algorithm.ToString(), text, StringComparison.OrdinalIgnoreCase))
            {
                return algorithm;
            }
        }

        throw new UsageException($"{name} is one of {string.Join(", ", TopologyFactory.Supported).ToLowerInvariant()}, not '{text}'");
    }

    private static T Enum<T>(string name, string text)
        where T : struct, Enum =>
        System.Enum.TryParse<T>(text, ignoreCase: true, out var v) && System.Enum.IsDefined(v)
            ? v
            : throw new UsageException($"{name} is one of {string.Join(", ", System.Enum.GetNames<T>()).ToLowerInvariant()}, not '{text}'");
}

/// <summary>Which kind of node issues the operations.</summary>
internal enum ClientKind
{
    /// <summary>One more peer that joins the ring: like OpenDHT's DhtRunner, a full DHT node.</summary>
    Peer,

    /// <summary>A client (P2PP §3.2) attached to one peer, which routes on its behalf: one hop more.</summary>
    Client,
}

/// <summary>A bad command line; <see cref="Problem"/> says what (null: just print the usage).</summary>
internal sealed class UsageException(string? problem) : Exception(problem ?? "usage")
{
    public string? Problem { get; } = problem;
}
