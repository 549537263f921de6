using System.Net;
using System.Net.Sockets;
using System.Text;
using Peerlink.Core;
using Peerlink.Nat.Ice;
using Peerlink.Nat.Stun;
using Peerlink.Nat.Turn;
using Peerlink.Wire;
using WireCandidate = Peerlink.Wire.IceCandidate;

namespace Peerlink.Overlay.Engine;

/// <summary>
/// The ICE side of a node (RFC 8445, draft-baset-p2psip-p2pp-01 §5.2.3): one <see cref="IceAgent"/> per
/// peer it exchanged a Connect with, all on the node's one P2PP socket, which STUN already shares. Sans-IO
/// like the engine that owns it: time comes as <c>now</c>, randomness from the engine's seeded source,
/// datagrams leave through the send delegate. It tells the engine which peers it heard from directly (a
/// node behind a NAT needs ICE only with the others) and, once a pair is nominated, where packets for
/// the peer go.
/// </summary>
/// <remarks>
/// One agent per pair of nodes, whoever sent the Connect: when both send one at once, each answers the
/// other with the credentials of the agent it already has, both start controlling, and the tiebreakers
/// settle the roles (§7.3.1.1), so no offer needs to be withdrawn.
/// </remarks>
internal sealed class IcePaths
{
    /// <summary>The most sessions held: a node needs paths to its neighbours and routing peers only.</summary>
    public const int MaxSessions = 64;

    /// <summary>The most candidates a Connect may carry (host, srflx and relay for a couple of interfaces).</summary>
    public const int MaxCandidates = 8;

    private const string IceChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    private readonly Random _random;
    private readonly IPEndPoint _base;
    private readonly Action<NodeAddress, ReadOnlyMemory<byte>> _send;
    private readonly IceAgentOptions _agentOptions;
    private readonly Dictionary<NodeId, IceSession> _sessions = [];
    private readonly Dictionary<NodeId, TimeSpan> _heard = [];
    private readonly List<PeerPath> _selected = [];
    private readonly List<IceSession> _failed = [];
    private Dictionary<NodeAddress, NodeAddress>? _redirects;
    private Dictionary<NodeAddress, NodeAddress>? _origins;
    private readonly List<string> _relayNews = [];
    private HashSet<NodeAddress>? _viaRelay;
    private TurnClient? _relay;
    private NodeAddress _relayServer;
    private HashSet<IPAddress>? _permitted;

    /// <summary>Creates the component.</summary>
    /// <param name="random">The engine's seeded random source (credentials, tiebreakers, transaction IDs).</param>
    /// <param name="hostBase">The address the node's socket is bound to: the base of every local candidate.</param>
    /// <param name="send">How a datagram leaves the node's socket.</param>
    /// <param name="agentOptions">The agents' timers; defaults when null.</param>
    public IcePaths(Random random, NodeAddress hostBase, Action<NodeAddress, ReadOnlyMemory<byte>> send, IceAgentOptions? agentOptions = null)
    {
        _random = random;
        _base = hostBase.ToEndPoint();
        _send = send;
        _agentOptions = agentOptions ?? new IceAgentOptions();
    }

    /// <summary>How long a failed session keeps a new Connect to the same peer back.</summary>
    public static TimeSpan RetryAfter => TimeSpan.FromSeconds(30);

    /// <summary>The sessions, by peer.</summary>
    public IReadOnlyDictionary<NodeId, IceSession> Sessions => _sessions;

    /// <summary>When <see cref="Poll"/> should next run.</summary>
    public TimeSpan? NextDeadline
    {
        get
        {
            TimeSpan? next = _relay?.NextDeadline;
            foreach (var s in _sessions.Values)
            {
                if (s.Agent.NextDeadline is { } d && (next is not { } n || d < n))
                {
                    next = d;
                }
            }

            return next;
        }
    }

    /// <summary>Whether a TURN allocation was asked for (it may still be under way, or have failed).</summary>
    public bool HasRelay => _relay is not null;

    /// <summary>The relayed transport address, once the TURN server allocated one (RFC 8656 §7.3).</summary>
    public NodeAddress? Relayed => _relay is { State: TurnClientState.Allocated, RelayedAddress: { } r } ? NodeAddress.FromEndPoint(r) : null;

    /// <summary>The TURN server in use, when there is one.</summary>
    public NodeAddress? RelayServer => _relay is null ? null : _relayServer;

    /// <summary>Datagrams that looked like ICE checks but no session took.</summary>
    public long Dropped { get; private set; }

    /// <summary>Notes a message that came straight from <paramref name="peer"/>: a path to it exists.</summary>
    public void Heard(NodeId peer, TimeSpan now)
    {
        if (_heard.Count >= 4 * MaxSessions && !_heard.ContainsKey(peer))
        {
            _heard.Clear(); // bounded; forgetting only costs a Connect that was not needed
        }

        _heard[peer] = now;
    }

    /// <summary>Whether <paramref name="peer"/> spoke to this node directly in the last <paramref name="window"/>.</summary>
    public bool HeardWithin(NodeId peer, TimeSpan now, TimeSpan window) => _heard.TryGetValue(peer, out var at) && now - at <= window;

    /// <summary>Whether a session with the peer exists that is running, selected, or failed too recently to try again.</summary>
    public bool Busy(NodeId peer, TimeSpan now) =>
        _sessions.TryGetValue(peer, out var s) && (s.FailedAt is not { } failed || now - failed < RetryAfter);

    /// <summary>
    /// A new session with <paramref name="peer"/> in <paramref name="role"/>, its local candidates from the node's own
    /// Address-Info (host candidates are their own base; reflexive ones have the socket's address as theirs).
    /// It replaces an older one; with <see cref="MaxSessions"/> held, the oldest goes.
    /// </summary>
    public IceSession Open(TimeSpan now, NodeId peer, NodeAddress peerAddress, IceRole role, AddressInfo own)
    {
        Close(peer);
        if (_sessions.Count >= MaxSessions)
        {
            Close(_sessions.Values.OrderBy(s => s.FailedAt is null ? 1 : 0).ThenBy(s => s.Started).First().Peer);
        }

        var agent = new IceAgent(role, _random, _agentOptions);
        foreach (var c in own.Candidates)
        {
            var local = ToIce(c);
            if (local is not null && c.Kind is CandidateType.Host or CandidateType.ServerReflexive)
            {
                agent.AddLocalCandidate(local, _base);
            }
            else if (local is not null && c.Kind == CandidateType.Relayed && Relayed == c.EndPoint)
            {
                agent.AddLocalCandidate(local); // a relayed candidate is its own base (RFC 8445 §5.1.1.2)
            }
        }

        var session = new IceSession(peer, peerAddress, agent, now);
        _sessions[peer] = session;
        return session;
    }

    /// <summary>The session with <paramref name="peer"/>, or null.</summary>
    public IceSession? Find(NodeId peer) => _sessions.GetValueOrDefault(peer);

    /// <summary>Gives a session the peer's side of the exchange: its credentials and its candidates (trickled in).</summary>
    public void SetRemote(TimeSpan now, IceSession session, AddressInfo remote, IceCredentials credentials)
    {
        if (session.Agent.RemoteUfrag is null)
        {
            session.Agent.SetRemoteCredentials(credentials.Ufrag, credentials.Password);
        }

        foreach (var c in remote.Candidates)
        {
            if (ToIce(c) is { } candidate)
            {
                session.Agent.AddRemoteCandidate(candidate);
                Permit(now, candidate.Address);
            }
        }

        DrainRelay(now);

        session.Agent.Poll(now);
        Drain(now, session);
    }

    /// <summary>The Connect got no usable answer: the session is kept, failed, until <see cref="RetryAfter"/>.</summary>
    public void Failed(NodeId peer, TimeSpan now)
    {
        if (_sessions.TryGetValue(peer, out var s) && s.Path is null)
        {
            s.FailedAt = now;
        }
    }

    /// <summary>
    /// Offers a STUN datagram to the agents: a check whose USERNAME starts with a session's ufrag
    /// (RFC 8445 §7.3: "local:remote"), or a response or keepalive from a session's remote candidate.
    /// False when none takes it (a plain Binding request, answered by the node's STUN service).
    /// </summary>
    public bool Receive(TimeSpan now, NodeAddress from, ReadOnlySpan<byte> datagram) => Receive(now, _base, from, datagram);

    private bool Receive(TimeSpan now, IPEndPoint localBase, NodeAddress from, ReadOnlySpan<byte> datagram)
    {
        if (_sessions.Count == 0 || !StunCodec.TryDecode(datagram, out var message, out _) || message.Method != StunMessage.Binding)
        {
            return false;
        }

        var source = from.ToEndPoint();
        IceSession? session = null;
        if (message.Class == StunClass.Request)
        {
            if (message.Find(StunAttributeType.Username) is not { } username)
            {
                return false;
            }

            var name = Encoding.UTF8.GetString(username.Value.Span);
            var colon = name.IndexOf(':', StringComparison.Ordinal);
            var ufrag = colon < 0 ? name : name[..colon];
            session = _sessions.Values.FirstOrDefault(s => s.Agent.LocalUfrag == ufrag);
            if (session is null)
            {
                // A check for a session this node no longer has (it restarted, or closed it): not for the
                // STUN service either, which would answer it without integrity.
                Dropped++;
                return true;
            }
        }
        else
        {
            session = _sessions.Values.FirstOrDefault(s => s.Agent.RemoteCandidates.Any(r => r.EndPoint.Equals(source)));
            if (session is null)
            {
                return false;
            }
        }

        session.Agent.Receive(now, localBase, source, datagram);
        Drain(now, session);
        return true;
    }

    /// <summary>Runs the agents' timers: checks, retransmissions, nomination, keepalives.</summary>
    public void Poll(TimeSpan now)
    {
        if (_relay is { } relay && relay.NextDeadline is { } due0 && due0 <= now)
        {
            relay.Poll(now);
            DrainRelay(now);
        }

        foreach (var s in _sessions.Values.ToList())
        {
            if (s.Agent.NextDeadline is { } due && due <= now)
            {
                s.Agent.Poll(now);
                Drain(now, s);
            }
        }
    }

    /// <summary>The paths nominated since the last call.</summary>
    public IReadOnlyList<PeerPath> TakeSelected()
    {
        if (_selected.Count == 0)
        {
            return [];
        }

        var taken = _selected.ToArray();
        _selected.Clear();
        return taken;
    }

    /// <summary>The sessions whose checks all failed since the last call.</summary>
    public IReadOnlyList<IceSession> TakeFailed()
    {
        if (_failed.Count == 0)
        {
            return [];
        }

        var taken = _failed.ToArray();
        _failed.Clear();
        return taken;
    }

    /// <summary>The address the tables hold for the peer whose selected path ends at <paramref name="from"/>, when that differs.</summary>
    public NodeAddress? Origin(NodeAddress from) => _origins is { } o && o.TryGetValue(from, out var advertised) ? advertised : null;

    /// <summary>What became of the TURN allocation since the last call, in words.</summary>
    public IReadOnlyList<string> TakeRelayNews()
    {
        if (_relayNews.Count == 0)
        {
            return [];
        }

        var taken = _relayNews.ToArray();
        _relayNews.Clear();
        return taken;
    }

    /// <summary>Where packets for <paramref name="to"/> go when ICE chose another address than the one the tables hold.</summary>
    public NodeAddress? Redirect(NodeAddress to) => _redirects is { } r && r.TryGetValue(to, out var instead) ? instead : null;

    /// <summary>Closes the sessions of peers <paramref name="keep"/> no longer wants (they left the tables).</summary>
    public void Sweep(TimeSpan now, Func<NodeId, bool> keep)
    {
        foreach (var s in _sessions.Values.ToList())
        {
            if (now - s.Started > RetryAfter && !keep(s.Peer))
            {
                Close(s.Peer);
            }
        }
    }

    /// <summary>
    /// Asks the TURN server at <paramref name="server"/> (a peer that offers TURN, RFC 8656) for a relayed
    /// address, with the overlay's credentials. Once allocated it is offered as a relayed candidate in the
    /// Connects that follow; datagrams between the server and this node go through <see cref="FromRelay"/>.
    /// </summary>
    public void StartRelay(TimeSpan now, NodeAddress server, string username, string password)
    {
        _relayServer = server;
        _relay = new TurnClient(server.ToEndPoint(), new TurnClientOptions { Username = username, Password = password }, _random);
        _relay.Allocate(now);
        DrainRelay(now);
    }

    /// <summary>
    /// A datagram from the TURN server: its responses, and what it relays from peers (Data indications and
    /// ChannelData, RFC 8656 §11.4, §12.4). An ICE check that came through the relay goes to the agents with
    /// the relayed address as the base; anything else is P2PP, handed to <paramref name="deliver"/> as if
    /// the peer had sent it straight. False when the datagram is not from the server.
    /// </summary>
    public bool FromRelay(TimeSpan now, NodeAddress from, ReadOnlySpan<byte> datagram, Action<NodeAddress, Bytes> deliver)
    {
        if (_relay is not { } relay || from != _relayServer)
        {
            return false;
        }

        relay.Receive(now, from.ToEndPoint(), datagram);
        foreach (var e in DrainRelay(now))
        {
            var peer = NodeAddress.FromEndPoint(e.Peer);
            if (!(StunService.IsStun(e.Data.Span) && Relayed is { } relayed && Receive(now, relayed.ToEndPoint(), peer, e.Data.Span)))
            {
                deliver(peer, e.Data);
            }
        }

        return true;
    }

    /// <summary>Sends through the TURN relay when the path ICE chose to <paramref name="to"/> leaves from the relayed address; false otherwise.</summary>
    public bool SendsThroughRelay(TimeSpan now, NodeAddress to, ReadOnlySpan<byte> packet)
    {
        if (_viaRelay is not { } via || _relay is not { } relay)
        {
            return false;
        }

        var target = Redirect(to) ?? to;
        if (!via.Contains(target) || !relay.Send(now, target.ToEndPoint(), packet))
        {
            return false;
        }

        DrainRelay(now);
        return true;
    }

    /// <summary>
    /// Why an Address-Info is no offer to run ICE with, or null when it is one: 1 to <see cref="MaxCandidates"/>
    /// candidates, at least one UDP, and every UDP one at a unicast address and a port other than 0.
    /// </summary>
    public static string? Refusal(AddressInfo? candidates)
    {
        if (candidates is null || candidates.Candidates.Count == 0)
        {
            return "Connect without candidates (Address-Info)";
        }

        if (candidates.Candidates.Count > MaxCandidates)
        {
            return $"{candidates.Candidates.Count} candidates, at most {MaxCandidates}";
        }

        var udp = 0;
        foreach (var c in candidates.Candidates)
        {
            if (c.Transport != CandidateTransport.Udp)
            {
                continue;
            }

            udp++;
            var a = c.Address;
            if (c.Port == 0 || a.Equals(IPAddress.Any) || a.Equals(IPAddress.IPv6Any) || a.Equals(IPAddress.Broadcast)
                || (a.AddressFamily == AddressFamily.InterNetwork && a.GetAddressBytes()[0] >= 224) || a.IsIPv6Multicast)
            {
                return $"candidate {c.EndPoint} is no unicast transport address";
            }
        }

        return udp == 0 ? "no UDP candidate" : null;
    }

    /// <summary>Why ICE-Credentials are unusable, or null: ice-ufrag and ice-pwd are ice-chars only (RFC 8839 §5.4).</summary>
    public static string? Refusal(IceCredentials? credentials) =>
        credentials is null ? "Connect without ICE-Credentials"
        : !IsIceChars(credentials.Ufrag) || !IsIceChars(credentials.Password) ? "ice-ufrag and ice-pwd are ALPHA / DIGIT / \"+\" / \"/\" (RFC 8839 §5.4)"
        : null;

    /// <summary>
    /// The agent's form of an Address-Info candidate (UDP only): component 1 (the agent runs one), a
    /// foundation from the type and the 8-bit foundation, and when the wire carries priority 0 (older
    /// nodes) the RFC 8445 §5.1.2.1 priority of its type.
    /// </summary>
    public static Nat.Ice.IceCandidate? ToIce(WireCandidate c)
    {
        if (c.Transport != CandidateTransport.Udp)
        {
            return null;
        }

        var type = c.Kind switch
        {
            CandidateType.ServerReflexive => IceCandidateType.ServerReflexive,
            CandidateType.PeerReflexive => IceCandidateType.PeerReflexive,
            CandidateType.Relayed => IceCandidateType.Relayed,
            _ => IceCandidateType.Host,
        };
        var priority = c.Priority is > 0 and < 0x8000_0000 ? c.Priority : Nat.Ice.IceCandidate.ComputePriority(type, Nat.Ice.IceCandidate.DefaultLocalPreference, 1);
        var foundation = $"{(int)c.Kind}x{c.Foundation}";
        return c.Related is { } related
            ? new Nat.Ice.IceCandidate(foundation, 1, Nat.Ice.IceCandidate.Udp, priority, c.Address, c.Port, type, related.ToIPAddress(), related.Port)
            : new Nat.Ice.IceCandidate(foundation, 1, Nat.Ice.IceCandidate.Udp, priority, c.Address, c.Port, type);
    }

    private static bool IsIceChars(string s) => s.All(ch => IceChars.Contains(ch, StringComparison.Ordinal));

    private void Close(NodeId peer)
    {
        if (_sessions.Remove(peer, out var s) && s.Path is { } path && _redirects is { } r)
        {
            r.Remove(path.PeerAddress);
            _origins?.Remove(path.Remote);
            _viaRelay?.Remove(path.Remote);
        }
    }

    // A relay forwards only from peers the client gave a permission to (RFC 8656 §9): one per remote IP.
    private void Permit(TimeSpan now, IPAddress peer)
    {
        if (_relay is { State: TurnClientState.Allocated } relay && (_permitted ??= []).Add(peer))
        {
            relay.CreatePermission(now, peer);
        }
    }

    // Sends what the TURN client queued (to its server) and returns the data it received.
    private List<TurnData> DrainRelay(TimeSpan now)
    {
        var data = new List<TurnData>();
        if (_relay is not { } relay)
        {
            return data;
        }

        foreach (var e in relay.DrainEvents())
        {
            switch (e)
            {
                case TurnData d:
                    data.Add(d);
                    break;
                case TurnFailed f:
                    _relayNews.Add($"TURN allocation at {_relayServer} failed: {f.Code} {f.Reason}");
                    break;
                case TurnAllocated allocated:
                    _relayNews.Add($"relayed candidate {allocated.RelayedAddress} allocated at TURN server {_relayServer}");

                    // Permissions for the peers the sessions already know of.
                    foreach (var s in _sessions.Values)
                    {
                        foreach (var r in s.Agent.RemoteCandidates)
                        {
                            Permit(now, r.Address);
                        }
                    }

                    break;
            }
        }

        foreach (var bytes in relay.DrainSends())
        {
            _send(_relayServer, bytes);
        }

        return data;
    }

    private void Drain(TimeSpan now, IceSession session)
    {
        var relayed = Relayed?.ToEndPoint();
        foreach (var d in session.Agent.TakeDatagrams())
        {
            if (relayed is not null && d.LocalBase.Equals(relayed))
            {
                _relay!.Send(now, d.To, d.Payload.Span); // from the relayed candidate: through the TURN server
            }
            else
            {
                _send(NodeAddress.FromEndPoint(d.To), d.Payload.Memory);
            }
        }

        if (relayed is not null)
        {
            DrainRelay(now);
        }

        foreach (var e in session.Agent.TakeEvents())
        {
            switch (e)
            {
                case IcePairSelected { Pair: var pair } when session.Path is null:
                    var local = pair.Mapped ?? pair.Local;
                    var path = new PeerPath(
                        session.Peer,
                        session.PeerAddress,
                        Nat.Ice.IceCandidate.TypeName(local.Type),
                        NodeAddress.FromEndPoint(local.EndPoint),
                        Nat.Ice.IceCandidate.TypeName(pair.Remote.Type),
                        NodeAddress.FromEndPoint(pair.Remote.EndPoint),
                        now - session.Started);
                    session.Path = path;
                    session.FailedAt = null;
                    if (path.Remote != path.PeerAddress)
                    {
                        (_redirects ??= [])[path.PeerAddress] = path.Remote;
                        (_origins ??= [])[path.Remote] = path.PeerAddress;
                    }

                    if (relayed is not null && pair.LocalBase.Equals(relayed))
                    {
                        (_viaRelay ??= []).Add(path.Remote);
                        path = session.Path = path with { LocalType = "relay", Local = NodeAddress.FromEndPoint(relayed) };
                    }

                    _selected.Add(path);
                    break;
                case IceFailed when session.Path is null:
                    session.FailedAt = now;
                    _failed.Add(session);
                    break;
            }
        }
    }
}
