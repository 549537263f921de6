using System.Net;
using Peerlink.Core;

namespace Peerlink.Nat.Ice;

/// <summary>
/// A datagram the host must send: from the local base <paramref name="LocalBase"/> (a host socket, or a
/// TURN allocation when the base is a relayed candidate) to <paramref name="To"/>.
/// </summary>
/// <param name="LocalBase">The local base to send from.</param>
/// <param name="To">The destination.</param>
/// <param name="Payload">The bytes: a STUN check, answer or keepalive, or the application's data.</param>
public sealed record IceDatagram(IPEndPoint LocalBase, IPEndPoint To, Bytes Payload);
