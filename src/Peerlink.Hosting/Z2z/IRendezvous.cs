using Peerlink.Z2z.Records;

namespace Peerlink.Hosting.Z2z;

/// <summary>
/// Where z2z meets: a multi-valued key-value store under one key (the P2PP overlay, OpenDHT through
/// its REST proxy, or memory in tests). Values are opaque encoded (and perhaps sealed) records of at
/// most 1 KB; a put with the same <see cref="RecordKey"/> replaces the earlier one.
/// </summary>
public interface IRendezvous
{
    /// <summary>Stores (or replaces) one record's bytes for <paramref name="ttl"/>.</summary>
    /// <exception cref="RendezvousException">The rendezvous could not be reached or refused it.</exception>
    Task PutAsync(RecordKey key, ReadOnlyMemory<byte> value, TimeSpan ttl, CancellationToken cancellationToken);

    /// <summary>Every live value under the key, from every exporter.</summary>
    /// <exception cref="RendezvousException">The rendezvous could not be reached.</exception>
    Task<IReadOnlyList<ReadOnlyMemory<byte>>> GetAllAsync(CancellationToken cancellationToken);
}
