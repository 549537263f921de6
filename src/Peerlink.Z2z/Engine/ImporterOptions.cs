using System.Net;
using Peerlink.Core;

namespace Peerlink.Z2z.Engine;

/// <summary>How an <see cref="Importer"/> behaves. Validated as it is set.</summary>
public sealed record ImporterOptions
{
    private readonly TimeSpan _pollInterval = TimeSpan.FromSeconds(4);

    /// <summary>The service types to import ("_http._tcp"); empty imports every type found under the key.</summary>
    public ValueList<string> Types { get; init; }

    /// <summary>This link's prefixes: a record whose address lies in them describes a service already here, and is not advertised again.</summary>
    public required ValueList<IPNetwork> LocalSubnets { get; init; }

    /// <summary>The wall-clock time at engine time zero, to recognise records long expired by their own stamps.</summary>
    public required DateTimeOffset Epoch { get; init; }

    /// <summary>
    /// How often the key is fetched. Default 4 s: with the exporter putting a change at once, a change on
    /// one link shows on the other within the 10 s, at one get per key every 4 s.
    /// </summary>
    public TimeSpan PollInterval
    {
        get => _pollInterval;
        init => _pollInterval = value >= TimeSpan.FromMilliseconds(100) && value <= TimeSpan.FromHours(1)
            ? value
            : throw new ArgumentOutOfRangeException(nameof(PollInterval), value, "100 ms to 1 hour");
    }

    /// <summary>How far an exporter's clock may be ahead of or behind ours before its stamps are disbelieved. Default 10 minutes.</summary>
    public TimeSpan ClockSkew { get; init; } = TimeSpan.FromMinutes(10);
}
