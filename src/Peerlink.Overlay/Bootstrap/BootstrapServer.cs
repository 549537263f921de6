using Peerlink.Core;
using Peerlink.Overlay.Engine;
using Peerlink.Wire;

namespace Peerlink.Overlay.Bootstrap;

/// <summary>
/// A bootstrap server (draft-baset-p2psip-p2pp-01 §4.6, §8.3) as a sans-IO engine. It answers
/// Bootstrap requests with its own Peer-Info, the requester's Peer-Info with an assigned random ID,
/// the overlay's P2P-Options and up to <see cref="MaxPeersReturned"/> live peers; the first requester
/// gets none and forms the overlay. Requesters are remembered as peers, pinged with KeepAlive every
/// <see cref="PingInterval"/>, and forgotten when they stop answering.
/// </summary>
public sealed class BootstrapServer : IProtocolEngine
{
    private const byte ShortIdLength = P2ppHeader.ShortIdLength;

    private Nat.Stun.StunServer? _stun;
    private readonly IPacketSender _sender;
    private readonly Random _random;
    private readonly P2pOptions _overlay;
    private readonly WireOptions _wire;
    private readonly List<Known> _peers = [];
    private readonly Dictionary<uint, Known> _pings = [];
    private uint _nextTransaction;
    private TimeSpan? _nextPing;

    /// <summary>Creates a server at <paramref name="address"/> for the overlay <paramref name="overlay"/> describes.</summary>
    public BootstrapServer(NodeAddress address, P2pOptions overlay, IPacketSender sender, Random random)
    {
        ArgumentNullException.ThrowIfNull(overlay);
        ArgumentNullException.ThrowIfNull(sender);
        ArgumentNullException.ThrowIfNull(random);
        Address = address;
        _overlay = overlay;
        _wire = new WireOptions { IdLength = Math.Max((int)overlay.HashLength, 1) };
        _sender = sender;
        _random = random;
    }

    /// <inheritdoc/>
    public NodeAddress Address { get; }

    /// <summary>Peers handed out per answer.</summary>
    public int MaxPeersReturned { get; init; } = 5;

    /// <summary>Peers remembered; the oldest is dropped for a new one.</summary>
    public int MaxPeersKnown { get; init; } = 256;

    /// <summary>How often remembered peers are pinged.</summary>
    public TimeSpan PingInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The peers the server believes alive, newest first.</summary>
    public IEnumerable<PeerRef> Peers => _peers.Select(p => p.Peer).Reverse();

    /// <summary>Packets that did not decode.</summary>
    public long Malformed { get; private set; }

    /// <summary>STUN Binding requests answered (nodes learning their address behind a NAT).</summary>
    public long StunAnswered { get; private set; }

    /// <inheritdoc/>
    public TimeSpan? NextDeadline => _nextPing;

    /// <inheritdoc/>
    public void Receive(TimeSpan now, NodeAddress from, ReadOnlyMemory<byte> packet)
    {
        if (StunService.IsStun(packet.Span))
        {
            // A node behind a NAT asks its reflexive address here before it asks to join, from the socket it will use.
            if (StunService.Answer(ref _stun, from, packet.Span) is { } reply)
            {
                StunAnswered++;
                _sender.Send(from, reply);
            }

            return;
        }

        P2ppMessage message;
        try
        {
            message = P2ppCodec.Decode(packet.Span, _wire);
        }
        catch (MalformedMessageException)
        {
            Malformed++;
            return;
        }

        var h = message.Header;
        if (h is { Kind: MessageKind.Request, RequestType: RequestType.Bootstrap, IsAck: false })
        {
            Answer(now, from, message);
        }
        else if (h.Kind is MessageKind.Response or MessageKind.ResponseAck && h.RequestType == RequestType.KeepAlive && !h.IsAck)
        {
            if (_pings.Remove(h.TransactionId, out var known))
            {
                known.Missed = 0;
            }

            if (!_sender.IsReliable)
            {
                Send(from, new P2ppMessage(h with { IsAck = true }, []));
            }
        }
    }

    /// <inheritdoc/>
    public void Poll(TimeSpan now)
    {
        if (_nextPing is not { } due || now < due)
        {
            return;
        }

        // A peer that missed two pings in a row is gone.
        _peers.RemoveAll(p => p.Missed >= 2);
        _pings.Clear();
        foreach (var known in _peers)
        {
            known.Missed++;
            var id = ++_nextTransaction;
            _pings[id] = known;
            // P=0: the server is not a peer and must not enter routing tables.
            var header = new P2ppHeader(MessageKind.Request, RequestType.KeepAlive, id, NodeId.FromUInt64(1, known.Peer.Id.Length)) { Ttl = 1, FromPeer = false };
            Send(known.Peer.Address, new P2ppMessage(header, [new Expires((uint)PingInterval.TotalSeconds)]));
        }

        _nextPing = _peers.Count > 0 ? now + PingInterval : null;
    }

    private void Answer(TimeSpan now, NodeAddress from, P2ppMessage request)
    {
        var h = request.Header;
        var requester = request.Find<PeerInfo>();
        var address = requester?.Address?.Candidates[0].EndPoint ?? from;
        var assigned = requester?.PeerId is { } wanted && wanted.Length == _overlay.HashLength
            ? wanted
            : NodeId.Random(_random, Math.Max((int)_overlay.HashLength, 1));
        var others = _peers.Where(p => p.Peer.Address != address).Select(p => p.Peer).Reverse().Take(MaxPeersReturned).ToList();

        var response = new P2ppMessage(
            new P2ppHeader(_sender.IsReliable ? MessageKind.Response : MessageKind.ResponseAck, RequestType.Bootstrap, h.TransactionId, h.SourceId)
            {
                ResponseCode = ResponseCode.Ok,
                ResponseId = NodeId.FromUInt64(1, ShortIdLength), // §9.1: the bootstrap server answers as 0x00000001
                Ttl = h.Ttl,
                FromPeer = false,
            },
            [
                new PeerInfo(null, new AddressInfo([Candidate(Address)])),
                new PeerInfo(assigned, new AddressInfo([Candidate(address)])),
                _overlay,
                .. others.Select(p => new PeerInfo(p.Id, new AddressInfo([Candidate(p.Address)]))),
            ]);
        Send(from, response);

        // Clients bootstrap too (§3.9.1: P|C), but route nothing (§3.2): one handed out as a peer
        // would be asked to admit joiners. The P flag says which the requester is.
        if (h.FromPeer)
        {
            Remember(now, new PeerRef(assigned, address));
        }
    }

    private void Remember(TimeSpan now, PeerRef peer)
    {
        _peers.RemoveAll(p => p.Peer.Address == peer.Address);
        if (_peers.Count >= MaxPeersKnown)
        {
            _peers.RemoveAt(0);
        }

        _peers.Add(new Known(peer));
        _nextPing ??= now + PingInterval;
    }

    private void Send(NodeAddress to, P2ppMessage message) =>
        _sender.Send(to, P2ppCodec.Encode(message, _wire));

    private static IceCandidate Candidate(NodeAddress address) =>
        new(address, CandidateTransport.Udp, CandidateType.Host, 0, 2, 0);

    private sealed class Known(PeerRef peer)
    {
        public PeerRef Peer { get; } = peer;

        public int Missed { get; set; }
    }
}
