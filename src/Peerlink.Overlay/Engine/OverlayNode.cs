using Peerlink.Core;
using Peerlink.Overlay.Storage;
using Peerlink.Overlay.Transactions;
using Peerlink.Wire;

namespace Peerlink.Overlay.Engine;

/// <summary>
/// A P2PP peer (draft-baset-p2psip-p2pp-01) as a sans-IO engine: packets and time in, packets out
/// through the <see cref="IPacketSender"/>, results through callbacks. The geometry is behind
/// <see cref="ITopology"/>. This file: receiving, ACKs, duplicates, forwarding and the timers;
/// serving requests is in OverlayNode.Serve.cs, originating them in OverlayNode.Operations.cs.
/// </summary>
public sealed partial class OverlayNode : IProtocolEngine, ITransactionSink<Pending>
{
    private readonly OverlayNodeOptions _options;
    private readonly ITopology _topology;
    private readonly IPacketSender _sender;
    private readonly TransactionTable<Pending> _transactions;
    private readonly DuplicateFilter _duplicates;
    private readonly RttEstimator _roundTrips;
    private readonly Random _random;
    private uint _nextTransactionId;
    private TimeSpan _now;
    private Nat.Stun.StunServer? _stun; // made on the first STUN packet: most simulated nodes never see one

    /// <summary>Creates a node.</summary>
    /// <param name="topology">The routing state; its <see cref="ITopology.Self"/> is this node.</param>
    /// <param name="sender">Where packets go.</param>
    /// <param name="random">This node's seeded random source.</param>
    /// <param name="options">Settings; defaults when null.</param>
    public OverlayNode(ITopology topology, IPacketSender sender, Random random, OverlayNodeOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(topology);
        ArgumentNullException.ThrowIfNull(sender);
        ArgumentNullException.ThrowIfNull(random);
        _options = options ?? new OverlayNodeOptions();
        if (topology.Self.Id.Length != _options.Wire.IdLength)
        {
            throw new ArgumentException($"node ID is {topology.Self.Id.Length} bytes, the overlay uses {_options.Wire.IdLength}", nameof(topology));
        }

        _topology = topology;
        _sender = sender;
        _random = random;
        _transactions = new TransactionTable<Pending>(_options.Timers);
        _roundTrips = new RttEstimator(_options.RoundTripOptions);
        _duplicates = new DuplicateFilter(_options.DuplicateWindow, (ulong)random.NextInt64());
        _nextTransactionId = (uint)random.NextInt64(0, uint.MaxValue);
        Store = new ObjectStore(_options.Store);
        SelfInfo = new PeerInfo(Self.Id, SelfAddressInfo(Self.Address, _options.HostAddress)) { Services = OfferedServices };
        if (BehindNat)
        {
            _paths = NewPaths(); // behind a NAT from the start: which peers reach it directly matters at once
        }
    }

    /// <summary>This node.</summary>
    public PeerRef Self => _topology.Self;

    /// <inheritdoc/>
    public NodeAddress Address => Self.Address;

    /// <summary>The routing state.</summary>
    public ITopology Topology => _topology;

    /// <summary>The objects this node holds.</summary>
    public ObjectStore Store { get; }

    /// <summary>Traffic figures.</summary>
    public NodeCounters Counters { get; } = new();

    // How long a recursive request waits for its answer once the next hop took it: the rest of the
    // path may have to time out a dead hop (T2) and reroute once before it answers.
    private TimeSpan PathTimeout => _options.Timers.T3 + (_options.Timers.T2 * 2);

    /// <inheritdoc/>
    public TimeSpan? NextDeadline => (_transactions.NextDeadline, MaintenanceDeadline) switch
    {
        ({ } t, { } m) => Earliest(t < m ? t : m, _paths?.NextDeadline),
        (var t, var m) => Earliest(t ?? m, _paths?.NextDeadline),
    };

    private PeerInfo SelfInfo { get; }

    // A client (§3.2) routes nothing and sends with P=0, so no peer puts it in a table.
    private bool IsPeer => _topology is not Topologies.ClientTopology;

    private bool Reliable => _sender.IsReliable;

    /// <summary>
    /// Whether a datagram is for this engine: P2PP (its magic cookie and version) or STUN, which shares the port.
    /// A host that multiplexes another protocol on the same socket (a SIP user agent) hands the rest elsewhere.
    /// </summary>
    public static bool IsOverlayDatagram(ReadOnlySpan<byte> packet) =>
        StunService.IsStun(packet) || (P2ppFixedHeader.TryRead(packet, out var h) && h.IsP2pp);

    /// <inheritdoc/>
    public void Receive(TimeSpan now, NodeAddress from, ReadOnlyMemory<byte> packet)
    {
        _now = now;
        Counters.Received++;
        if (_paths is { HasRelay: true } && FromRelay(from, packet))
        {
            return; // the TURN server's answers, and what it relays (OverlayNode.Connect.cs)
        }

        if (StunService.IsStun(packet.Span))
        {
            if (TakeIce(from, packet.Span))
            {
                return; // a connectivity check, its answer or a keepalive of an ICE session (OverlayNode.Connect.cs)
            }

            // STUN shares the P2PP port (the magic cookies tell them apart): a peer answers Binding
            // requests, so a node behind a NAT learns its reflexive address from any peer (§4.6, step 2).
            if (StunService.Answer(ref _stun, from, packet.Span) is { } reply)
            {
                Counters.StunAnswered++;
                _sender.Send(from, reply);
            }

            return;
        }

        // A peer reached over a path ICE chose speaks from that path's address: to the transactions and the
        // tables it is the address its Peer-Info gives.
        from = _paths?.Origin(from) ?? from;
        P2ppMessage message;
        try
        {
            message = P2ppCodec.Decode(packet.Span, _options.Wire);
        }
        catch (MalformedMessageException e)
        {
            Counters.Malformed++;
            AnswerMalformed(from, e);
            return;
        }

        var h = message.Header;
        if (h.IsAck)
        {
            if (!_transactions.Acked(now, new TransactionKey(h.SourceId, h.TransactionId, h.Kind), from, out var acked, out var roundTrip))
            {
                Counters.Unmatched++;
            }
            else
            {
                // The ACK of a request names the peer that took it (§4.3.1).
                if (h.Kind == MessageKind.Request)
                {
                    CheckSameIdentity(acked, h.ResponseId);
                    ClearStrikes(acked);
                }

                if (roundTrip is { } rtt)
                {
                    Measured(acked, rtt);
                }
            }

            return;
        }

        LearnFrom(message, from);
        switch (h.Kind)
        {
            case MessageKind.Request:
                OnRequest(from, message);
                break;
            case MessageKind.Indication:
                OnIndication(from, message);
                break;
            default:
                OnResponse(from, message, packet);
                break;
        }
    }

    /// <inheritdoc/>
    public void Poll(TimeSpan now)
    {
        _now = now;
        _transactions.Poll(now, this);
        RunMaintenance();
        PollPaths();
    }

    void ITransactionSink<Pending>.Retransmit(NodeAddress destination, ReadOnlyMemory<byte> bytes, Pending state)
    {
        // RFC 6298 (5.5): the peer's timer expired, so its timeout doubles for the requests that
        // follow too, until an answer to a request sent once gives a new sample (Karn's rule).
        if (NextHopOf(state) is { } peer)
        {
            _roundTrips.Backoff(peer.Id);
        }

        Counters.Retransmitted++;
        Transmit(destination, bytes);
    }

    void ITransactionSink<Pending>.Failed(TransactionKey key, Pending state, bool acknowledged)
    {
        // Only silence proves a hop dead: one that ACKed is alive, whatever became of the rest of the path.
        switch (state)
        {
            case Forwarded f:
                if (!acknowledged)
                {
                    MarkDead(f.NextHop, routed: true);
                }

                if (!f.Rerouted && P2ppCodec.Decode(f.Bytes, _options.Wire) is var sent && RoutingKey(sent) is { } target)
                {
                    var again = _topology.Route(target);
                    if (!again.IsLocal)
                    {
                        // Reactive recovery: the next hop is gone, try the next best one once.
                        var retry = again.NextHopOwnsKey ? WithOptions(sent, (sent.Find<RequestOptions>()?.Flags ?? 0) | RequestOptionBits.Final) : sent;
                        var bytes = Encode(retry);
                        SendTracked(again.NextHop.Address, TransactionKey.Of(f.Request), bytes, new Forwarded(f.Upstream, f.Request, again.NextHop, bytes) { Rerouted = true }, PathTimeout);
                        break;
                    }

                    if (!acknowledged)
                    {
                        // The silent hop was the owner as this node saw it; without it the key is
                        // this node's own (its successor crashed, or a closer peer never answers):
                        // serve the request here, where the next lookup will come too, rather than
                        // answer 418 (§9.4.1.3) for a key this node now holds.
                        var (code, objects) = Serve(sent);
                        Respond(f.Upstream, f.Request, code, objects);
                        break;
                    }
                }

                // §9.4.1.3: 418 when a recursively forwarded request got no answer.
                Respond(f.Upstream, f.Request, ResponseCode.Timeout, []);
                break;
            case Attempt a:
                if (!acknowledged)
                {
                    MarkDead(a.Hop, routed: true);
                }

                a.Operation.Outstanding--;
                Retry(a.Operation, acknowledged ? $"no answer through {a.Hop}" : $"no answer from {a.Hop}");
                break;
            case Probe p when !acknowledged:
                MarkDead(p.Peer);
                break;
            case SearchStep step:
                OnSearchSilence(step, acknowledged);
                break;
            case ConnectAttempt c:
                OnConnectSilence(c);
                break;
            case ReplicaPush:
                // Replicates are sent when an object is stored and when the replica set changes; a
                // copy lost on the way (a burst that overflowed a socket buffer) would otherwise stay
                // missing until the set changes. The next replication round sends them all again.
                _replicateAgain = true;
                break;
        }
    }

    private void OnRequest(NodeAddress from, P2ppMessage message)
    {
        var h = message.Header;
        if (!_duplicates.FirstTime(_now, TransactionKey.Of(h)))
        {
            if (_transactions.TryGetState(TransactionKey.Of(h), out var earlier) && earlier is Forwarded f && f.Upstream != from)
            {
                // Not a retransmission: the request went round and came back from a peer further
                // along its path (tables that disagree under churn: the sender takes this node for
                // the owner, this node knows better). Dropping it, as a duplicate, would leave every
                // hop since waiting for an answer that never comes; a 418 answers it, and each of
                // them relays it back to its upstream, to this node, and on to the originator, which
                // may try again. It names the peer this node takes for the key's owner, which the
                // sender learns, so that the next try does not go round again.
                Counters.Loops++;
                Respond(from, h, ResponseCode.Timeout, [new ErrorObject(ErrorClass.General, 0, 0, "routing loop"), .. LoopHint(message, from)]);
                return;
            }

            Counters.Duplicates++;
            SendAck(from, h);
            return;
        }

        if (h.Ttl == 0)
        {
            Respond(from, h, ResponseCode.TtlExceeded, []); // §4.3: TTL 0 on a request: 410
            return;
        }

        var key = RoutingKey(message);
        var options = message.Find<RequestOptions>()?.Flags ?? RequestOptionBits.None;
        var route = key is { } k && !options.HasFlag(RequestOptionBits.Final) ? _topology.Route(k) : RouteDecision.Local;
        if (route.IsLocal && options.HasFlag(RequestOptionBits.Final) && key is { } stale && _topology.Disowns(stale, out var instead) && !AnswersHere(message))
        {
            // The previous hop took us for the owner on a stale view (its successor skips the owner):
            // pass it on towards the owner, or the object would be stored, or looked for, where no
            // lookup finds it.
            Counters.Redirected++;
            route = instead;
        }

        if (h.RequestType == RequestType.Connect && key is { } target)
        {
            route = ConnectRoute(target, route, from);
        }

        if (route.IsLocal)
        {
            var (code, objects) = Serve(message);
            Respond(from, h, code, objects);
            return;
        }

        if (!h.Recursive)
        {
            // §4.3.2: iterative: tell the originator where to go next.
            Respond(from, h, ResponseCode.NextHop, [ToPeerInfo(route.NextHop)]);
            return;
        }

        SendAck(from, h);
        var forward = message with { Header = h with { Ttl = (byte)(h.Ttl - 1) } };
        var flags = route.NextHopOwnsKey ? options | RequestOptionBits.Final : options & ~RequestOptionBits.Final;
        if (flags != options)
        {
            forward = WithOptions(forward, flags);
        }

        if (options.HasFlag(RequestOptionBits.RouteLog))
        {
            forward = forward with { Objects = [.. forward.Objects, SelfInfo] }; // §4.3.2.5 route log
        }

        Counters.Forwarded++;
        var bytes = P2ppCodec.Encode(forward, _options.Wire);
        SendTracked(route.NextHop.Address, TransactionKey.Of(h), bytes, new Forwarded(from, h, route.NextHop, bytes), PathTimeout);
    }

    private void OnResponse(NodeAddress from, P2ppMessage message, ReadOnlyMemory<byte> packet)
    {
        var h = message.Header;
        SendAck(from, h);
        if (!_duplicates.FirstTime(_now, TransactionKey.Of(h)))
        {
            Counters.Duplicates++;
            return;
        }

        if (!_transactions.Answered(_now, h.SourceId, h.TransactionId, from, out var pending, out var roundTrip))
        {
            Counters.Unmatched++;
            return;
        }

        if (h.ResponseCode == ResponseCode.Ok)
        {
            ClearStrikes(pending); // the path through it answered
        }

        if (pending is Probe or SearchStep)
        {
            // Maintenance requests and a node lookup's steps go one hop: the answer names that peer.
            CheckSameIdentity(pending, h.ResponseId);
        }

        if (roundTrip is { } rtt && NextHopOf(pending) is { } hop && h.ResponseId == hop.Id)
        {
            // Answered by the next hop itself (no ACK first): its round trip. A response relayed
            // from further on whose ACK was lost times the whole path, not the hop.
            Measured(pending, rtt);
        }

        switch (pending)
        {
            case Forwarded f:
                // Relay the response unchanged towards the originator. An error may name a peer
                // this node should know (a routing loop's answer does): learn it on the way.
                if (h.ResponseCode != ResponseCode.Ok)
                {
                    foreach (var info in message.All<PeerInfo>().Skip(1))
                    {
                        Learn(info);
                    }
                }

                SendTracked(f.Upstream, TransactionKey.Of(h), packet.ToArray(), FireAndForget.Instance);
                break;
            case Attempt a:
                LearnTables(message);
                a.Operation.Outstanding--;
                OnAnswer(a, message);
                break;
            case SearchStep step:
                OnSearchAnswer(step, message);
                break;
            case ConnectAttempt connect:
                OnConnectAnswer(connect, message);
                break;
            case Probe probe:
                LearnTables(message);
                if (message.Find<NeighborTable>() is { } neighbors && message.Header.ResponseId == probe.Peer.Id)
                {
                    var peers = neighbors.Entries.Where(e => e is { PeerId: not null, Address: not null } && !IsRecentlyDead(e.PeerId!.Value))
                        .Select(e => new PeerRef(e.PeerId!.Value, e.Address!.Candidates[0].EndPoint))
                        .Where(p => p.Address != Self.Address) // our own earlier self (see LearnSecondHand)
                        .ToList();
                    AfterTableChange(_topology.MergeNeighbors(probe.Peer, peers), probe.Peer);
                    StabilizeAgainIfMoved(probe.Peer);
                }

                break;
        }
    }

    private void OnIndication(NodeAddress from, P2ppMessage message)
    {
        // A Leave counts only from the leaver's own address (indications are never forwarded, §3.4):
        // anyone else repeating it would cut a live peer out of the ring.
        if (message.Header.RequestType == RequestType.Leave
            && message.Find<PeerInfo>() is { Address: { } leaverAt } && CameFrom(leaverAt.Candidates[0].EndPoint, from))
        {
            foreach (var o in message.All<ResourceObject>())
            {
                Store.Accept(_now, o);
            }

            AfterTableChange(_topology.Remove(message.Header.SourceId), null);
            RunRepairs();
        }
    }

    // The peer this node takes for the owner of a looping request's key, other than itself and the
    // peer the loop came back from.
    private PeerInfo[] LoopHint(P2ppMessage request, NodeAddress from) =>
        RoutingKey(request) is { } key && _topology.Closest(key, 3).FirstOrDefault(p => p.Id != Self.Id && p.Address != from) is { Id.IsEmpty: false } owner
            ? [ToPeerInfo(owner)]
            : [];

    // A final request that this node answers although it knows a peer nearer the key: an iterative
    // LookupPeer for the closest peers (Kademlia's FIND_NODE asks for what this node's table knows),
    // and a LookupObject for an object it holds a copy of (FIND_VALUE: any of the closest nodes
    // that has the value returns it, §2.3; a replica is as good as the owner's copy).
    private bool AnswersHere(P2ppMessage message) => message.Header.RequestType switch
    {
        RequestType.LookupPeer => !message.Header.Recursive && message.Find<PLookup>() is { Mode: PeerLookupMode.Closest },
        RequestType.LookupObject => message.Find<RLookup>() is { } query && Store.Lookup(_now, query).Count > 0,
        _ => false,
    };

    // Whether a message whose Peer-Info gives `claimed` as its sender's address came from there. Over
    // UDP the datagram's source must be that address. Over TCP the sender's connection comes from an
    // ephemeral port, so only the host can be checked (a stream cannot be spoofed blindly anyway).
    private bool CameFrom(NodeAddress claimed, NodeAddress from) =>
        claimed == from || (Reliable && claimed.WithPort(from.Port) == from);

    // Any message refreshes the tables (§4.3): the originator of a peer's request and the responder
    // of a response, at the address its Peer-Info gives. Clients (P=0) never enter routing tables.
    private void LearnFrom(P2ppMessage message, NodeAddress from)
    {
        var h = message.Header;
        if (!h.FromPeer || IsRoutedJoin(message))
        {
            return;
        }

        var who = h.Kind is MessageKind.Response or MessageKind.ResponseAck ? h.ResponseId : h.SourceId;
        if (who is { } id && message.Find<PeerInfo>() is { Address: { } address } info && (info.PeerId is null || info.PeerId == id)
            && id.Length == Self.Id.Length && id != Self.Id)
        {
            var peer = new PeerRef(id, address.Candidates[0].EndPoint);
            if (CameFrom(peer.Address, from))
            {
                if (IsStruckOut(id))
                {
                    return; // it speaks, but swallowed what it should have routed (MarkDead)
                }

                _dead.Remove(id); // it spoke to us itself
                if (_paths is { } paths)
                {
                    paths.Heard(id, _now);
                    RelayThroughIfOffered(paths, info, peer);
                }
                AfterTableChange(_topology.Observe(peer), peer);
            }
            else
            {
                LearnSecondHand(peer);
            }
        }
    }

    // A Join on its way to the admitting peer comes from a node that is not in the overlay yet: a hop
    // that learned it now would route the Join to the joiner itself. The admitting peer and the
    // neighbours (S flag) learn it when it is admitted.
    private static bool IsRoutedJoin(P2ppMessage message) =>
        message.Header is { RequestType: RequestType.Join, Kind: MessageKind.Request }
        && (message.Find<RequestOptions>() is not { } ro || !ro.Flags.HasFlag(RequestOptionBits.ToNeighbors));

    private static NodeId? RoutingKey(P2ppMessage message) => message.Header.RequestType switch
    {
        RequestType.Publish or RequestType.RemoveObject => message.Find<ResourceObject>()?.ResourceId,
        RequestType.LookupObject => message.Find<RLookup>()?.ResourceId,
        RequestType.LookupPeer or RequestType.Connect => message.Find<PLookup>()?.Target,
        RequestType.Join when message.Find<RequestOptions>() is not { } ro || !ro.Flags.HasFlag(RequestOptionBits.ToNeighbors)
            => message.Header.SourceId,
        _ => null,
    };

    private void AnswerMalformed(NodeAddress from, MalformedMessageException e)
    {
        if (e.Header is not { Kind: MessageKind.Request, IsAck: false } h || !RequestTypes.IsKnown(h.RequestType) && e.Error != DecodeError.UnknownRequestType)
        {
            return;
        }

        var code = e.Error == DecodeError.TooLarge ? ResponseCode.MessageTooLarge : ResponseCode.BadRequest;
        IReadOnlyList<P2ppObject> detail = e.Error == DecodeError.UnrecognizedObject && e.ObjectType is { } t
            ? [ErrorObject.Unrecognized(t)]
            : [new ErrorObject(ErrorClass.General, 0, 0, e.Reason)];
        Respond(from, h, code, detail);
    }

    private void Respond(NodeAddress to, P2ppHeader request, ResponseCode code, IReadOnlyList<P2ppObject> objects)
    {
        // Over UDP the final hop's answer also acknowledges the request: a responseACK (§4.3).
        var header = new P2ppHeader(Reliable ? MessageKind.Response : MessageKind.ResponseAck, request.RequestType, request.TransactionId, request.SourceId)
        {
            ResponseCode = code,
            ResponseId = Self.Id.Length == request.SourceId.Length ? Self.Id : NodeId.FromUInt64(1, request.SourceId.Length),
            Ttl = request.Ttl,
            FromPeer = IsPeer,
        };
        var response = new P2ppMessage(header, [SelfInfo, .. objects]);
        byte[] bytes;
        try
        {
            bytes = P2ppCodec.Encode(response, _options.Wire);
        }
        catch (ArgumentException)
        {
            // The answer does not fit one message (§6: no fragmentation): say so instead.
            bytes = P2ppCodec.Encode(response with { Header = header with { ResponseCode = ResponseCode.MessageTooLarge }, Objects = [SelfInfo] }, _options.Wire);
        }

        SendTracked(to, TransactionKey.Of(header), bytes, FireAndForget.Instance);
    }

    private void SendAck(NodeAddress to, P2ppHeader received)
    {
        if (Reliable)
        {
            return; // §6.2.2: no ACKs over reliable transports.
        }

        // §4.3.1: copy the source and response IDs; our own ID as Response-ID when there is none.
        var ack = new P2ppHeader(received.Kind, received.RequestType, received.TransactionId, received.SourceId)
        {
            IsAck = true,
            FromPeer = IsPeer,
            ResponseId = received.ResponseId ?? (RequestTypes.UsesShortIds(received.RequestType) ? NodeId.FromUInt64(1, P2ppHeader.ShortIdLength) : Self.Id),
        };
        Transmit(to, P2ppCodec.Encode(new P2ppMessage(ack, []), _options.Wire));
    }

    private void SendTracked(NodeAddress to, TransactionKey key, ReadOnlyMemory<byte> bytes, Pending state, TimeSpan? responseTimeout = null)
    {
        // A request to a peer is retransmitted after that peer's own timeout (Bamboo's per-neighbour
        // timeouts), and given up after HopTransmissions of them (RTO, 2·RTO, 4·RTO, ...; never
        // later than T2), so that the request is routed around a dead hop in about a second rather
        // than after T2. Responses and replicas, sent to an address, keep T0 and T2.
        TimeSpan? retransmitAfter = null, giveUpAfter = null;
        if (_options.PerPeerTimeouts && NextHopOf(state) is { } peer)
        {
            var rto = _roundTrips.Rto(peer.Id);
            retransmitAfter = rto;
            giveUpAfter = rto * ((1 << _options.HopTransmissions) - 1);
        }

        _transactions.Abandon(key); // a retried request or relayed response replaces its older copy
        _transactions.Sent(_now, key, to, bytes, Reliable, state, responseTimeout, retransmitAfter, giveUpAfter);
        Transmit(to, bytes);
    }

    // A round trip to the next hop of a message sent once (Karn's rule): it updates that peer's
    // timeout, and a geometry that picks peers by proximity (Pastry) hears of it.
    private void Measured(Pending state, TimeSpan rtt)
    {
        if (NextHopOf(state) is not { } peer)
        {
            return;
        }

        _roundTrips.Sample(peer.Id, rtt);
        if (_topology.UsesRoundTrips && !IsRecentlyDead(peer.Id))
        {
            AfterTableChange(_topology.Observe(peer, rtt), peer);
        }
    }

    // The next hop answered under another ID than the one this node holds for its address: the
    // peer it meant has gone and its address was taken again (in the simulator, and behind NATs,
    // a node comes back under a new ID at the same address). The old entry is dropped: kept, it
    // sends requests meant for a peer that no longer exists to one that takes them for itself, and
    // two nodes that each take the other for a key's owner hand a request back and forth.
    private void CheckSameIdentity(Pending state, NodeId? answeredAs)
    {
        if (NextHopOf(state) is { } meant && answeredAs is { } id && id.Length == meant.Id.Length && id != meant.Id)
        {
            // Gone as surely as a peer that stopped answering: it stays out for a while, or the
            // stale tables of others would hand it back at once.
            Counters.Superseded++;
            MarkDead(meant);
        }
    }

    // The peer a tracked message went to, when the engine addressed it to a peer rather than an
    // address. Not the peer a Join goes through first: it is known by its address only (its ID
    // stands in as zeros), and a table told of it would hold a peer that does not exist.
    private static PeerRef? NextHopOf(Pending state) => state switch
    {
        Forwarded f => f.NextHop,
        Attempt a when !a.Hop.Id.IsZero() => a.Hop,
        Probe p => p.Peer,
        SearchStep s => s.Peer,
        _ => null,
    };

    private void Transmit(NodeAddress to, ReadOnlyMemory<byte> bytes)
    {
        Counters.Sent++;
        Counters.BytesSent += bytes.Length;
        if (_paths is { } paths && paths.SendsThroughRelay(_now, to, bytes.Span))
        {
            return; // ICE chose a path from this node's TURN allocation
        }

        _sender.Send(_paths?.Redirect(to) ?? to, bytes); // ICE may have chosen another address for the peer
    }

    // Request-Options come first in a request (§8); replace them, or put them in front.
    private static P2ppMessage WithOptions(P2ppMessage message, RequestOptionBits flags)
    {
        var rest = message.Objects.Where(o => o is not RequestOptions);
        return message with { Objects = [new RequestOptions(flags), .. rest] };
    }

    // What this node offers others: STUN on its port, and TURN beside it when its host runs a TURN server
    // (peers only; a client routes nothing for anyone).
    private ResourceList? OfferedServices => _topology is Topologies.ClientTopology ? null : _options.OffersTurn ? StunService.OfferedWithTurn : StunService.Offered;

    // The node's candidates (RFC 8445 §5.1.1): its own address, and when that is a NAT's (server-reflexive,
    // learned with STUN) the address it is bound to after it, as a host candidate.
    private static AddressInfo SelfAddressInfo(NodeAddress self, NodeAddress? host) =>
        host is { } bound && bound != self
            ? new AddressInfo([
                new IceCandidate(self, CandidateTransport.Udp, CandidateType.ServerReflexive, 1, 2, 0, bound),
                new IceCandidate(bound, CandidateTransport.Udp, CandidateType.Host, 0, 2, 0)])
            : new AddressInfo([new IceCandidate(self, CandidateTransport.Udp, CandidateType.Host, 0, 2, 0)]);

    private PeerInfo ToPeerInfo(PeerRef peer) =>
        new(peer.Id, new AddressInfo([new IceCandidate(peer.Address, CandidateTransport.Udp, CandidateType.Host, 0, 2, 0)]));

    private uint NextTransactionId() => ++_nextTransactionId;

    private static TimeSpan? Earliest(TimeSpan? a, TimeSpan? b) => a is { } x && b is { } y ? (x < y ? x : y) : a ?? b;
}
