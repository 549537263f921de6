namespace Peerlink.Overlay.Storage;

/// <summary>
/// Quotas that keep a hostile or buggy publisher from filling a node (§7.2.3), and the lifetime
/// rules. Validated at construction.
/// </summary>
public sealed record StoreLimits
{
    private readonly int _maxObjects = 100_000;
    private readonly long _maxBytes = 64L * 1024 * 1024;
    private readonly TimeSpan _defaultLifetime = TimeSpan.FromHours(1);
    private readonly TimeSpan _maxLifetime = TimeSpan.FromDays(1);

    /// <summary>Defaults: 100,000 objects, 64 MiB of values, 1 h default and 1 day longest lifetime.</summary>
    public static StoreLimits Default { get; } = new();

    /// <summary>Most objects held.</summary>
    public int MaxObjects
    {
        get => _maxObjects;
        init => _maxObjects = value > 0 ? value : throw new ArgumentOutOfRangeException(nameof(MaxObjects));
    }

    /// <summary>Most value bytes held.</summary>
    public long MaxBytes
    {
        get => _maxBytes;
        init => _maxBytes = value > 0 ? value : throw new ArgumentOutOfRangeException(nameof(MaxBytes));
    }

    /// <summary>Lifetime of an object published without Expires.</summary>
    public TimeSpan DefaultLifetime
    {
        get => _defaultLifetime;
        init => _defaultLifetime = value > TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(nameof(DefaultLifetime));
    }

    /// <summary>Longest lifetime granted; a longer Expires is cut to this.</summary>
    public TimeSpan MaxLifetime
    {
        get => _maxLifetime;
        init => _maxLifetime = value > TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(nameof(MaxLifetime));
    }
}
