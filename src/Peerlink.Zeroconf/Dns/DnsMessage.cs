using Peerlink.Core;

namespace Peerlink.Zeroconf.Dns;

//  The header (RFC 1035 §4.1.1; RFC 6762 §18 for what mDNS puts in each field), then the four sections.
//
//                                    1  1  1  1  1  1
//      0  1  2  3  4  5  6  7  8  9  0  1  2  3  4  5
//    +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
//    |                      ID                       |  0 in multicast messages (§18.1)
//    +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
//    |QR|   Opcode  |AA|TC|RD|RA| Z|AD|CD|   RCODE   |  Opcode and RCODE 0 (§18.3, §18.11)
//    +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
//    |                    QDCOUNT                    |
//    +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
//    |                    ANCOUNT                    |
//    +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
//    |                    NSCOUNT                    |
//    +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
//    |                    ARCOUNT                    |
//    +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
//    / Question / Answer / Authority / Additional    /
//    +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
//
//  In mDNS the answer section of a query carries known answers (§7.1) and its authority section the
//  records a probe proposes (§8.2). Z, AD and CD must be sent as zero and ignored (§18.8-§18.10); they
//  are kept in ReservedFlags so a decoded message encodes back to the same bytes.

/// <summary>A DNS message: the header fields and the four sections. Lists compare by content.</summary>
public sealed record DnsMessage
{
    /// <summary>Bytes in the fixed header.</summary>
    public const int HeaderLength = 12;

    private readonly DnsOpcode _opcode;
    private readonly DnsResponseCode _responseCode;
    private readonly byte _reservedFlags;

    /// <summary>The query identifier; zero in multicast queries and responses (RFC 6762 §18.1).</summary>
    public ushort Id { get; init; }

    /// <summary>QR: a response (true) or a query (false).</summary>
    public bool IsResponse { get; init; }

    /// <summary>The 4-bit OPCODE.</summary>
    public DnsOpcode Opcode
    {
        get => _opcode;
        init => _opcode = (byte)value <= 15 ? value : throw new ArgumentOutOfRangeException(nameof(Opcode), value, "OPCODE has 4 bits");
    }

    /// <summary>AA: set in every mDNS response (RFC 6762 §18.4).</summary>
    public bool Authoritative { get; init; }

    /// <summary>TC: in a query, more known answers follow in the next packets (RFC 6762 §7.2, §18.5).</summary>
    public bool Truncated { get; init; }

    /// <summary>RD: zero in mDNS (RFC 6762 §18.6).</summary>
    public bool RecursionDesired { get; init; }

    /// <summary>RA: zero in mDNS (RFC 6762 §18.7).</summary>
    public bool RecursionAvailable { get; init; }

    /// <summary>The Z, AD and CD bits as a 3-bit value (Z = 4, AD = 2, CD = 1); zero when sent (RFC 6762 §18.8-§18.10).</summary>
    public byte ReservedFlags
    {
        get => _reservedFlags;
        init => _reservedFlags = value <= 7 ? value : throw new ArgumentOutOfRangeException(nameof(ReservedFlags), value, "Z, AD and CD are 3 bits");
    }

    /// <summary>The 4-bit RCODE.</summary>
    public DnsResponseCode ResponseCode
    {
        get => _responseCode;
        init => _responseCode = (byte)value <= 15 ? value : throw new ArgumentOutOfRangeException(nameof(ResponseCode), value, "RCODE has 4 bits");
    }

    /// <summary>The question section.</summary>
    public ValueList<DnsQuestion> Questions { get; init; }

    /// <summary>The answer section (known answers, in a query).</summary>
    public ValueList<DnsRecord> Answers { get; init; }

    /// <summary>The authority section (proposed records, in a probe).</summary>
    public ValueList<DnsRecord> Authorities { get; init; }

    /// <summary>The additional section.</summary>
    public ValueList<DnsRecord> Additionals { get; init; }

    /// <summary>Questions plus records, as counted against <see cref="DnsOptions.MaxEntries"/>.</summary>
    public int EntryCount => Questions.Count + Answers.Count + Authorities.Count + Additionals.Count;

    /// <summary>A multicast query (ID 0, RFC 6762 §18.1) asking <paramref name="questions"/>.</summary>
    public static DnsMessage Query(params IEnumerable<DnsQuestion> questions) => new() { Questions = [.. questions] };

    /// <summary>A multicast response (ID 0, QR and AA set, no questions: RFC 6762 §6, §18.4) carrying <paramref name="answers"/>.</summary>
    public static DnsMessage Response(params IEnumerable<DnsRecord> answers) => new() { IsResponse = true, Authoritative = true, Answers = [.. answers] };

    /// <summary>The 16-bit flags word of the header.</summary>
    internal ushort Flags =>
        (ushort)((IsResponse ? 0x8000 : 0) | ((int)Opcode << 11) | (Authoritative ? 0x0400 : 0) | (Truncated ? 0x0200 : 0)
            | (RecursionDesired ? 0x0100 : 0) | (RecursionAvailable ? 0x0080 : 0) | (ReservedFlags << 4) | (int)ResponseCode);

    /// <summary>A message with the header fields of a flags word and no entries.</summary>
    internal static DnsMessage FromHeader(ushort id, ushort flags) => new()
    {
        Id = id,
        IsResponse = (flags & 0x8000) != 0,
        Opcode = (DnsOpcode)((flags >> 11) & 0xF),
        Authoritative = (flags & 0x0400) != 0,
        Truncated = (flags & 0x0200) != 0,
        RecursionDesired = (flags & 0x0100) != 0,
        RecursionAvailable = (flags & 0x0080) != 0,
        ReservedFlags = (byte)((flags >> 4) & 0x7),
        ResponseCode = (DnsResponseCode)(flags & 0xF),
    };
}
