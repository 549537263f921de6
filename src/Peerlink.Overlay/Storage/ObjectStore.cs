using Peerlink.Core;
using Peerlink.Wire;

namespace Peerlink.Overlay.Storage;

/// <summary>
/// The resource objects a node is responsible for or holds as a replica, as a pure data structure
/// driven by the caller's clock. An object is keyed by (Resource-ID, Cont-Type, Sub-Type, Owner)
/// (§3.3: several owners may store under one Resource-ID and type); only its owner may replace or
/// remove it. The owner is the Owner field, which a publisher must set to its own Peer-ID (the engine
/// fills it in when absent); objects arriving by Replicate or Transfer keep theirs.
/// </summary>
public sealed class ObjectStore
{
    private readonly Dictionary<NodeId, List<Stored>> _byResource = [];
    private readonly StoreLimits _limits;

    /// <summary>Creates an empty store.</summary>
    public ObjectStore(StoreLimits? limits = null) => _limits = limits ?? StoreLimits.Default;

    /// <summary>Objects held, expired ones included until <see cref="Expire"/> runs.</summary>
    public int Count { get; private set; }

    /// <summary>Value bytes held.</summary>
    public long Bytes { get; private set; }

    /// <summary>
    /// A Publish from <paramref name="requester"/>: store the object, or replace the requester's own
    /// object under the same key. Fails when the object names another owner.
    /// </summary>
    public StoreOutcome Publish(TimeSpan now, ResourceObject obj, Bytes requester)
    {
        ArgumentNullException.ThrowIfNull(obj);
        if (obj.Owner is { } owner && owner != requester)
        {
            return StoreOutcome.NotOwner;
        }

        return Put(now, obj with { Owner = requester });
    }

    /// <summary>
    /// A copy from a peer (Replicate, Transfer, Leave): stored as it is, replacing the same key's copy
    /// when this one lives longer; a copy with Expires 0 removes it. Peers are trusted here: without
    /// signatures (§7.2.1) a copy cannot be checked against its owner.
    /// </summary>
    public StoreOutcome Accept(TimeSpan now, ResourceObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        if (obj.Owner is null)
        {
            return StoreOutcome.NotOwner;
        }

        if (obj.Expires == 0)
        {
            // The owner removed it: the copy with no lifetime left replaces the replicas.
            return Remove(obj, obj.Owner.Value);
        }

        if (Find(obj) is { } existing && existing.ExpiresAt >= ExpiresAt(now, obj))
        {
            return StoreOutcome.Replaced;
        }

        return Put(now, obj);
    }

    /// <summary>A RemoveObject from <paramref name="requester"/> for its own object under <paramref name="key"/>'s key.</summary>
    public StoreOutcome Remove(ResourceObject key, Bytes requester)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Owner is { } owner && owner != requester)
        {
            return StoreOutcome.NotOwner;
        }

        var probe = key with { Owner = requester };
        if (!_byResource.TryGetValue(key.ResourceId, out var list))
        {
            return StoreOutcome.NotFound;
        }

        var index = list.FindIndex(s => SameKey(s.Object, probe));
        if (index < 0)
        {
            return StoreOutcome.NotFound;
        }

        Drop(list, index, key.ResourceId);
        return StoreOutcome.Removed;
    }

    /// <summary>
    /// The live objects an RLookup matches (all owners unless it names one), each with Expires set to
    /// its remaining lifetime in seconds.
    /// </summary>
    public IReadOnlyList<ResourceObject> Lookup(TimeSpan now, RLookup query)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (!_byResource.TryGetValue(query.ResourceId, out var list))
        {
            return [];
        }

        var found = new List<ResourceObject>();
        foreach (var s in list)
        {
            var o = s.Object;
            if (s.ExpiresAt > now && o.ContentType == query.ContentType && o.SubType == query.SubType
                && (query.Owner is null || query.Owner == o.Owner))
            {
                found.Add(o with { Expires = Remaining(now, s.ExpiresAt) });
            }
        }

        return found;
    }

    /// <summary>Every live object whose Resource-ID satisfies <paramref name="belongs"/> (to Transfer or Replicate them).</summary>
    public IEnumerable<ResourceObject> Where(TimeSpan now, Func<NodeId, bool> belongs)
    {
        ArgumentNullException.ThrowIfNull(belongs);
        foreach (var (id, list) in _byResource)
        {
            if (!belongs(id))
            {
                continue;
            }

            foreach (var s in list)
            {
                if (s.ExpiresAt > now)
                {
                    yield return s.Object with { Expires = Remaining(now, s.ExpiresAt) };
                }
            }
        }
    }

    /// <summary>Drops expired objects; returns how many. The engine calls it from its periodic work.</summary>
    public int Expire(TimeSpan now)
    {
        var dropped = 0;
        foreach (var id in _byResource.Keys.ToList())
        {
            var list = _byResource[id];
            for (var i = list.Count - 1; i >= 0; i--)
            {
                if (list[i].ExpiresAt <= now)
                {
                    Drop(list, i, id);
                    dropped++;
                }
            }
        }

        return dropped;
    }

    private StoreOutcome Put(TimeSpan now, ResourceObject obj)
    {
        var expiresAt = ExpiresAt(now, obj);
        var stored = new Stored(obj with { Expires = null }, expiresAt);
        if (!_byResource.TryGetValue(obj.ResourceId, out var list))
        {
            list = [];
            _byResource[obj.ResourceId] = list;
        }

        var index = list.FindIndex(s => SameKey(s.Object, obj));
        var oldBytes = index >= 0 ? list[index].Object.Value.Length : 0;
        if (Bytes - oldBytes + obj.Value.Length > _limits.MaxBytes || (index < 0 && Count >= _limits.MaxObjects))
        {
            if (list.Count == 0)
            {
                _byResource.Remove(obj.ResourceId);
            }

            return StoreOutcome.QuotaExceeded;
        }

        Bytes += obj.Value.Length - oldBytes;
        if (index >= 0)
        {
            list[index] = stored;
            return StoreOutcome.Replaced;
        }

        list.Add(stored);
        Count++;
        return StoreOutcome.Stored;
    }

    private Stored? Find(ResourceObject obj) =>
        _byResource.TryGetValue(obj.ResourceId, out var list) ? list.Find(s => SameKey(s.Object, obj)) : null;

    private void Drop(List<Stored> list, int index, NodeId id)
    {
        Bytes -= list[index].Object.Value.Length;
        Count--;
        list.RemoveAt(index);
        if (list.Count == 0)
        {
            _byResource.Remove(id);
        }
    }

    private TimeSpan ExpiresAt(TimeSpan now, ResourceObject obj)
    {
        var lifetime = obj.Expires is { } seconds ? TimeSpan.FromSeconds(seconds) : _limits.DefaultLifetime;
        return now + (lifetime > _limits.MaxLifetime ? _limits.MaxLifetime : lifetime);
    }

    private static uint Remaining(TimeSpan now, TimeSpan expiresAt) =>
        (uint)Math.Ceiling((expiresAt - now).TotalSeconds);

    private static bool SameKey(ResourceObject a, ResourceObject b) =>
        a.ContentType == b.ContentType && a.SubType == b.SubType && a.Owner == b.Owner;

    private sealed record Stored(ResourceObject Object, TimeSpan ExpiresAt);
}
