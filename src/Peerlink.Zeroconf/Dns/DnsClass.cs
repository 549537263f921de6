namespace Peerlink.Zeroconf.Dns;

/// <summary>
/// CLASS and QCLASS codes (RFC 1035 §3.2.4, §3.2.5). In Multicast DNS only the low 15 bits are the class:
/// the top bit is the unicast-response bit in questions (RFC 6762 §5.4) and the cache-flush bit in
/// records (RFC 6762 §10.2), so values here are at most 0x7FFF.
/// </summary>
public enum DnsClass : ushort
{
    /// <summary>IN, the Internet: the class of every mDNS record.</summary>
    Internet = 1,

    /// <summary>QCLASS "*": any class.</summary>
    Any = 255,
}
