using Peerlink.Core;
using Peerlink.Nat.Ice;
using Peerlink.Overlay.Transactions;
using Peerlink.Wire;

namespace Peerlink.Overlay.Engine;

/// <summary>
/// Connect (draft-baset-p2psip-p2pp-01 §8.16, §5.2.3): the ICE offer and answer that open a direct path
/// between two nodes behind NATs. A node behind a NAT sends one to each neighbour and routing peer it has
/// not heard from directly; the request goes through the overlay to the peer (routed by the peer's ID,
/// never to the peer itself, which cannot be reached yet) and carries the sender's candidates (its
/// Peer-Info's Address-Info) and ICE-Credentials; the answer carries the peer's. Both then run
/// connectivity checks on their P2PP sockets (<see cref="IcePaths"/>), and P2PP goes over the pair ICE
/// nominates.
/// </summary>
/// <remarks>
/// Wire form (ours, docs/wire-format.md): Connect = Common-header [Request-Options] Peer-Info
/// ICE-Credentials P-Lookup(exact, target); Connect (Resp) = Common-header Peer-Info ICE-Credentials.
/// The P-Lookup names the peer the offer is for, as a LookupPeer names the peer it looks for.
/// </remarks>
public sealed partial class OverlayNode
{
    private const int ConnectFirstHops = 3;
    private const int ConnectsPerRound = 4;
    private IcePaths? _paths; // made when the node first needs ICE: most simulated nodes never do

    /// <summary>Raised on the engine's thread when ICE nominates a path to a peer.</summary>
    public event Action<PeerPath>? PathSelected;

    /// <summary>Raised on the engine's thread when a Connect to a peer, or the checks after it, came to nothing: the peer and why.</summary>
    public event Action<PeerRef, string>? PathFailed;

    /// <summary>Raised on the engine's thread with news of this node's TURN allocation (allocated at, or failed).</summary>
    public event Action<string>? RelayChanged;

    /// <summary>The paths ICE selected so far, by peer.</summary>
    public IReadOnlyList<PeerPath> Paths => _paths is null ? [] : [.. _paths.Sessions.Values.Select(s => s.Path).OfType<PeerPath>()];

    // Heard from a peer directly this recently: it needs no Connect.
    private static TimeSpan HeardWindow => TimeSpan.FromSeconds(30);

    private bool BehindNat => _options.HostAddress is { } bound && bound != Self.Address;

    private IcePaths Paths_ => _paths ??= NewPaths();

    // ICE's own datagrams bypass Transmit: a check goes from the base the agent names, never rerouted.
    private IcePaths NewPaths() => new(_random, _options.HostAddress ?? Self.Address, (to, bytes) => _sender.Send(to, bytes), _options.Ice ?? OverlayNodeOptions.DefaultIce);

    // This node's candidates as an offer or answer carries them: its Peer-Info's, and its relayed one
    // (on a peer's TURN server) after them when it has one.
    private PeerInfo OfferInfo => _paths?.Relayed is { } relayed
        ? SelfInfo with
        {
            Address = new AddressInfo([.. SelfInfo.Address!.Candidates, new Wire.IceCandidate(relayed, CandidateTransport.Udp, CandidateType.Relayed, 3, 2, 0, Self.Address)]),
        }
        : SelfInfo;

    // A peer that offers TURN spoke: behind a NAT with the overlay's credentials, allocate a relay there (once).
    private void RelayThroughIfOffered(IcePaths paths, PeerInfo info, PeerRef peer)
    {
        if (!paths.HasRelay && BehindNat && _options.TurnCredentials is { } credentials && info.Services is { } offered && offered.Services.Contains(ContentType.Turn))
        {
            paths.StartRelay(_now, peer.Address.WithPort((ushort)(peer.Address.Port + StunService.TurnPortOffset)), credentials.Username, credentials.Password);
            ReportPaths();
        }
    }

    private bool FromRelay(NodeAddress from, ReadOnlyMemory<byte> packet)
    {
        var now = _now;
        if (!_paths!.FromRelay(now, from, packet.Span, (peer, data) => Receive(now, peer, data.Memory)))
        {
            return false;
        }

        ReportPaths();
        return true;
    }

    /// <summary>
    /// A maintenance round behind a NAT: a Connect to the neighbours and routing peers this node has no ICE
    /// session with (a few per round). Even a peer it hears from needs one: behind a symmetric NAT the
    /// address the peer answers is not the one the peer's own requests can reach (RFC 4787 §4.1).
    /// </summary>
    private void ConnectToUnheard()
    {
        if (!BehindNat || !IsPeer)
        {
            return;
        }

        var paths = Paths_;
        paths.Sweep(_now, id => _topology.TryGetAddress(id, out _));
        var sent = 0;
        foreach (var peer in _topology.Neighbors.Concat(_topology.AllPeers).DistinctBy(p => p.Id))
        {
            if (sent >= ConnectsPerRound)
            {
                break;
            }

            if (peer.Id != Self.Id && !paths.Busy(peer.Id, _now))
            {
                sent += SendConnect(peer, []) ? 1 : 0;
            }
        }
    }

    // A peer about to be marked dead behind a NAT may only be unreachable: offer it ICE.
    private void ConnectIfUnheard(PeerRef peer)
    {
        if (BehindNat && IsPeer && !peer.Id.IsZero() && !Paths_.Busy(peer.Id, _now) && !Paths_.HeardWithin(peer.Id, _now, HeardWindow))
        {
            SendConnect(peer, []);
        }
    }

    /// <summary>Sends an ICE offer to <paramref name="peer"/> through a peer this node reaches; false when it reaches none.</summary>
    private bool SendConnect(PeerRef peer, IReadOnlyList<NodeId> tried)
    {
        if (ConnectFirstHop(peer.Id, tried) is not { } hop)
        {
            if (tried.Count == 0)
            {
                PathFailed?.Invoke(peer, "no peer heard from lately to send a Connect through");
            }

            return false;
        }

        var paths = Paths_;
        if (paths.Find(peer.Id) is not { FailedAt: null } session || tried.Count == 0 && session.Path is not null)
        {
            session = paths.Open(_now, peer.Id, peer.Address, IceRole.Controlling, OfferInfo.Address!);
        }

        session.Offered = true;
        var header = new P2ppHeader(MessageKind.Request, RequestType.Connect, NextTransactionId(), Self.Id)
        {
            Recursive = true,
            Ttl = _options.InitialTtl,
            FromPeer = IsPeer,
        };
        var message = new P2ppMessage(header, [OfferInfo, new IceCredentials(session.Agent.LocalUfrag, session.Agent.LocalPassword), new PLookup(1, PeerLookupMode.Exact, peer.Id)]);
        Counters.ConnectsSent++;
        SendTracked(hop.Address, TransactionKey.Of(header), P2ppCodec.Encode(message, _options.Wire), new ConnectAttempt(peer, hop, [.. tried, hop.Id]), PathTimeout * 2);
        return true;
    }

    // The first hop of a Connect: the target itself when it answers this node, else a peer heard from
    // lately (it reaches this node, so it is reachable), the nearest to the target first (the target's own
    // neighbours hear from it).
    private PeerRef? ConnectFirstHop(NodeId target, IReadOnlyList<NodeId> tried)
    {
        var paths = Paths_;
        if (tried.Count == 0 && paths.HeardWithin(target, _now, HeardWindow) && _topology.TryGetAddress(target, out var direct))
        {
            return new PeerRef(target, direct);
        }

        bool Usable(PeerRef p) => p.Id != target && p.Id != Self.Id && !tried.Contains(p.Id) && !IsRecentlyDead(p.Id) && paths.HeardWithin(p.Id, _now, HeardWindow * 2);
        foreach (var p in _topology.Closest(target, 8))
        {
            if (Usable(p))
            {
                return p;
            }
        }

        return _topology.AllPeers.Where(Usable).Select(p => (PeerRef?)p).FirstOrDefault();
    }

    // A Connect is for one peer: a hop that knows it sends it there (whatever the geometry takes for the
    // key's next hop), the peer itself serves it, and anyone else routes it on by the peer's ID.
    private RouteDecision ConnectRoute(NodeId target, RouteDecision routed, NodeAddress from)
    {
        if (target == Self.Id)
        {
            return RouteDecision.Local;
        }

        return _topology.TryGetAddress(target, out var at) && at != from ? RouteDecision.Forward(new PeerRef(target, at), true) : routed;
    }

    /// <summary>Serves a Connect that reached its peer: refuse a bad offer (400, counted), else answer with this node's own.</summary>
    private (ResponseCode Code, IReadOnlyList<P2ppObject> Objects) ServeConnect(P2ppMessage request)
    {
        var h = request.Header;
        if (request.Find<PLookup>() is not { } target || target.Target != Self.Id)
        {
            return (ResponseCode.NotFound, [new ErrorObject(ErrorClass.General, 0, 0, "Connect for a peer that is not here")]);
        }

        var offer = request.Find<PeerInfo>();
        var credentials = request.Find<IceCredentials>();
        var why = IcePaths.Refusal(offer?.Address) ?? IcePaths.Refusal(credentials)
            ?? (h.SourceId == Self.Id ? "Connect from this node's own ID" : null);
        if (why is not null)
        {
            // Refused with the draft's 400 (§9.4.1.2) and counted: the offer is never handed to an agent.
            Counters.ConnectsRefused++;
            return (ResponseCode.BadRequest, [new ErrorObject(ErrorClass.General, 0, 0, why)]);
        }

        var paths = Paths_;
        var session = paths.Find(h.SourceId);
        if (session is null || session.FailedAt is not null || (session.Agent.RemoteUfrag is { } known && known != credentials!.Ufrag))
        {
            // A new offer, or one from a peer that started again (new credentials): a new agent answers it.
            session = paths.Open(_now, h.SourceId, offer!.Address!.Candidates[0].EndPoint, IceRole.Controlled, OfferInfo.Address!);
        }

        session.Offered = true;
        paths.SetRemote(_now, session, offer!.Address!, credentials!);
        Counters.ConnectsAnswered++;
        // The answer's candidates follow the credentials: its Peer-Info, with the relayed candidate when there is one.
        return (ResponseCode.Ok, [new IceCredentials(session.Agent.LocalUfrag, session.Agent.LocalPassword), OfferInfo]);
    }

    private void OnConnectAnswer(ConnectAttempt attempt, P2ppMessage response)
    {
        var paths = Paths_;
        var h = response.Header;
        if (h.ResponseCode == ResponseCode.Timeout && attempt.Tried.Count < ConnectFirstHops && SendConnect(attempt.Peer, attempt.Tried))
        {
            return; // the path through that hop did not reach the peer: try through another
        }

        var answer = response.All<PeerInfo>().LastOrDefault(); // the candidates after the credentials (ServeConnect)
        var credentials = response.Find<IceCredentials>();
        if (h.ResponseCode != ResponseCode.Ok || h.ResponseId != attempt.Peer.Id || IcePaths.Refusal(answer?.Address) is not null || IcePaths.Refusal(credentials) is not null
            || paths.Find(attempt.Peer.Id) is not { } session)
        {
            Counters.ConnectsFailed++;
            paths.Failed(attempt.Peer.Id, _now);
            PathFailed?.Invoke(attempt.Peer, $"Connect through {attempt.Hop} answered {(int)h.ResponseCode} {h.ResponseCode}");
            return;
        }

        paths.SetRemote(_now, session, answer!.Address!, credentials!);
        ReportPaths();
    }

    private void OnConnectSilence(ConnectAttempt attempt)
    {
        if (attempt.Tried.Count < ConnectFirstHops && SendConnect(attempt.Peer, attempt.Tried))
        {
            return;
        }

        Counters.ConnectsFailed++;
        Paths_.Failed(attempt.Peer.Id, _now);
        PathFailed?.Invoke(attempt.Peer, $"no answer to a Connect through {attempt.Hop}");
    }

    // STUN on the P2PP port: an ICE check, answer or keepalive for one of the sessions.
    private bool TakeIce(NodeAddress from, ReadOnlySpan<byte> packet)
    {
        if (_paths is not { } paths || !paths.Receive(_now, from, packet))
        {
            return false;
        }

        ReportPaths();
        return true;
    }

    private void PollPaths()
    {
        if (_paths is { } paths)
        {
            paths.Poll(_now);
            ReportPaths();
        }
    }

    // A nominated pair: the peer is reachable now, over that pair. Back into the tables it goes (a probe
    // that went unanswered before the checks may have put it out), and the application hears of it.
    private void ReportPaths()
    {
        foreach (var news in _paths!.TakeRelayNews())
        {
            RelayChanged?.Invoke(news);
        }

        foreach (var session in _paths.TakeFailed())
        {
            PathFailed?.Invoke(new PeerRef(session.Peer, session.PeerAddress), "ICE connectivity checks failed on every pair");
        }

        foreach (var path in _paths.TakeSelected())
        {
            var peer = new PeerRef(path.Peer, path.PeerAddress);
            _dead.Remove(path.Peer);
            _strikes?.Remove(path.Peer);
            _paths.Heard(path.Peer, _now);
            if (IsPeer)
            {
                AfterTableChange(_topology.Observe(peer), peer);
            }

            PathSelected?.Invoke(path);
        }
    }
}
