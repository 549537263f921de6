using Peerlink.Core;
using Peerlink.Overlay.Topologies;
using Peerlink.Wire;

namespace Peerlink.Cli;

/// <summary>The choices the overlay verbs share: transport, hash algorithm, topology.</summary>
internal static class OverlayChoices
{
    private static readonly (string Name, HashAlgorithmCode Value)[] Hashes =
    [
        ("sha1", HashAlgorithmCode.Sha1),
        ("sha256", HashAlgorithmCode.Sha256),
        ("sha512", HashAlgorithmCode.Sha512),
        ("md5", HashAlgorithmCode.Md5),
        ("md4", HashAlgorithmCode.Md4),
    ];

    // Every geometry that has a table, by its lower-case P2P-Options name (§9.3.3): chord, kademlia,
    // pastry, bamboo (one geometry; Pastry repairs a failed leaf at once, Bamboo periodically).
    private static readonly (string Name, OverlayAlgorithm Value)[] Topologies = [.. TopologyFactory.Supported.Select(a => (Name(a), a))];

    /// <summary>Every geometry's name, comma-separated in the order the help lists them: "chord,kademlia,pastry,bamboo".</summary>
    public static string AllTopologies => string.Join(',', Topologies.Select(t => t.Name));

    /// <summary>
    /// The geometries of a comma-separated list (<c>chord,pastry</c>), in its order, each once;
    /// <paramref name="option"/> names the list in the message of a <see cref="FormatException"/>.
    /// </summary>
    public static IReadOnlyList<OverlayAlgorithm> ParseTopologies(string list, string option)
    {
        ArgumentNullException.ThrowIfNull(list);
        var names = list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (names.Length == 0)
        {
            throw new FormatException($"{option} {list}: names no topology, expected one or more of {AllTopologies}");
        }

        return [.. names.Select(name => Topologies.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase)) is { Name: not null } found
            ? found.Value
            : throw new FormatException($"{option} {list}: unknown topology \"{name}\", expected one or more of {AllTopologies}")).Distinct()];
    }

    public static Choice<TransportKind> Transport(string description) =>
        new("--transport", description, [("udp", TransportKind.Udp), ("tcp", TransportKind.Tcp)], "udp");

    /// <summary><c>--hash</c>; with no <paramref name="defaultName"/> it is unset unless given.</summary>
    public static Choice<HashAlgorithmCode> Hash(string description, string? defaultName) =>
        new("--hash", description, Hashes, defaultName);

    public static Choice<OverlayAlgorithm> Topology(string description, string? defaultName) =>
        new("--topology", description, Topologies, defaultName);

    /// <summary>The lower-case name the options use, e.g. "sha256".</summary>
    public static string Name(HashAlgorithmCode hash) =>
        Hashes.FirstOrDefault(h => h.Value == hash).Name ?? hash.ToString().ToLowerInvariant();

    /// <summary>The lower-case name the options use, e.g. "chord".</summary>
    public static string Name(OverlayAlgorithm algorithm) => algorithm.ToString().ToLowerInvariant();

    /// <summary>The lower-case name the options use, e.g. "tcp".</summary>
    public static string Name(TransportKind transport) => transport.ToString().ToLowerInvariant();
}
