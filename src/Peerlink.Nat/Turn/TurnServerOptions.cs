using System.Net;

namespace Peerlink.Nat.Turn;

/// <summary>How a <see cref="TurnServer"/> behaves; checked once, when the server is built.</summary>
public sealed record TurnServerOptions
{
    /// <summary>The realm of the long-term credentials (RFC 8489 §9.2): sent in REALM, part of each user's key.</summary>
    public required string Realm { get; init; }

    /// <summary>User name to password. A user not here gets 401.</summary>
    public required IReadOnlyDictionary<string, string> Users { get; init; }

    /// <summary>How long a NONCE is accepted before the answer is 438 Stale Nonce (RFC 8489 §9.2.4). Default 10 minutes.</summary>
    public TimeSpan NonceLifetime { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>The allocation lifetime when none (or a shorter one) is asked for (RFC 8656 §7.2: 10 minutes).</summary>
    public TimeSpan DefaultLifetime { get; init; } = TimeSpan.FromSeconds(600);

    /// <summary>The longest allocation lifetime granted (RFC 8656 §7.2 suggests 1 hour).</summary>
    public TimeSpan MaxLifetime { get; init; } = TimeSpan.FromSeconds(3600);

    /// <summary>A permission's lifetime (RFC 8656 §9: 300 seconds, not configurable by the client).</summary>
    public TimeSpan PermissionLifetime { get; init; } = TimeSpan.FromSeconds(300);

    /// <summary>A channel binding's lifetime (RFC 8656 §12: 10 minutes).</summary>
    public TimeSpan ChannelLifetime { get; init; } = TimeSpan.FromSeconds(600);

    /// <summary>How long an EVEN-PORT reservation (R bit) keeps the next port (RFC 8656 §7.2: about 30 seconds).</summary>
    public TimeSpan ReservationLifetime { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Allocations one user may hold at once (486 Allocation Quota Reached beyond it).</summary>
    public int UserQuota { get; init; } = 10;

    /// <summary>Allocations the server holds at once (508 Insufficient Capacity beyond it).</summary>
    public int MaxAllocations { get; init; } = 1000;

    /// <summary>Peer addresses one allocation may hold permissions for (CreatePermission beyond it gets 508 Insufficient Capacity, §10.2).</summary>
    public int MaxPermissionsPerAllocation { get; init; } = 256;

    /// <summary>
    /// The highest channel number ChannelBind accepts: 0x4FFF in RFC 8656 §12; RFC 5766 §11 allowed up to 0x7FFF,
    /// and coturn (server and turnutils_uclient) still uses that range.
    /// </summary>
    public ushort HighestChannel { get; init; } = 0x4FFF;

    /// <summary>
    /// Relay to peers on loopback addresses (coturn's --allow-loopback-peers). Off by default: a relay to
    /// 127.0.0.1 reaches the server host's own services (RFC 8656 §21.2.4 on such abuse).
    /// </summary>
    public bool AllowLoopbackPeers { get; init; }

    /// <summary>The server's own addresses (listening and relay): refused as peers, so the relay cannot be pointed at itself.</summary>
    public IReadOnlyList<IPAddress> ServerAddresses { get; init; } = [];

    /// <summary>The SOFTWARE attribute's value in responses.</summary>
    public string Software { get; init; } = "Peerlink";

    /// <summary>
    /// The secret nonces are made with (an HMAC key). Null: 32 bytes from the engine's Random, which is fine for tests;
    /// a host should pass bytes from a cryptographic generator, so nonces cannot be forged from a known seed.
    /// </summary>
    public ReadOnlyMemory<byte>? NonceSecret { get; init; }

    /// <summary>Throws when a value is out of range.</summary>
    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(Realm);
        ArgumentNullException.ThrowIfNull(Users);
        ArgumentNullException.ThrowIfNull(ServerAddresses);
        ArgumentNullException.ThrowIfNull(Software);
        if (Realm.Length > 127)
        {
            throw new ArgumentException("a REALM is fewer than 128 characters (RFC 8489 §14.9)", nameof(Realm));
        }

        foreach (var (user, password) in Users)
        {
            if (string.IsNullOrEmpty(user) || user.Length > 127 || password is null)
            {
                throw new ArgumentException($"user '{user}': a USERNAME is 1 to 127 characters, with a password", nameof(Users));
            }
        }

        Positive(NonceLifetime, nameof(NonceLifetime));
        Positive(DefaultLifetime, nameof(DefaultLifetime));
        Positive(PermissionLifetime, nameof(PermissionLifetime));
        Positive(ChannelLifetime, nameof(ChannelLifetime));
        Positive(ReservationLifetime, nameof(ReservationLifetime));
        if (MaxLifetime < DefaultLifetime || MaxLifetime.TotalSeconds > uint.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxLifetime), MaxLifetime, "at least DefaultLifetime, and it must fit LIFETIME's 32 bits");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(UserQuota, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxAllocations, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxPermissionsPerAllocation, 1);
        if (HighestChannel is < 0x4000 or > 0x7FFF)
        {
            throw new ArgumentOutOfRangeException(nameof(HighestChannel), HighestChannel, "0x4000 to 0x7FFF");
        }

        if (NonceSecret is { Length: < 16 })
        {
            throw new ArgumentException("a nonce secret of at least 16 bytes", nameof(NonceSecret));
        }
    }

    private static void Positive(TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(name, value, "must be positive");
        }
    }
}
