using Peerlink.Z2z.Records;

namespace Peerlink.Hosting.Z2z;

/// <summary>
/// A rendezvous in memory, shared by exporters and importers in one process: for tests and demos.
/// Values expire by the <see cref="TimeProvider"/>.
/// </summary>
public sealed class MemoryRendezvous(TimeProvider? timeProvider = null) : IRendezvous
{
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;
    private readonly Lock _gate = new();
    private readonly Dictionary<RecordKey, (byte[] Value, DateTimeOffset Until)> _values = [];

    /// <summary>How many values are live now.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _values.Count(v => v.Value.Until > _time.GetUtcNow());
            }
        }
    }

    /// <inheritdoc/>
    public Task PutAsync(RecordKey key, ReadOnlyMemory<byte> value, TimeSpan ttl, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _values[key] = (value.ToArray(), _time.GetUtcNow() + ttl);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<ReadOnlyMemory<byte>>> GetAllAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            IReadOnlyList<ReadOnlyMemory<byte>> live = [.. _values.Values.Where(v => v.Until > now).Select(v => (ReadOnlyMemory<byte>)v.Value)];
            return Task.FromResult(live);
        }
    }
}
