using System.Net;

namespace Peerlink.Nat.Turn;

/// <summary>What a <see cref="TurnServer"/> asks its host to do, in order.</summary>
public abstract record TurnAction;

/// <summary>Send <paramref name="Bytes"/> to the client over its 5-tuple (from the server address, or on its TCP connection).</summary>
/// <param name="Client">The client's 5-tuple.</param>
/// <param name="Bytes">A STUN message or a ChannelData message (padded when the 5-tuple is TCP).</param>
public sealed record TurnSendToClient(TurnFiveTuple Client, ReadOnlyMemory<byte> Bytes) : TurnAction;

/// <summary>Send one UDP datagram from the relayed address <paramref name="Relay"/> to <paramref name="Peer"/>.</summary>
/// <param name="Relay">The allocation's relayed transport address (a socket the host opened through <see cref="IRelayAllocator"/>).</param>
/// <param name="Peer">The peer.</param>
/// <param name="Bytes">The application data.</param>
public sealed record TurnSendToPeer(IPEndPoint Relay, IPEndPoint Peer, ReadOnlyMemory<byte> Bytes) : TurnAction;
