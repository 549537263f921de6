using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Peerlink.Z2z.Records;

namespace Peerlink.Hosting.Z2z;

/// <summary>
/// z2z's rendezvous in an OpenDHT network (the one Jami uses), through an OpenDHT node's REST proxy
/// (<c>dhtnode --proxyserver PORT</c>). The key is SHA-1 of the key string, as dhtnode hashes a key that
/// is not 40 hex digits. A put POSTs <c>{"data": base64, "id": "N"}</c> to <c>/KEY</c>, the value id being
/// the first 8 bytes of SHA-256 of the record's <see cref="RecordKey"/>, so a refresh or a withdrawal
/// replaces the same value; a fetch GETs <c>/KEY</c>, which streams one JSON value a line until the
/// search ends. OpenDHT keeps an unsigned value about 10 minutes whatever the TTL asked; the importer
/// goes by the stamps in the records, so stale copies do no harm.
/// </summary>
public sealed class OpenDhtRendezvous : IRendezvous
{
    private readonly HttpClient _http;
    private readonly Uri _key;

    /// <summary>Uses <paramref name="http"/> (its timeout bounds each call) against the proxy at <paramref name="proxy"/>.</summary>
    public OpenDhtRendezvous(HttpClient http, Uri proxy, string key)
    {
        _http = http ?? throw new ArgumentNullException(nameof(http));
        ArgumentNullException.ThrowIfNull(proxy);
        ArgumentNullException.ThrowIfNull(key);
        _key = new Uri(proxy, "/" + InfoHash(key));
    }

    /// <summary>The 40-hex-digit OpenDHT key of <paramref name="key"/>: SHA-1 of its UTF-8 bytes.</summary>
#pragma warning disable CA5350 // SHA-1 is not for security here: it is how OpenDHT names a key (InfoHash::get).
    public static string InfoHash(string key) => Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(key ?? throw new ArgumentNullException(nameof(key)))));
#pragma warning restore CA5350

    /// <summary>The value id of a record: stable, so a put replaces the last one for the same service.</summary>
    public static ulong ValueId(RecordKey key) =>
        System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(SHA256.HashData(Encoding.UTF8.GetBytes($"{key.Exporter}\n{key.ServiceType}\n{key.InstanceName}")));

    /// <inheritdoc/>
    public async Task PutAsync(RecordKey key, ReadOnlyMemory<byte> value, TimeSpan ttl, CancellationToken cancellationToken)
    {
        var body = new PutValue(Convert.ToBase64String(value.Span), ValueId(key).ToString(System.Globalization.CultureInfo.InvariantCulture));
        try
        {
            using var response = await _http.PostAsJsonAsync(_key, body, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new RendezvousException($"the OpenDHT proxy at {_key.GetLeftPart(UriPartial.Authority)} refused the put: {(int)response.StatusCode} {response.ReasonPhrase}");
            }
        }
        catch (HttpRequestException e)
        {
            throw new RendezvousException($"the OpenDHT proxy at {_key.GetLeftPart(UriPartial.Authority)} cannot be reached: {e.Message}", e);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new RendezvousException($"the OpenDHT proxy at {_key.GetLeftPart(UriPartial.Authority)} did not answer in time", e);
        }
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<ReadOnlyMemory<byte>>> GetAllAsync(CancellationToken cancellationToken)
    {
        string text;
        try
        {
            text = await _http.GetStringAsync(_key, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new RendezvousException($"the OpenDHT proxy at {_key.GetLeftPart(UriPartial.Authority)} cannot be reached: {e.Message}", e);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new RendezvousException($"the OpenDHT proxy at {_key.GetLeftPart(UriPartial.Authority)} did not answer in time", e);
        }

        var values = new List<ReadOnlyMemory<byte>>();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            // Lines that are not a value with base64 data (other applications' values, garbage) are skipped:
            // they would not decode as records anyway.
            try
            {
                if (JsonSerializer.Deserialize<GotValue>(line) is { Data: { } data })
                {
                    values.Add(Convert.FromBase64String(data));
                }
            }
            catch (Exception e) when (e is JsonException or FormatException)
            {
                values.Add(Encoding.UTF8.GetBytes(line)); // counted by the importer as undecodable
            }
        }

        return values;
    }

    private sealed record PutValue([property: JsonPropertyName("data")] string Data, [property: JsonPropertyName("id")] string Id);

    private sealed record GotValue([property: JsonPropertyName("data")] string? Data);
}
