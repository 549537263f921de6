namespace Peerlink.Zeroconf.Dns;

/// <summary>
/// DNS TYPE and QTYPE codes (RFC 1035 §3.2.2, §3.2.3) that Multicast DNS and DNS-SD use. Any other
/// 16-bit value may appear as a cast: records of types without typed data keep their RDATA raw.
/// </summary>
public enum DnsRecordType : ushort
{
    /// <summary>An IPv4 host address (RFC 1035 §3.4.1).</summary>
    A = 1,

    /// <summary>An authoritative name server (RFC 1035 §3.3.11); kept raw.</summary>
    Ns = 2,

    /// <summary>The canonical name of an alias (RFC 1035 §3.3.1); kept raw.</summary>
    Cname = 5,

    /// <summary>A domain name pointer (RFC 1035 §3.3.12): DNS-SD's browse records.</summary>
#pragma warning disable CA1720 // "PTR" is the record type's name in RFC 1035, not a pointer type.
    Ptr = 12,
#pragma warning restore CA1720

    /// <summary>Host information (RFC 1035 §3.3.2); kept raw.</summary>
    Hinfo = 13,

    /// <summary>Text strings (RFC 1035 §3.3.14): DNS-SD's key=value attributes.</summary>
    Txt = 16,

    /// <summary>An IPv6 host address (RFC 3596 §2.1).</summary>
    Aaaa = 28,

    /// <summary>Server selection (RFC 2782): DNS-SD's host and port of an instance.</summary>
    Srv = 33,

    /// <summary>The EDNS(0) pseudo-record (RFC 6891 §6.1); kept raw.</summary>
    Opt = 41,

    /// <summary>Next secure record (RFC 4034 §4): mDNS's negative answers (RFC 6762 §6.1).</summary>
    Nsec = 47,

    /// <summary>QTYPE "*": every type (RFC 1035 §3.2.3); mDNS probes ask for it (RFC 6762 §8.1).</summary>
    Any = 255,
}
