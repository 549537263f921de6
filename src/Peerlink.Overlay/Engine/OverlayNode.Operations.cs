using Peerlink.Core;
using Peerlink.Overlay.Transactions;
using Peerlink.Wire;

namespace Peerlink.Overlay.Engine;

/// <summary>Operations this node originates (§10: Publish, Lookup, Remove; and LookupPeer).</summary>
public sealed partial class OverlayNode
{
    // What this node published and has not removed, published again every PublisherRepublishInterval
    // (made on the first publish: most of a simulation's 100,000 nodes never publish).
    private Dictionary<(NodeId Key, ContentType Type, byte SubType), (ResourceObject Object, RoutingMode Mode)>? _published;
    private TimeSpan? _nextPublisherRepublish;

    /// <summary>
    /// Stores <paramref name="obj"/> at the peer that owns its Resource-ID (§4.8.1). Once stored, this
    /// node publishes it again every <see cref="OverlayNodeOptions.PublisherRepublishInterval"/>
    /// until it removes it (Kademlia's tRepublish).
    /// </summary>
    public void Publish(TimeSpan now, ResourceObject obj, RoutingMode mode, Action<OverlayResult> done)
    {
        ArgumentNullException.ThrowIfNull(obj);
        ArgumentNullException.ThrowIfNull(done);
        Start(now, new Operation(RequestType.Publish, obj.ResourceId, [obj], mode, result =>
        {
            if (result.Succeeded)
            {
                (_published ??= [])[(obj.ResourceId, obj.ContentType, obj.SubType)] = (obj, mode);
                _nextPublisherRepublish ??= _now + _options.PublisherRepublishInterval;
            }

            done(result);
        }));
    }

    /// <summary>Objects this node published and will publish again (until it removes them).</summary>
    public int PublishedCount => _published?.Count ?? 0;

    // Kademlia §2.5: the original publisher republishes every tRepublish, so that a value outlives
    // the loss of every copy (and its expiry) as long as its publisher lives.
    private void RepublishOwnIfDue()
    {
        if (_nextPublisherRepublish is not { } due || _now < due || _published is null)
        {
            return;
        }

        _nextPublisherRepublish = _now + _options.PublisherRepublishInterval;
        foreach (var (obj, mode) in _published.Values.ToList())
        {
            Start(_now, new Operation(RequestType.Publish, obj.ResourceId, [obj], mode, _ => { }));
        }
    }

    /// <summary>Finds the objects an RLookup names (§4.8.2).</summary>
    public void LookupObject(TimeSpan now, RLookup query, RoutingMode mode, Action<OverlayResult> done)
    {
        ArgumentNullException.ThrowIfNull(query);
        Start(now, new Operation(RequestType.LookupObject, query.ResourceId, [query], mode, done));
    }

    /// <summary>Removes this node's own object under <paramref name="key"/>'s key (and stops publishing it again).</summary>
    public void RemoveObject(TimeSpan now, ResourceObject key, RoutingMode mode, Action<OverlayResult> done)
    {
        ArgumentNullException.ThrowIfNull(key);
        _published?.Remove((key.ResourceId, key.ContentType, key.SubType));
        Start(now, new Operation(RequestType.RemoveObject, key.ResourceId, [key], mode, done));
    }

    /// <summary>Finds peers by ID (§4.8.3).</summary>
    public void LookupPeer(TimeSpan now, PLookup lookup, RoutingMode mode, Action<OverlayResult> done)
    {
        ArgumentNullException.ThrowIfNull(lookup);
        Start(now, new Operation(RequestType.LookupPeer, lookup.Target, [lookup], mode, done));
    }

    private void Start(TimeSpan now, Operation op)
    {
        _now = now;
        if (Searches(op))
        {
            SearchThen(op);
            return;
        }

        Retry(op, "no route");
    }

    // Sends the operation (again) along the best route the table now gives; fails it when the
    // attempts are used up and no copy is still under way.
    private void Retry(Operation op, string lastFailure)
    {
        if (op.Finished || op.Outstanding > 0)
        {
            return;
        }

        if (op.Searching)
        {
            return; // the node lookup's end decides what comes next
        }

        if (op.Candidates is not null)
        {
            TryNextCandidate(op, lastFailure);
            return;
        }

        if (op.Attempts >= _options.MaxAttempts)
        {
            op.Finish(OverlayResult.Fail(ResponseCode.Timeout, lastFailure, op.IterativeHops));
            return;
        }

        if (op.Via is { } via)
        {
            // A lookup along another path than ours has one try: routed our way, it would only
            // repeat what our own table says.
            op.Attempts = _options.MaxAttempts;
            SendAttempt(op, via, primary: false);
            return;
        }

        op.Attempts++;
        var route = _topology.Route(op.Key);
        if (route.IsLocal)
        {
            AnswerLocally(op);
            return;
        }

        var hops = op.Mode == RoutingMode.Parallel ? ParallelHops(op.Key, route.NextHop) : [route.NextHop];
        for (var i = 0; i < hops.Count; i++)
        {
            SendAttempt(op, hops[i], primary: op.Mode == RoutingMode.Parallel && i == 0, final: i == 0 && route.NextHopOwnsKey);
        }
    }

    private void SendAttempt(Operation op, PeerRef hop, bool primary, bool final = false)
    {
        var header = new P2ppHeader(MessageKind.Request, op.Type, NextTransactionId(), Self.Id)
        {
            Recursive = op.Mode != RoutingMode.Iterative,
            Ttl = _options.InitialTtl,
            FromPeer = IsPeer,
        };
        var flags = (primary ? RequestOptionBits.Primary : RequestOptionBits.None) | (final ? RequestOptionBits.Final : RequestOptionBits.None);
        P2ppObject[] prefix = flags != RequestOptionBits.None ? [new RequestOptions(flags), SelfInfo] : [SelfInfo];
        var message = new P2ppMessage(header, [.. prefix, .. op.Body]);
        op.Outstanding++;
        SendTracked(hop.Address, TransactionKey.Of(header), P2ppCodec.Encode(message, _options.Wire), new Attempt(op, hop), header.Recursive ? PathTimeout * 2 : null);
    }

    private List<PeerRef> ParallelHops(NodeId key, PeerRef best)
    {
        var hops = new List<PeerRef> { best };
        foreach (var p in _topology.Closest(key, _options.ParallelCopies + 1))
        {
            if (hops.Count >= _options.ParallelCopies)
            {
                break;
            }

            if (p.Id != Self.Id && !hops.Exists(x => x.Id == p.Id))
            {
                hops.Add(p);
            }
        }

        return hops;
    }

    private void OnAnswer(Attempt attempt, P2ppMessage response)
    {
        var op = attempt.Operation;
        if (op.Finished)
        {
            return; // a slower parallel copy
        }

        var h = response.Header;
        if (h.ResponseCode != ResponseCode.Ok && op.Searching)
        {
            return; // a peer asked early for the value has none; the node lookup goes on
        }

        if (h.ResponseCode == ResponseCode.NextHop && response.All<PeerInfo>().Skip(1).FirstOrDefault() is { Address: { } next, PeerId: { } nextId })
        {
            op.IterativeHops++;
            if (op.IterativeHops > _options.InitialTtl)
            {
                op.Finish(OverlayResult.Fail(ResponseCode.TtlExceeded, "too many redirections", op.IterativeHops));
                return;
            }

            var hop = new PeerRef(nextId, next.Candidates[0].EndPoint);
            SendAttempt(op, hop, primary: false);
            return;
        }

        if (op.Candidates is { Count: > 0 } && h.ResponseCode is ResponseCode.NotFound or ResponseCode.Timeout && op.Outstanding == 0)
        {
            TryNextCandidate(op, $"{(int)h.ResponseCode} from {attempt.Hop}"); // the next closest may hold a copy
            return;
        }

        if (h.ResponseCode == ResponseCode.Timeout && op.Outstanding == 0)
        {
            Retry(op, $"{(int)h.ResponseCode} from {attempt.Hop}");
            return;
        }

        if (h.ResponseCode != ResponseCode.Ok && op.Mode == RoutingMode.Parallel && op.Outstanding > 0)
        {
            return; // wait for the other copies
        }

        // After a node lookup, the hops are the messages it took: the peers asked, then the tries.
        var hops = op.Search is { } search ? search.Asked + op.Attempts
            : op.Mode == RoutingMode.Iterative ? op.IterativeHops + 1 : _options.InitialTtl - h.Ttl + 1;
        op.Finish(new OverlayResult(
            h.ResponseCode,
            [.. response.All<ResourceObject>()],
            [.. response.All<PeerInfo>()],
            hops,
            h.ResponseCode == ResponseCode.Ok ? null : $"{(int)h.ResponseCode} {h.ResponseCode}"));
    }

    private void AnswerLocally(Operation op)
    {
        var header = new P2ppHeader(MessageKind.Request, op.Type, NextTransactionId(), Self.Id) { Ttl = _options.InitialTtl };
        var (code, objects) = Serve(new P2ppMessage(header, [SelfInfo, .. op.Body]));
        op.Finish(new OverlayResult(
            code,
            [.. objects.OfType<ResourceObject>()],
            [SelfInfo, .. objects.OfType<PeerInfo>()],
            0,
            code == ResponseCode.Ok ? null : $"{(int)code} {code}"));
    }
}
