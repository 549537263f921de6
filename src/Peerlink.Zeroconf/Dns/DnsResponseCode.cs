namespace Peerlink.Zeroconf.Dns;

/// <summary>
/// The 4-bit RCODE of the header (RFC 1035 §4.1.1). Multicast DNS sends only <see cref="NoError"/> and
/// silently ignores messages with any other (RFC 6762 §18.11).
/// </summary>
public enum DnsResponseCode : byte
{
    /// <summary>No error.</summary>
    NoError = 0,

    /// <summary>The server could not interpret the query.</summary>
    FormatError = 1,

    /// <summary>The server could not process the query.</summary>
    ServerFailure = 2,

    /// <summary>The name does not exist (NXDOMAIN).</summary>
    NameError = 3,

    /// <summary>The server does not support the kind of query.</summary>
    NotImplemented = 4,

    /// <summary>The server refuses by policy.</summary>
    Refused = 5,
}
