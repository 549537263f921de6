using System.Net;
using Peerlink.Core;

namespace Peerlink.Z2z.Engine;

/// <summary>How an <see cref="Exporter"/> behaves. Validated as it is set.</summary>
public sealed record ExporterOptions
{
    private readonly TimeSpan _ttl = TimeSpan.FromMinutes(5);
    private readonly TimeSpan _withdrawnTtl = TimeSpan.FromMinutes(1);

    /// <summary>This exporter's identity in its records: 8 bytes, random per exporter (so two exporters of one key are told apart).</summary>
    public required Bytes Id { get; init; }

    /// <summary>The link's prefixes: only services whose every address lies in them are exported (one imported from elsewhere carries a remote address).</summary>
    public required ValueList<IPNetwork> LocalSubnets { get; init; }

    /// <summary>The wall-clock time at engine time zero, for the records' <c>RefreshedAt</c> (engines read no clock).</summary>
    public required DateTimeOffset Epoch { get; init; }

    /// <summary>How long a record lives in the rendezvous unless refreshed; it is refreshed at half of it. Default 5 minutes.</summary>
    public TimeSpan Ttl
    {
        get => _ttl;
        init => _ttl = value >= TimeSpan.FromSeconds(10) && value <= TimeSpan.FromDays(7)
            ? value
            : throw new ArgumentOutOfRangeException(nameof(Ttl), value, "10 s to 7 days (OpenDHT's longest)");
    }

    /// <summary>How long a withdrawal stays, so every importer polling in that time learns of it. Default 1 minute.</summary>
    public TimeSpan WithdrawnTtl
    {
        get => _withdrawnTtl;
        init => _withdrawnTtl = value >= TimeSpan.FromSeconds(10) && value <= _ttl
            ? value
            : throw new ArgumentOutOfRangeException(nameof(WithdrawnTtl), value, "10 s up to the TTL");
    }
}
