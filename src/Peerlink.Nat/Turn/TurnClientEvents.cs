using System.Net;
using Peerlink.Core;

namespace Peerlink.Nat.Turn;

/// <summary>Something a <see cref="TurnClient"/> tells its application; see <see cref="TurnClient.DrainEvents"/>.</summary>
public abstract record TurnClientEvent;

/// <summary>The allocation was made (RFC 8656 §7.3).</summary>
/// <param name="RelayedAddress">XOR-RELAYED-ADDRESS: where peers send to reach this client.</param>
/// <param name="MappedAddress">XOR-MAPPED-ADDRESS: this client's address as the server saw it (a server-reflexive candidate), or null.</param>
/// <param name="Lifetime">LIFETIME granted.</param>
public sealed record TurnAllocated(IPEndPoint RelayedAddress, IPEndPoint? MappedAddress, TimeSpan Lifetime) : TurnClientEvent;

/// <summary>A Refresh succeeded (RFC 8656 §8).</summary>
/// <param name="Lifetime">LIFETIME granted.</param>
public sealed record TurnRefreshed(TimeSpan Lifetime) : TurnClientEvent;

/// <summary>The allocation is gone: deleted with LIFETIME 0 (RFC 8656 §8), or released before it was made.</summary>
/// <param name="Confirmed">True when the server answered the Refresh with LIFETIME 0 with a success or with 437 (gone
/// already, RFC 8656 §8.3); false when it never answered (it will expire the allocation itself), or there was no allocation yet.</param>
public sealed record TurnReleased(bool Confirmed) : TurnClientEvent;

/// <summary>The allocation failed or was lost.</summary>
/// <param name="Code">The ERROR-CODE (401, 437, 486 ...), or 0 when no usable response came.</param>
/// <param name="Reason">What happened, for people.</param>
public sealed record TurnFailed(int Code, string Reason) : TurnClientEvent;

/// <summary>A CreatePermission asked by the application succeeded (RFC 8656 §9).</summary>
/// <param name="Peer">The peer's IP address (permissions ignore ports).</param>
public sealed record TurnPermissionCreated(IPAddress Peer) : TurnClientEvent;

/// <summary>A CreatePermission (asked, or a refresh) failed; the permission is dropped.</summary>
/// <param name="Peer">The peer's IP address.</param>
/// <param name="Code">The ERROR-CODE, or 0 when no response came.</param>
/// <param name="Reason">What happened.</param>
public sealed record TurnPermissionFailed(IPAddress Peer, int Code, string Reason) : TurnClientEvent;

/// <summary>A ChannelBind asked by the application succeeded (RFC 8656 §12): sends to the peer now use ChannelData.</summary>
/// <param name="Peer">The peer's transport address.</param>
/// <param name="Channel">The channel number, 0x4000-0x4FFF.</param>
public sealed record TurnChannelBound(IPEndPoint Peer, ushort Channel) : TurnClientEvent;

/// <summary>A ChannelBind (asked, or a refresh) failed; the channel is dropped and sends use Send indications.</summary>
/// <param name="Peer">The peer's transport address.</param>
/// <param name="Channel">The channel number.</param>
/// <param name="Code">The ERROR-CODE, or 0 when no response came.</param>
/// <param name="Reason">What happened.</param>
public sealed record TurnChannelFailed(IPEndPoint Peer, ushort Channel, int Code, string Reason) : TurnClientEvent;

/// <summary>Data a peer sent to the relayed address.</summary>
/// <param name="Peer">The peer's transport address (XOR-PEER-ADDRESS, or the channel's peer).</param>
/// <param name="Data">The application data.</param>
/// <param name="Channel">The channel it came on, or null for a Data indication (RFC 8656 §11.4).</param>
public sealed record TurnData(IPEndPoint Peer, Bytes Data, ushort? Channel) : TurnClientEvent;
