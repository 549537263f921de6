namespace Peerlink.Zeroconf.Dns;

/// <summary>
/// The limits that protect a responder from hostile input and keep what it sends within Multicast
/// DNS's packet size. Validated at construction; one instance may serve any number of engines.
/// </summary>
public sealed record DnsOptions
{
    /// <summary>Defaults: the limits below.</summary>
    public static DnsOptions Default { get; } = new();

    /// <summary>
    /// "a Multicast DNS packet, including IP and UDP headers, MUST NOT exceed 9000 bytes" (RFC 6762 §17).
    /// The DNS message is the UDP payload, so a legal one is 28 (IPv4) or 48 (IPv6) bytes shorter: an
    /// engine that sends should lower the limit for its address family; as a receive limit 9000 is safe.
    /// </summary>
    public const int DefaultMaxMessageLength = 9000;

    /// <summary>
    /// Questions plus records in one message. A 9000-byte message can hold about 750 of the smallest
    /// records (a 2-byte pointer name and empty RDATA); real known-answer lists are a few hundred at
    /// most (RFC 6762 §7.2 spreads longer ones over several packets with TC set). A message counting
    /// more is refused whole from its header, before anything is allocated: a partial known-answer
    /// list would make the responder suppress some answers and not others, while refusing it costs at
    /// worst one unneeded answer. So a 10,000-record flood is one comparison and a drop.
    /// </summary>
    public const int DefaultMaxEntries = 512;

    private readonly int _maxMessageLength = DefaultMaxMessageLength;
    private readonly int _maxEntries = DefaultMaxEntries;

    /// <summary>
    /// Longest message decoded or encoded, in bytes (12 to 65535). Longer datagrams are refused with
    /// <see cref="DnsDecodeError.TooLarge"/>; the encoder will not produce one.
    /// </summary>
    public int MaxMessageLength
    {
        get => _maxMessageLength;
        init => _maxMessageLength = value is >= DnsMessage.HeaderLength and <= ushort.MaxValue
            ? value
            : throw new ArgumentOutOfRangeException(nameof(MaxMessageLength), value, $"a DNS message is {DnsMessage.HeaderLength} to 65535 bytes");
    }

    /// <summary>Most questions and records, all sections together, in one message (at least 1).</summary>
    public int MaxEntries
    {
        get => _maxEntries;
        init => _maxEntries = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(MaxEntries), value, "at least one entry");
    }
}
