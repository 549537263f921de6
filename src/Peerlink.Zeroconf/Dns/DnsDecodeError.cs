namespace Peerlink.Zeroconf.Dns;

/// <summary>Why a peer's bytes were refused. The engine drops the datagram and counts it under this reason.</summary>
public enum DnsDecodeError
{
    /// <summary>Fewer bytes than a field, a count or a declared length needs.</summary>
    Truncated,

    /// <summary>The datagram is longer than <see cref="DnsOptions.MaxMessageLength"/>.</summary>
    TooLarge,

    /// <summary>The header counts more questions and records than <see cref="DnsOptions.MaxEntries"/>.</summary>
    TooManyEntries,

    /// <summary>Bytes are left over after the last record the header counts.</summary>
    TrailingBytes,

    /// <summary>A label starts with the reserved bit patterns 01 or 10 (RFC 1035 §4.1.4, RFC 6891 §5).</summary>
    BadLabelType,

    /// <summary>A name is longer than 255 bytes once decompressed (RFC 1035 §2.3.4).</summary>
    NameTooLong,

    /// <summary>A compression pointer points at or after itself, or into the header.</summary>
    BadPointer,

    /// <summary>
    /// Following compression pointers does not move strictly backwards: a loop (a pointer chain that
    /// comes back on itself) or a chain longer than any real encoder makes.
    /// </summary>
    PointerLoop,

    /// <summary>A record's RDATA does not match the layout of its type, or its RDLENGTH.</summary>
    BadRecordData,
}
