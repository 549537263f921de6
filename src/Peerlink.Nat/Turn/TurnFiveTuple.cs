using System.Net;

namespace Peerlink.Nat.Turn;

/// <summary>The transport between a TURN client and the server (RFC 8656 §3.1).</summary>
public enum TurnTransport
{
    /// <summary>UDP datagrams.</summary>
    Udp,

    /// <summary>A TCP connection: STUN and ChannelData messages framed in the stream (§12.5).</summary>
    Tcp,
}

/// <summary>
/// The 5-tuple that names an allocation (RFC 8656 §2): the client's address and port, the server's
/// address and port, and the transport. Over TCP it names one connection.
/// </summary>
/// <param name="Client">The client's source address as the server sees it.</param>
/// <param name="Server">The server address the client sent to.</param>
/// <param name="Transport">UDP or TCP.</param>
public readonly record struct TurnFiveTuple(IPEndPoint Client, IPEndPoint Server, TurnTransport Transport)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Transport.ToString().ToUpperInvariant()} {Client} -> {Server}";
}
