using Peerlink.Nat.Stun;

namespace Peerlink.Nat.Turn;

/// <summary>
/// Settings of a <see cref="TurnClient"/>, validated when the client is built. The credentials are the
/// long-term ones (RFC 8489 §9.2): the realm comes from the server's 401 challenge.
/// </summary>
public sealed record TurnClientOptions
{
    /// <summary>USERNAME, already OpaqueString-prepared (RFC 8489 §9.2.2).</summary>
    public required string Username { get; init; }

    /// <summary>The password the long-term key is made from (RFC 8489 §9.2.2).</summary>
    public required string Password { get; init; }

    /// <summary>UDP, or a stream the host frames.</summary>
    public TurnClientTransport Transport { get; init; } = TurnClientTransport.Udp;

    /// <summary>LIFETIME asked for in Allocate and Refresh (RFC 8656 §7.1, §8); null leaves it to the server (600 s by default).</summary>
    public TimeSpan? RequestedLifetime { get; init; }

    /// <summary>
    /// How long before expiry the allocation, permissions and channels are refreshed: 60 s by default
    /// (RFC 8656 §8 suggests roughly a minute before; §9 and §12 leave it to the client). A lifetime shorter than twice this is refreshed at its half.
    /// </summary>
    public TimeSpan RefreshMargin { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Adds FINGERPRINT to what the client sends (RFC 8489 §14.7); coturn's <c>--fingerprint</c> expects it.</summary>
    public bool Fingerprint { get; init; } = true;

    /// <summary>SOFTWARE sent in Allocate (RFC 8489 §14.14), or null for none.</summary>
    public string? Software { get; init; } = "Peerlink";

    /// <summary>Retransmission settings of every request (RFC 8489 §6.2).</summary>
    public StunTransactionOptions Transactions { get; init; } = new();

    /// <summary>Throws when a value makes no sense.</summary>
    /// <exception cref="ArgumentException">An empty username, a null password, or a lifetime, margin or transaction setting out of range.</exception>
    public TurnClientOptions Validated()
    {
        if (string.IsNullOrEmpty(Username) || Password is null)
        {
            throw new ArgumentException("a TURN client needs a username and a password (RFC 8489 §9.2)", nameof(Username));
        }

        if (RequestedLifetime is { } lifetime && (lifetime <= TimeSpan.Zero || lifetime.TotalSeconds > uint.MaxValue))
        {
            throw new ArgumentOutOfRangeException(nameof(RequestedLifetime), lifetime, "a requested lifetime is a positive number of seconds");
        }

        if (RefreshMargin <= TimeSpan.Zero || RefreshMargin >= TurnClient.PermissionLifetime)
        {
            throw new ArgumentOutOfRangeException(nameof(RefreshMargin), RefreshMargin, "the refresh margin is positive and shorter than a permission's 300 s");
        }

        ArgumentNullException.ThrowIfNull(Transactions);
        Transactions.Validated();
        return this;
    }
}
