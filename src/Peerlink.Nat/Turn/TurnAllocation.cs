using System.Net;
using Peerlink.Core;

namespace Peerlink.Nat.Turn;

/// <summary>One allocation (RFC 8656 §2.2, §5): its relayed address, owner, expiry, permissions and channels.</summary>
internal sealed class TurnAllocation(TurnFiveTuple client, IPEndPoint relay, string username)
{
    public TurnFiveTuple Client { get; } = client;

    public IPEndPoint Relay { get; } = relay;

    public string Username { get; } = username;

    public TimeSpan Expires { get; set; }

    /// <summary>The Allocate that made it and our answer, so a retransmission gets the same answer (§7.2), not 437.</summary>
    public Bytes AllocateTransaction { get; set; }

    public ReadOnlyMemory<byte> AllocateResponse { get; set; }

    /// <summary>Peer IP address to the permission's expiry (§9: ports are not part of a permission).</summary>
    public Dictionary<IPAddress, TimeSpan> Permissions { get; } = [];

    /// <summary>Channel number to binding, including bindings in their 5-minute cool-off after expiry (§12).</summary>
    public Dictionary<ushort, TurnChannel> Channels { get; } = [];

    /// <summary>Peer transport address to its channel number.</summary>
    public Dictionary<IPEndPoint, ushort> ChannelByPeer { get; } = [];

    public bool HasPermission(IPAddress peer, TimeSpan now) => Permissions.TryGetValue(peer, out var expires) && now < expires;
}

/// <summary>A channel binding (RFC 8656 §12): live until <see cref="Expires"/>, then unusable but reserved for five minutes.</summary>
internal sealed class TurnChannel(ushort number, IPEndPoint peer)
{
    /// <summary>After a binding expires, its number and peer stay tied for this long (§12: "MUST NOT be rebound ... for 5 minutes").</summary>
    public static readonly TimeSpan CoolOff = TimeSpan.FromMinutes(5);

    public ushort Number { get; } = number;

    public IPEndPoint Peer { get; } = peer;

    public TimeSpan Expires { get; set; }

    public bool IsLive(TimeSpan now) => now < Expires;
}

/// <summary>A port kept by an EVEN-PORT request with the R bit (RFC 8656 §7.2), claimed with its RESERVATION-TOKEN.</summary>
internal sealed record TurnReservation(IPEndPoint Relay, TimeSpan Expires);
