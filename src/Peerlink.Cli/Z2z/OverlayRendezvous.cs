using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Peerlink.Core;
using Peerlink.Hosting.Z2z;
using Peerlink.Overlay.Engine;
using Peerlink.Wire;
using Peerlink.Z2z.Records;

namespace Peerlink.Cli.Z2z;

/// <summary>
/// z2z's rendezvous in a Peerlink overlay, through a client (§3.2) attached to one of its peers. The
/// key's Resource-ID is the overlay's hash of the key string. P2PP keeps one object per (Resource-ID,
/// Cont-Type, Sub-Type, owner), so an exporter spreads its records over <see cref="Buckets"/> objects of
/// Cont-Type <see cref="ContentType.Z2zServices"/>, Sub-Type = bucket, each value the bucket's records
/// one after another, each with a two-byte big-endian length:
/// <code>
/// +-------------------------------+---------------------- ... ----+-------------------------------+---
/// | length of record 1            | record 1 (≤ 1 KB)             | length of record 2            | ...
/// +-------------------------------+---------------------- ... ----+-------------------------------+---
/// </code>
/// A put re-publishes its record's bucket (the store replaces the exporter's object); a fetch looks up
/// every bucket, which returns every exporter's object for it.
/// </summary>
internal sealed class OverlayRendezvous(LiveClient client, string key) : IRendezvous
{
    /// <summary>Buckets per exporter: 16 objects of about 60 records for an exporter of 1,000 services.</summary>
    public const int Buckets = 16;

    /// <summary>
    /// Most bytes in one bucket's value: a P2PP value's length is 16 bits, and the message must still fit
    /// one UDP datagram with its header and objects around it.
    /// </summary>
    public const int MaxBucketBytes = 60_000;

    private readonly NodeId _resource = LiveNodes.KeyId(client.Overlay, key);
    private readonly Lock _gate = new();
    private readonly Dictionary<RecordKey, (byte[] Value, DateTimeOffset Until)>[] _buckets =
        [.. Enumerable.Range(0, Buckets).Select(_ => new Dictionary<RecordKey, (byte[], DateTimeOffset)>())];

    /// <inheritdoc/>
    public async Task PutAsync(RecordKey key, ReadOnlyMemory<byte> value, TimeSpan ttl, CancellationToken cancellationToken)
    {
        var bucket = BucketOf(key);
        byte[] packed;
        uint expires;
        lock (_gate)
        {
            var now = DateTimeOffset.UtcNow;
            var records = _buckets[bucket];
            var had = records.TryGetValue(key, out var previous);
            records[key] = (value.ToArray(), now + ttl);
            foreach (var stale in records.Where(r => r.Value.Until <= now).Select(r => r.Key).ToList())
            {
                records.Remove(stale);
            }

            packed = Pack(records.Values.Select(r => r.Value));
            expires = (uint)Math.Ceiling((records.Values.Max(r => r.Until) - now).TotalSeconds);
            if (packed.Length > MaxBucketBytes)
            {
                // Not stored: this put fails (the exporter counts and retries it), not the whole bucket.
                if (had)
                {
                    records[key] = previous;
                }
                else
                {
                    records.Remove(key);
                }

                throw new RendezvousException(
                    $"bucket {bucket} of this exporter would hold {packed.Length} bytes, over the {MaxBucketBytes} one overlay object carries: " +
                    "too many or too large records for one exporter (export fewer types, or use --rendezvous opendht=...)");
            }
        }

        var obj = new ResourceObject(ContentType.Z2zServices, (byte)bucket, _resource, Bytes.Copy(packed)) { Expires = expires };
        var result = await Run((now, done) => client.Node.Publish(now, obj, RoutingMode.Recursive, done), cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            throw new RendezvousException($"the overlay refused the put through {client.Peer}: {(int)result.Code} {result.Failure}");
        }
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<ReadOnlyMemory<byte>>> GetAllAsync(CancellationToken cancellationToken)
    {
        var lookups = Enumerable.Range(0, Buckets).Select(b => Run(
            (now, done) => client.Node.LookupObject(now, new RLookup(ContentType.Z2zServices, (byte)b, _resource), RoutingMode.Recursive, done),
            cancellationToken));
        var results = await Task.WhenAll(lookups).ConfigureAwait(false);
        if (results.All(r => !r.Succeeded && r.Code != ResponseCode.NotFound))
        {
            throw new RendezvousException($"the overlay did not answer through {client.Peer}: {(int)results[0].Code} {results[0].Failure}");
        }

        var values = new List<ReadOnlyMemory<byte>>();
        foreach (var obj in results.Where(r => r.Succeeded).SelectMany(r => r.Objects))
        {
            Unpack(obj.Value.Memory, values);
        }

        return values;
    }

    /// <summary>The bucket of a record: a hash of its type and instance, so a refresh lands where the put did.</summary>
    internal static int BucketOf(RecordKey key) =>
        SHA256.HashData(Encoding.UTF8.GetBytes($"{key.ServiceType}\n{key.InstanceName}"))[0] % Buckets;

    internal static byte[] Pack(IEnumerable<byte[]> records)
    {
        var list = records.ToList();
        var packed = new byte[list.Sum(r => 2 + r.Length)];
        var at = 0;
        foreach (var r in list)
        {
            BinaryPrimitives.WriteUInt16BigEndian(packed.AsSpan(at), (ushort)r.Length);
            r.CopyTo(packed.AsSpan(at + 2));
            at += 2 + r.Length;
        }

        return packed;
    }

    /// <summary>Splits a bucket's value; a length running past the end ends it (the rest is not a record).</summary>
    internal static void Unpack(ReadOnlyMemory<byte> packed, List<ReadOnlyMemory<byte>> into)
    {
        var at = 0;
        while (at + 2 <= packed.Length)
        {
            var length = BinaryPrimitives.ReadUInt16BigEndian(packed.Span[at..]);
            if (at + 2 + length > packed.Length)
            {
                into.Add(packed[at..]); // undecodable: the importer counts it
                return;
            }

            into.Add(packed.Slice(at + 2, length));
            at += 2 + length;
        }
    }

    private async Task<OverlayResult> Run(Action<TimeSpan, Action<OverlayResult>> start, CancellationToken cancellationToken)
    {
        try
        {
            return await ClientRequests.InvokeAsync(client.Host, start, client.Peer, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidOperationException e)
        {
            throw new RendezvousException(e.Message, e); // over TCP: the peer refused the connection
        }
    }
}
