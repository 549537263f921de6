using Peerlink.Core;
using Peerlink.Wire;

namespace Peerlink.Overlay.Bootstrap;

/// <summary>What a bootstrap server said: the overlay's parameters, this node's ID, and peers to join through.</summary>
/// <param name="Options">The overlay's P2P-Options.</param>
/// <param name="AssignedId">The ID the server assigned to this node.</param>
/// <param name="Peers">Live peers; empty for the first node, which forms the overlay.</param>
public sealed record BootstrapAnswer(P2pOptions Options, NodeId AssignedId, IReadOnlyList<PeerRef> Peers);

/// <summary>
/// The client side of Bootstrap (§4.6): the request a node sends before it knows the overlay's ID
/// length (4-byte Source-ID 0x00000000), and the reading of the answer.
/// </summary>
public static class BootstrapExchange
{
    /// <summary>
    /// The Bootstrap request; <paramref name="wantedId"/> asks for an ID (the server may ignore it).
    /// A client (§3.2) sends it with <paramref name="asPeer"/> false: P=0 tells the server not to hand
    /// it out as a peer to join through.
    /// </summary>
    public static byte[] Request(uint transactionId, NodeAddress self, NodeId? wantedId = null, bool asPeer = true)
    {
        var header = new P2ppHeader(MessageKind.Request, RequestType.Bootstrap, transactionId, NodeId.Zero(P2ppHeader.ShortIdLength)) { Ttl = 1, FromPeer = asPeer };
        var info = new PeerInfo(wantedId, new AddressInfo([new IceCandidate(self, CandidateTransport.Udp, CandidateType.Host, 0, 2, 0)]));
        return P2ppCodec.Encode(new P2ppMessage(header, [info]));
    }

    /// <summary>Reads an answer to <see cref="Request"/>; null when it is not one (wrong type, code or layout).</summary>
    public static BootstrapAnswer? Read(ReadOnlySpan<byte> packet)
    {
        if (!P2ppCodec.TryDecode(packet, null, out var message, out _)
            || message!.Header is not { RequestType: RequestType.Bootstrap, ResponseCode: ResponseCode.Ok, IsAck: false, Kind: MessageKind.Response or MessageKind.ResponseAck })
        {
            return null;
        }

        var infos = message.All<PeerInfo>().ToList();
        if (infos.Count < 2 || infos[1].PeerId is not { } assigned || message.Find<P2pOptions>() is not { } options)
        {
            return null;
        }

        var peers = infos.Skip(2)
            .Where(i => i is { PeerId: not null, Address: not null })
            .Select(i => new PeerRef(i.PeerId!.Value, i.Address!.Candidates[0].EndPoint))
            .ToList();
        return new BootstrapAnswer(options, assigned, peers);
    }
}
