using System.Text.Json;
using System.Text.Json.Serialization;

namespace Peerlink.Interop.Tests;

/// <summary>
/// One JSON line from Scripts/zeroconf_browse.py or zeroconf_publish.py: "browsing", "added", "updated",
/// "removed", "registering" (just before register_service), "registered" or "unregistered"; the resolved fields are there for "added" and "updated".
/// </summary>
internal sealed record ZeroconfEvent
{
    private static readonly JsonSerializerOptions s_options = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    [JsonPropertyName("event")]
    public string Event { get; init; } = string.Empty;

    /// <summary>The full service name, "Instance._type._tcp.local.".</summary>
    public string Name { get; init; } = string.Empty;

    /// <summary>The instance label alone.</summary>
    public string? Instance { get; init; }

    /// <summary>The SRV target, "host.local.".</summary>
    public string? Server { get; init; }

    public IReadOnlyList<string> Addresses { get; init; } = [];

    public int? Port { get; init; }

    /// <summary>TXT keys and values; a key without '=' has a null value.</summary>
    public IReadOnlyDictionary<string, string?> Txt { get; init; } = new Dictionary<string, string?>();

    /// <summary>When the line was read (a Stopwatch timestamp).</summary>
    [JsonIgnore]
    public long Timestamp { get; init; }

    public static ZeroconfEvent Parse(string line, long timestamp) =>
        (JsonSerializer.Deserialize<ZeroconfEvent>(line, s_options) ?? throw new FormatException($"not an event: {line}")) with { Timestamp = timestamp };

    /// <summary>Parses a line that looks like one of the scripts' JSON objects; null otherwise.</summary>
    public static ZeroconfEvent? TryParse(string line, long timestamp) =>
        line.StartsWith('{') ? Parse(line, timestamp) : null;
}
