using System.Buffers.Binary;
using Peerlink.Core;
using Peerlink.Nat.Stun;
using Peerlink.Wire;

namespace Peerlink.Overlay.Engine;

/// <summary>
/// The STUN side of a P2PP port. P2PP and STUN share a node's socket: both put a magic cookie in the
/// header's second word (P2PP 0x596ABF0D, STUN 0x2112A442, RFC 8489 §6), so one look tells them apart.
/// A peer answers STUN Binding requests there and says so in its Peer-Info's Resource-List
/// (Cont-Type STUN), which is how a node behind a NAT learns its server-reflexive address (RFC 8445
/// §5.1.1.2) from the overlay itself.
/// </summary>
internal static class StunService
{
    /// <summary>What a peer offers others: STUN on its P2PP port.</summary>
    public static ResourceList Offered { get; } = new([ContentType.Stun]);

    /// <summary>What a peer that also runs a TURN server (on its P2PP port + <see cref="TurnPortOffset"/>) offers.</summary>
    public static ResourceList OfferedWithTurn { get; } = new([ContentType.Stun, ContentType.Turn]);

    /// <summary>
    /// Where a peer's TURN server listens, relative to its P2PP port: the next port up. Resource-List names
    /// services, not ports (§9.3.12), so the overlay fixes the port by convention.
    /// </summary>
    public const int TurnPortOffset = 1;

    /// <summary>True for a datagram that is STUN, not P2PP: the two top bits zero and STUN's cookie (RFC 8489 §5).</summary>
    public static bool IsStun(ReadOnlySpan<byte> packet) =>
        packet.Length >= StunCodec.HeaderLength && (packet[0] & 0xC0) == 0 && BinaryPrimitives.ReadUInt32BigEndian(packet[4..]) == StunCodec.MagicCookie;

    /// <summary>The answer to send back, or null for a STUN packet the server drops.</summary>
    public static byte[]? Answer(ref StunServer? server, NodeAddress from, ReadOnlySpan<byte> packet) =>
        (server ??= new StunServer("Peerlink node")).Handle(from.ToEndPoint(), packet);
}
