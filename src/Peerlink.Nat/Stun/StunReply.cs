using System.Net;

namespace Peerlink.Nat.Stun;

/// <summary>A datagram a server sends: from which of its endpoints, to whom, and the bytes.</summary>
/// <param name="From">The server's endpoint to send from; null means the one the request came in on.</param>
/// <param name="To">The client.</param>
/// <param name="Bytes">The encoded response.</param>
public sealed record StunReply(IPEndPoint? From, IPEndPoint To, byte[] Bytes);
