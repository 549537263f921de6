using Peerlink.Core;
using Peerlink.Overlay.Transactions;
using Peerlink.Wire;

namespace Peerlink.Overlay.Engine;

/// <summary>
/// Joining, leaving and keeping the overlay in shape (§4.7, §4.9, §4.10): maintenance rounds that
/// the topology decides, handing objects to a new owner, re-replication when the replica set changes.
/// </summary>
public sealed partial class OverlayNode
{
    private readonly HashSet<NodeId> _owned = [];

    // Peers found dead lately. Other peers' tables lag behind; learning such a peer from them again
    // would route into the dead node once more. A message from the peer itself clears it.
    private readonly Dictionary<NodeId, TimeSpan> _dead = [];
    private Dictionary<NodeId, int>? _strikes;
    private TimeSpan? _nextMaintenance;
    private TimeSpan _nextReplication;
    private long _round;

    // Stabilizations sent since the last maintenance round because an answer moved the successor.
    private int _restabilizations;
    private int _replicaSetHash;
    private int _neighborsHash;

    // A Replicate went unanswered: the next replication round sends the owned objects even if the
    // replica set is the same.
    private bool _replicateAgain;
    private TimeSpan _nextRepublish;

    /// <summary>Whether periodic maintenance runs (after <see cref="Join"/> or <see cref="StartAlone"/>).</summary>
    public bool IsMember => _nextMaintenance is not null;

    /// <summary>Forms a new overlay of one, or starts maintenance on tables filled from outside.</summary>
    public void StartAlone(TimeSpan now)
    {
        _now = now;
        _nextMaintenance = now + Jitter(_options.MaintenanceInterval);
        _nextReplication = now + _options.ReplicationInterval;
        _nextRepublish = now + _options.RepublishInterval;
    }

    /// <summary>
    /// Joins through any peer of the overlay (§4.7.1): the Join is routed to the admitting peer, the
    /// owner of this node's ID, which answers with its neighbours; this node then tells them it exists
    /// (Join with the S flag) and starts maintenance. The admitting peer hands over the objects this
    /// node now owns with a Transfer.
    /// </summary>
    public void Join(TimeSpan now, NodeAddress viaPeer, Action<OverlayResult> done)
    {
        ArgumentNullException.ThrowIfNull(done);
        _now = now;
        var op = new Operation(RequestType.Join, Self.Id, [new RequestOptions(RequestOptionBits.NeighborTable)], RoutingMode.Recursive, result =>
        {
            if (result.Succeeded)
            {
                foreach (var neighbor in _topology.Neighbors.ToList())
                {
                    SendJoinToNeighbor(neighbor);
                }

                if (_topology is IShortlistTopology shortlist)
                {
                    // §2.3: a joining node looks itself up, which fills its nearest buckets and puts
                    // it into the tables of the peers around it.
                    Search(Self.Id, shortlist.Parallelism, (_, _) => { });
                }

                StartAlone(_now);
                ConnectToUnheard(); // behind a NAT: paths to the new neighbours now, not a round later
            }

            done(result);
        })
        {
            // One try through the given peer: with no table yet there is no other route, and
            // "routing" the Join locally would admit this node to an overlay of itself.
            Attempts = _options.MaxAttempts,
        };
        var bootstrap = new PeerRef(NodeId.Zero(Self.Id.Length), viaPeer);
        SendAttempt(op, bootstrap, primary: false);
    }

    /// <summary>
    /// Leaves gracefully (§4.7.2): a Leave indication to the neighbours, carrying this node's own
    /// objects to its successor, which now owns them. Maintenance stops.
    /// </summary>
    public void Leave(TimeSpan now)
    {
        _now = now;
        _nextMaintenance = null;
        var owned = Store.Where(now, _topology.Owns).ToList();
        var successor = _topology.ReplicaSet(1).FirstOrDefault();
        foreach (var neighbor in _topology.Neighbors.ToList())
        {
            // Only the successor gets the objects (it owns them now); the rest hear that we go.
            var header = new P2ppHeader(MessageKind.Indication, RequestType.Leave, NextTransactionId(), Self.Id) { Ttl = 1, FromPeer = IsPeer };
            IEnumerable<P2ppObject> objects = neighbor.Id == successor.Id ? owned.Take(64) : [];
            var bytes = Encode(new P2ppMessage(header, [SelfInfo, .. objects]));
            SendTracked(neighbor.Address, TransactionKey.Of(header), bytes, FireAndForget.Instance);
        }
    }

    private TimeSpan? MaintenanceDeadline => _nextMaintenance is { } m ? (m < _nextReplication ? m : _nextReplication) : null;

    private void RunMaintenance()
    {
        if (_nextMaintenance is { } due && _now >= due)
        {
            _nextMaintenance = _now + Jitter(_options.MaintenanceInterval);
            Store.Expire(_now);
            _restabilizations = 0;
            foreach (var action in _topology.Maintenance(_round++))
            {
                Maintain(action);
            }

            ConnectToUnheard();
        }

        if (_nextMaintenance is not null && _now >= _nextReplication)
        {
            _nextReplication = _now + _options.ReplicationInterval;
            RepublishOwnIfDue();
            var hash = ReplicaSetHash();
            if (hash != _replicaSetHash || _replicateAgain || _now >= _nextRepublish)
            {
                _replicaSetHash = hash;
                _replicateAgain = false;
                _nextRepublish = _now + _options.RepublishInterval;
                var owned = Store.Where(_now, _topology.Owns).ToList();
                if (owned.Count > 0)
                {
                    Replicate(owned);
                }
            }

            var neighbors = NeighborsHash();
            if (neighbors != _neighborsHash)
            {
                _neighborsHash = neighbors;
                OfferCopiesToRoots();
            }
        }
    }

    // Under churn a key's root can change without its old root handing it over: the old root crashed
    // and the next in line held no copy, or a newcomer took the key from a neighbour that held it
    // only as a replica. So whenever this node's neighbourhood changed, each copy it holds of a key
    // it does not own goes to the key's root as this node now sees it (Bamboo's and Kademlia's
    // answer too: every holder pushes, not only the owner). The root keeps it and, if the key is
    // its own now, adopts and replicates it; a copy it already has costs one message.
    private void OfferCopiesToRoots()
    {
        Dictionary<PeerRef, List<ResourceObject>>? byRoot = null;
        foreach (var obj in Store.Where(_now, id => !_topology.Owns(id)))
        {
            if (_topology.Closest(obj.ResourceId, 1) is [var root] && root.Id != Self.Id && !IsRecentlyDead(root.Id))
            {
                AddTo(ref byRoot, root, obj);
            }
        }

        SendGrouped(RequestType.Replicate, byRoot, 1);
    }

    private int NeighborsHash()
    {
        var hash = new HashCode();
        foreach (var p in _topology.Neighbors)
        {
            hash.Add(p.Id);
        }

        return hash.ToHashCode();
    }

    private void Maintain(MaintenanceAction action)
    {
        switch (action.Kind)
        {
            case MaintenanceKind.ExchangeNeighbors:
                SendProbe(action.Peer, RequestType.ExchangeTable, [new RequestOptions(RequestOptionBits.NeighborTable)]);
                break;
            case MaintenanceKind.Ping:
                SendProbe(action.Peer, RequestType.KeepAlive, [new Expires((uint)KeepAliveInterval.TotalSeconds)]);
                break;
            case MaintenanceKind.ExchangeRow:
                // P2PP's ExchangeTable names no row: ask for the whole routing table; Learn keeps what fits.
                SendProbe(action.Peer, RequestType.ExchangeTable, [new RequestOptions(RequestOptionBits.RoutingTable)]);
                break;
            case MaintenanceKind.FindPeers when _topology is IShortlistTopology shortlist:
                // A bucket refresh is a node lookup (§2.3); what it hears of is learned on the way.
                Search(action.Target, shortlist.Parallelism, (_, _) => { });
                break;
            case MaintenanceKind.FindPeers when action.Peer.Id.IsEmpty:
                LookupPeer(_now, new PLookup(action.Count, PeerLookupMode.Closest, action.Target), RoutingMode.Recursive, LearnPeers);
                break;
            case MaintenanceKind.FindPeers:
                Start(_now, new Operation(RequestType.LookupPeer, action.Target, [new PLookup(action.Count, PeerLookupMode.Closest, action.Target)], RoutingMode.Recursive, LearnPeers) { Via = action.Peer });
                break;
        }
    }

    // Chord's stabilize, repeated at once while it moves the successor: a node admitted among many
    // concurrent joiners can start with a successor far past its true one, and each answer brings it
    // only one peer closer (the asked peer's predecessor). One step per maintenance round would take
    // minutes to walk back; one step per round trip takes seconds. Bounded per round, so that a
    // topology whose "first replica" keeps changing cannot turn this into a loop.
    private void StabilizeAgainIfMoved(PeerRef asked)
    {
        const int MaxPerRound = 64;
        if (_topology.ReplicaSet(1).FirstOrDefault() is { Id.IsEmpty: false } successor && successor.Id != asked.Id
            && _restabilizations < MaxPerRound)
        {
            _restabilizations++;
            Maintain(new MaintenanceAction(MaintenanceKind.ExchangeNeighbors, successor));
        }
    }

    private void SendProbe(PeerRef peer, RequestType type, IEnumerable<P2ppObject> body)
    {
        var header = new P2ppHeader(MessageKind.Request, type, NextTransactionId(), Self.Id) { Ttl = 1, FromPeer = IsPeer };
        SendTracked(peer.Address, TransactionKey.Of(header), Encode(new P2ppMessage(header, [SelfInfo, .. body])), new Probe(peer));
    }

    private void SendJoinToNeighbor(PeerRef neighbor)
    {
        var header = new P2ppHeader(MessageKind.Request, RequestType.Join, NextTransactionId(), Self.Id) { Ttl = 1 };
        ValueList<P2ppObject> body = [new RequestOptions(RequestOptionBits.ToNeighbors | RequestOptionBits.NeighborTable), SelfInfo];
        SendTracked(neighbor.Address, TransactionKey.Of(header), Encode(new P2ppMessage(header, body)), new Probe(neighbor));
    }

    private void LearnPeers(OverlayResult result)
    {
        foreach (var info in result.Peers)
        {
            Learn(info);
        }
    }

    // A table answer: every Peer-Info in it is a live peer as far as its sender knows.
    private void LearnTables(P2ppMessage response)
    {
        foreach (var table in response.All<PeerTable>())
        {
            foreach (var info in table.Entries)
            {
                Learn(info);
            }
        }
    }

    private void Learn(PeerInfo info)
    {
        if (info is { PeerId: { } id, Address: { } address } && id.Length == Self.Id.Length && id != Self.Id)
        {
            LearnSecondHand(new PeerRef(id, address.Candidates[0].EndPoint));
        }
    }

    // Heard of, not from: such a peer may be added, but never moves a known peer to another address,
    // and a peer found dead lately stays out (other tables lag behind). Nor does a peer at this
    // node's own address: that is this node's earlier self (it left and came back under a new ID),
    // still in others' tables; held, it would route requests to this node as to another.
    private void LearnSecondHand(PeerRef peer)
    {
        if (IsRecentlyDead(peer.Id) || peer.Address == Self.Address || (_topology.TryGetAddress(peer.Id, out var known) && known != peer.Address))
        {
            return;
        }

        AfterTableChange(_topology.Learn(peer), peer);
    }

    // A new predecessor owns part of what we owned: hand those objects over (§4.7.1 step 6). Losing a
    // neighbour may make us the owner of its keys, whose replicas we hold: count them as ours.
    private void AfterTableChange(TableChange change, PeerRef? newcomer)
    {
        if (change == TableChange.None || (change & (TableChange.Predecessor | TableChange.Successors)) == 0)
        {
            return;
        }

        if (newcomer is null)
        {
            // A peer went away: nothing to hand over, but its keys may be ours now.
            AdoptOwnedReplicas();
            return;
        }

        // Each object goes to the known peer now closest to its key, which is not always the peer
        // whose news moved the table: a stabilize answer from the successor can bring us a new
        // predecessor, and a newcomer can take over only part of what we gave up.
        Dictionary<PeerRef, List<ResourceObject>>? moved = null;
        foreach (var obj in Store.Where(_now, id => _owned.Contains(id) && !_topology.Owns(id)))
        {
            var owner = _topology.Closest(obj.ResourceId, 1) is [var closest, ..] && closest.Id != Self.Id ? closest : newcomer.Value;
            AddTo(ref moved, owner, obj);
        }

        foreach (var obj in moved?.Values.SelectMany(objects => objects) ?? [])
        {
            _owned.Remove(obj.ResourceId);
        }

        SendGrouped(RequestType.Transfer, moved, TransferHops);
        AdoptOwnedReplicas();
    }

    // Objects grouped by the peer each goes to (Transfer to a new owner, Replicate to a root).
    private static void AddTo(ref Dictionary<PeerRef, List<ResourceObject>>? groups, PeerRef to, ResourceObject obj)
    {
        groups ??= [];
        if (!groups.TryGetValue(to, out var objects))
        {
            groups[to] = objects = [];
        }

        objects.Add(obj);
    }

    // Each group to its peer, in messages of at most 64 objects.
    private void SendGrouped(RequestType type, Dictionary<PeerRef, List<ResourceObject>>? groups, byte ttl)
    {
        foreach (var (to, objects) in groups ?? [])
        {
            foreach (var chunk in objects.Chunk(64))
            {
                SendCopies(type, to, chunk, ttl, FireAndForget.Instance);
            }
        }
    }

    // A Transfer's TTL is how many more times its objects may be passed on by peers that find they
    // do not own them (their views and ours differ while the ring settles); it bounds ping-pong.
    private const byte TransferHops = 4;

    private void AdoptOwnedReplicas()
    {
        foreach (var obj in Store.Where(_now, id => !_owned.Contains(id) && _topology.Owns(id)))
        {
            _owned.Add(obj.ResourceId);
        }
    }

    // A peer found dead is kept out of the tables for DeadMemory: second-hand news of it is ignored,
    // and only its own word brings it back. A peer that swallowed a routed request (no ACK) gets a
    // strike instead: it stays out even if it speaks (a black hole answers keep-alives but drops what
    // it should route, issue 4), for DeadMemory doubled with each strike, up to 32 times; a routed
    // request it acknowledges clears its strikes. So entries are trusted again only after they
    // answered what matters, and a lookup that meets unresponsive entries routes around them.
    private void MarkDead(PeerRef peer, bool routed = false)
    {
        ConnectIfUnheard(peer);
        Counters.PeersDeclaredDead++;
        _roundTrips.Forget(peer.Id);
        var memory = DeadMemory;
        if (routed)
        {
            _strikes ??= [];
            if (_strikes.Count >= 256)
            {
                _strikes.Clear(); // bounded: forgetting strikes only makes the next exclusion shorter
            }

            var strikes = _strikes[peer.Id] = _strikes.GetValueOrDefault(peer.Id) + 1;
            memory *= 1 << Math.Min(strikes - 1, 5);
        }

        if (_dead.Count >= 256)
        {
            foreach (var (id, until) in _dead)
            {
                if (until <= _now)
                {
                    _dead.Remove(id);
                }
            }
        }

        if (_dead.Count < 256)
        {
            _dead[peer.Id] = _now + memory;
        }

        AfterTableChange(_topology.Remove(peer.Id), null);
        RunRepairs();
    }

    // What a reactive geometry asked for when a peer went: done now, not at the next round.
    private void RunRepairs()
    {
        foreach (var action in _topology.TakeRepairs())
        {
            Maintain(action);
        }
    }

    // Whether a peer that speaks to us may come back now: not while a strike keeps it out.
    private bool IsStruckOut(NodeId id) => _strikes is not null && _strikes.ContainsKey(id) && IsRecentlyDead(id);

    // A routed request the peer acknowledged: it routes again.
    private void ClearStrikes(Pending state)
    {
        if (_strikes is not null && state is Forwarded or Attempt && NextHopOf(state) is { } peer)
        {
            _strikes.Remove(peer.Id);
        }
    }

    private bool IsRecentlyDead(NodeId id)
    {
        if (!_dead.TryGetValue(id, out var until))
        {
            return false;
        }

        if (until > _now)
        {
            return true;
        }

        _dead.Remove(id);
        return false;
    }

    private TimeSpan DeadMemory => _options.MaintenanceInterval * 6;

    private int ReplicaSetHash()
    {
        var hash = new HashCode();
        foreach (var p in _topology.ReplicaSet(_options.Replicas))
        {
            hash.Add(p.Id);
        }

        return hash.ToHashCode();
    }

    private TimeSpan Jitter(TimeSpan period) => period * (0.75 + (0.5 * _random.NextDouble()));

    private byte[] Encode(P2ppMessage message) => P2ppCodec.Encode(message, _options.Wire);
}
