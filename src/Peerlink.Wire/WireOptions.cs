namespace Peerlink.Wire;

/// <summary>
/// What decoding depends on: the overlay's ID length (fixed at join, §9.1) and the limits that
/// protect a node from hostile input. Validated at construction.
/// </summary>
public sealed record WireOptions
{
    /// <summary>Defaults: 20-byte IDs (SHA-1), the limits below.</summary>
    public static WireOptions Default { get; } = new();

    /// <summary>
    /// Largest Message Length accepted: a 64 KiB resource object plus the Peer-Info and options around
    /// it. Bigger bodies are split by the sender (§6: no fragmentation); a receiver answers 413.
    /// </summary>
    public const int DefaultMaxBodyLength = 68 * 1024;

    private readonly int _idLength = 20;
    private readonly int _maxBodyLength = DefaultMaxBodyLength;
    private readonly int _maxObjects = 2048;
    private readonly int _maxDepth = 4;

    /// <summary>Bytes in Source-ID and Response-ID (not for Enroll, Authenticate, Bootstrap: those use 4).</summary>
    public int IdLength
    {
        get => _idLength;
        init => _idLength = value is >= 1 and <= Core.NodeId.MaxLength
            ? value
            : throw new ArgumentOutOfRangeException(nameof(IdLength), value, $"ID length is 1 to {Core.NodeId.MaxLength} bytes");
    }

    /// <summary>Largest header Message Length accepted.</summary>
    public int MaxBodyLength
    {
        get => _maxBodyLength;
        init => _maxBodyLength = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(MaxBodyLength));
    }

    /// <summary>Most TLV objects in one message, at any depth (a routing table of 255 Peer-Infos with candidates fits).</summary>
    public int MaxObjects
    {
        get => _maxObjects;
        init => _maxObjects = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(MaxObjects));
    }

    /// <summary>
    /// Deepest nesting of objects: Routing-Table, Peer-Info, Address-Info is 3 levels; one more is
    /// allowed. Limits recursion on hostile input that nests containers.
    /// </summary>
    public int MaxDepth
    {
        get => _maxDepth;
        init => _maxDepth = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(MaxDepth));
    }

    /// <summary>
    /// Where decoding keeps Peer-Infos and IDs to hand back when the same bytes come again (the
    /// simulator shares one among all its nodes); null, the default, decodes everything afresh.
    /// </summary>
    public DecodeCache? Cache { get; init; }
}
