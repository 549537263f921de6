using System.Net;
using Peerlink.Core;
using Peerlink.Wire;

namespace Peerlink.Benchmarks;

/// <summary>The messages the benchmarks encode and decode: typical shapes from a P2PP overlay with 20-byte (SHA-1) IDs.</summary>
public static class Messages
{
    /// <summary>IDs of the overlay: 20 bytes (the codec's default, SHA-1).</summary>
    public const int IdLength = 20;

    /// <summary>
    /// Largest Resource-Object value: the object's TLV value (at most 65,535 bytes, 16-bit Length) holds
    /// Cont-Type (1) + Sub-Type (1) + Resource-ID TLV (4 + 20) + value length (2) + the value.
    /// </summary>
    public const int MaxResourceValueLength = ushort.MaxValue - (1 + 1 + (4 + IdLength) + 2);

    private static NodeId Id(ulong n) => NodeId.FromUInt64(0x9E3779B97F4A7C15UL * n, IdLength);

    /// <summary>Host, server-reflexive and relayed candidates of one peer, as ICE gathers them.</summary>
    public static AddressInfo ThreeCandidates(int peer)
    {
        var host = IPAddress.Parse($"192.168.1.{10 + peer}");
        var mapped = IPAddress.Parse($"203.0.113.{10 + peer}");
        var relay = IPAddress.Parse("198.51.100.7");
        return new AddressInfo(
        [
            new IceCandidate(host, 7080, CandidateTransport.Udp, CandidateType.Host, Foundation: 1, ComponentId: 2, Priority: 2130706431),
            new IceCandidate(mapped, 49152, CandidateTransport.Udp, CandidateType.ServerReflexive, Foundation: 2, ComponentId: 2, Priority: 1694498815, RelatedAddress: host, RelatedPort: 7080),
            new IceCandidate(relay, 3478, CandidateTransport.Udp, CandidateType.Relayed, Foundation: 3, ComponentId: 2, Priority: 16777215, RelatedAddress: mapped, RelatedPort: 49152),
        ]);
    }

    /// <summary>(a) A Join request: Request-Options and the joining peer's Peer-Info (Peer-ID, 3 candidates).</summary>
    public static P2ppMessage JoinRequest()
    {
        var self = Id(1);
        var header = new P2ppHeader(MessageKind.Request, RequestType.Join, 0x01020304, self) { Ttl = 16 };
        return new P2ppMessage(header,
        [
            new RequestOptions(RequestOptionBits.RoutingTable | RequestOptionBits.NeighborTable),
            new PeerInfo(self, ThreeCandidates(0)),
        ]);
    }

    /// <summary>(b) A LookupObject response (Response ACK, 200) with 5 Peer-Infos, each a Peer-ID and a host candidate.</summary>
    public static P2ppMessage LookupObjectResponse()
    {
        var header = new P2ppHeader(MessageKind.ResponseAck, RequestType.LookupObject, 0x0A0B0C0D, Id(2))
        {
            ResponseId = Id(3),
            ResponseCode = ResponseCode.Ok,
            Ttl = 16,
        };
        var infos = new P2ppObject[5];
        for (var i = 0; i < infos.Length; i++)
        {
            var address = new AddressInfo(
            [
                new IceCandidate(IPAddress.Parse($"10.0.0.{20 + i}"), 7080, Priority: 2130706431),
            ]);
            infos[i] = new PeerInfo(Id(100 + (ulong)i), address);
        }

        return new P2ppMessage(header, ValueList.Create<P2ppObject>(infos));
    }

    /// <summary>(c) A Publish request carrying one Resource-Object whose TLV value is exactly 65,535 bytes.</summary>
    public static P2ppMessage LargeResourceObject()
    {
        var value = new byte[MaxResourceValueLength];
        for (var i = 0; i < value.Length; i++)
        {
            value[i] = (byte)(i * 31);
        }

        var header = new P2ppHeader(MessageKind.Request, RequestType.Publish, 0x11223344, Id(4)) { Ttl = 16 };
        return new P2ppMessage(header,
        [
            new ResourceObject(ContentType.UserInfo, 0, Id(5), Bytes.Copy(value)),
        ]);
    }
}
