using Peerlink.Core;
using Peerlink.Wire;

namespace Peerlink.Overlay.Engine;

/// <summary>Serving requests that end at this node (§4.8, §8).</summary>
public sealed partial class OverlayNode
{
    private (ResponseCode Code, IReadOnlyList<P2ppObject> Objects) Serve(P2ppMessage request)
    {
        var h = request.Header;
        switch (h.RequestType)
        {
            case RequestType.Publish when request.Find<ResourceObject>() is { } obj:
                return Publish(h, obj);
            case RequestType.LookupObject when request.Find<RLookup>() is { } query:
                var found = Store.Lookup(_now, query);
                return found.Count == 0 ? (ResponseCode.NotFound, []) : (ResponseCode.Ok, [.. found]);
            case RequestType.RemoveObject when request.Find<ResourceObject>() is { } obj:
                return Remove(h, obj);
            case RequestType.LookupPeer when request.Find<PLookup>() is { } lookup:
                return LookupPeer(lookup);
            case RequestType.Replicate or RequestType.Transfer:
                // Only what this request carried can have changed ownership here: a scan of the whole
                // store per Replicate made puts slow down as stores filled.
                foreach (var o in request.All<ResourceObject>())
                {
                    Store.Accept(_now, o);
                    if (_topology.Owns(o.ResourceId))
                    {
                        _owned.Add(o.ResourceId);
                    }
                    else if (h.RequestType == RequestType.Transfer)
                    {
                        PassOn(o, h.Ttl);
                    }
                }

                return (ResponseCode.Ok, []);
            case RequestType.KeepAlive:
                return (ResponseCode.Ok, [new Expires((uint)KeepAliveInterval.TotalSeconds)]);
            case RequestType.Join:
                var tables = Tables(request.Find<RequestOptions>()?.Flags ?? RequestOptionBits.NeighborTable);
                if (request.Find<PeerInfo>() is { Address: { } joinerAt })
                {
                    // Admitted (§4.7.1): now it is a peer; a new predecessor takes its objects.
                    var joiner = new PeerRef(h.SourceId, joinerAt.Candidates[0].EndPoint);
                    _dead.Remove(joiner.Id);
                    AfterTableChange(_topology.Observe(joiner), joiner);
                }

                return (ResponseCode.Ok, tables);
            case RequestType.ExchangeTable:
                return (ResponseCode.Ok, Tables(request.Find<RequestOptions>()?.Flags ?? RequestOptionBits.NeighborTable));
            case RequestType.Query:
                return (ResponseCode.Ok, []);
            case RequestType.Connect:
                return ServeConnect(request);
            case RequestType.Publish or RequestType.LookupObject or RequestType.RemoveObject or RequestType.LookupPeer:
                return (ResponseCode.BadRequest, [new ErrorObject(ErrorClass.General, 0, 0, $"{h.RequestType} without its object (§8)")]);
            default:
                return (ResponseCode.RequestRejected, [new ErrorObject(ErrorClass.General, 0, 0, $"{h.RequestType} is not served by this node")]);
        }
    }

    /// <summary>The keepalive interval this node asks for (§4.9.1: KAT 10 s).</summary>
    private static TimeSpan KeepAliveInterval => TimeSpan.FromSeconds(10);

    private (ResponseCode, IReadOnlyList<P2ppObject>) Publish(P2ppHeader h, ResourceObject obj)
    {
        var outcome = Store.Publish(_now, obj, OwnerOf(h));
        if (outcome is not (Storage.StoreOutcome.Stored or Storage.StoreOutcome.Replaced))
        {
            return (CodeOf(outcome), []);
        }

        _owned.Add(obj.ResourceId);

        // Copy to the r successors (§4.10), so the object outlives this node.
        var stored = Store.Lookup(_now, new RLookup(obj.ContentType, obj.SubType, obj.ResourceId, OwnerOf(h)))[0];
        Replicate([stored]);
        return (ResponseCode.Ok, [new Expires(stored.Expires ?? 0)]);
    }

    private (ResponseCode, IReadOnlyList<P2ppObject>) Remove(P2ppHeader h, ResourceObject obj)
    {
        var outcome = Store.Remove(obj, OwnerOf(h));
        if (outcome == Storage.StoreOutcome.Removed)
        {
            // A replica with no lifetime left replaces the copies (Accept keeps the longer life, so
            // removal travels as the owner's explicit zero; see ObjectStore.Accept).
            Replicate([obj with { Owner = OwnerOf(h), Expires = 0 }]);
        }

        return (CodeOf(outcome), []);
    }

    private (ResponseCode, IReadOnlyList<P2ppObject>) LookupPeer(PLookup lookup)
    {
        var count = Math.Max(1, (int)lookup.Count);
        switch (lookup.Mode)
        {
            case PeerLookupMode.Exact:
                var exact = _topology.AllPeers.Append(Self).FirstOrDefault(p => p.Id == lookup.Target);
                return exact.Id.IsEmpty ? (ResponseCode.NotFound, []) : (ResponseCode.Ok, [ToPeerInfo(exact)]);
            case PeerLookupMode.Range when lookup.RangeEnd is { } end:
                var inRange = _topology.AllPeers.Append(Self)
                    .Where(p => p.Id == lookup.Target || NodeId.InArcExclusiveInclusive(p.Id, lookup.Target, end))
                    .Take(count).Select(ToPeerInfo).ToList<P2ppObject>();
                return (ResponseCode.Ok, inRange);
            default:
                return (ResponseCode.Ok, _topology.Closest(lookup.Target, count).Select(ToPeerInfo).ToList<P2ppObject>());
        }
    }

    private List<P2ppObject> Tables(RequestOptionBits flags)
    {
        var tables = new List<P2ppObject>(2);
        if (flags.HasFlag(RequestOptionBits.RoutingTable))
        {
            tables.Add(new RoutingTable([.. _topology.AllPeers.Take(byte.MaxValue).Select(ToPeerInfo)]));
        }

        if (flags.HasFlag(RequestOptionBits.NeighborTable))
        {
            tables.Add(new NeighborTable([.. _topology.Neighbors.Take(byte.MaxValue).Select(ToPeerInfo)]));
        }

        return tables;
    }

    // A handed-over object we do not own: the peer that lost it took us for its owner, which happens
    // when two parts of the ring had not yet met (nodes that joined while the overlay was forming).
    // We keep ours as a replica and give the owner a copy, as a Transfer with one hop less to go (the
    // recipient may pass it on again): to the peer our table takes for the owner when the topology
    // says so (Disowns: a Chord owner a few nodes back, Kademlia's or Pastry's nearer peer), else to
    // the owner a lookup finds (a Chord key far behind us: walking back would use up the hops). With
    // no hop left, the lookup's owner gets a Replicate, which it keeps and passes no further.
    private void PassOn(ResourceObject obj, byte ttl)
    {
        var left = (byte)Math.Max(0, ttl - 1);
        if (left > 0 && _topology.Disowns(obj.ResourceId, out var instead) && instead.NextHopOwnsKey && instead.NextHop.Id != Self.Id)
        {
            SendCopies(RequestType.Transfer, instead.NextHop, [obj], left, FireAndForget.Instance);
            return;
        }

        LookupPeer(_now, new PLookup(1, PeerLookupMode.Closest, obj.ResourceId), RoutingMode.Recursive, result =>
        {
            if (result.Peers.Count > 0 && result.Peers[0] is { PeerId: { } id, Address: { } at } && id != Self.Id)
            {
                var owner = new PeerRef(id, at.Candidates[0].EndPoint);
                SendCopies(left > 0 ? RequestType.Transfer : RequestType.Replicate, owner, [obj], Math.Max((byte)1, left), FireAndForget.Instance);
            }
        });
    }

    private void Replicate(IReadOnlyList<ResourceObject> objects)
    {
        foreach (var peer in _topology.ReplicaSet(_options.Replicas))
        {
            SendCopies(RequestType.Replicate, peer, objects, 1, ReplicaPush.Instance);
        }
    }

    // Objects sent to a peer to keep: a Replicate (TTL 1) or a Transfer (TTL = how many more times it
    // may be passed on).
    private void SendCopies(RequestType type, PeerRef to, IEnumerable<ResourceObject> objects, byte ttl, Pending state)
    {
        var header = new P2ppHeader(MessageKind.Request, type, NextTransactionId(), Self.Id) { Ttl = ttl };
        SendTracked(to.Address, Transactions.TransactionKey.Of(header), Encode(new P2ppMessage(header, [SelfInfo, .. objects])), state);
    }

    // The owner of what a request stores is its originator (§7.2.2); without certificates that is its ID.
    private static Bytes OwnerOf(P2ppHeader h) => Bytes.Copy(h.SourceId.Span);

    private static ResponseCode CodeOf(Storage.StoreOutcome outcome) => outcome switch
    {
        Storage.StoreOutcome.Stored or Storage.StoreOutcome.Replaced or Storage.StoreOutcome.Removed => ResponseCode.Ok,
        Storage.StoreOutcome.NotFound => ResponseCode.NotFound,
        Storage.StoreOutcome.NotOwner => ResponseCode.RequestRejected,
        _ => ResponseCode.ErrorInsertingObject,
    };
}
