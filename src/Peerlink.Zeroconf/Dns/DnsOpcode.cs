namespace Peerlink.Zeroconf.Dns;

/// <summary>
/// The 4-bit OPCODE of the header (RFC 1035 §4.1.1). Multicast DNS sends only <see cref="Query"/> and
/// silently ignores messages with any other (RFC 6762 §18.3); the codec still reads them so the engine
/// can count what it ignores.
/// </summary>
public enum DnsOpcode : byte
{
    /// <summary>A standard query (QUERY).</summary>
    Query = 0,

    /// <summary>An inverse query (IQUERY, obsolete).</summary>
    InverseQuery = 1,

    /// <summary>A server status request (STATUS).</summary>
    Status = 2,

    /// <summary>A zone change notification (RFC 1996).</summary>
    Notify = 4,

    /// <summary>A dynamic update (RFC 2136).</summary>
    Update = 5,
}
