using System.Net;
using System.Net.Sockets;

namespace Peerlink.Zeroconf.Dns;

//  A RDATA (RFC 1035 §3.4.1) and AAAA RDATA (RFC 3596 §2.2): the address in network byte order.
//
//    +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
//    |          ADDRESS (4 bytes A, 16 bytes AAAA)    |
//    +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+

/// <summary>An A record (IPv4 address) or an AAAA record (IPv6 address), by the address's family.</summary>
public sealed record AddressData : DnsRecordData
{
    /// <summary>Holds <paramref name="address"/>; an IPv6 scope is dropped, as it has no place on the wire.</summary>
    /// <exception cref="ArgumentException">The address is neither IPv4 nor IPv6.</exception>
    public AddressData(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        Address = address.AddressFamily switch
        {
            AddressFamily.InterNetwork => address,
            AddressFamily.InterNetworkV6 => address.ScopeId == 0 ? address : new IPAddress(address.GetAddressBytes()),
            _ => throw new ArgumentException($"{address.AddressFamily} is not an A or AAAA address", nameof(address)),
        };
    }

    /// <summary>The address: IPv4 for A, IPv6 (IPv4-mapped ones included) for AAAA.</summary>
    public IPAddress Address { get; }

    /// <inheritdoc/>
    public override DnsRecordType Type => Address.AddressFamily == AddressFamily.InterNetwork ? DnsRecordType.A : DnsRecordType.Aaaa;

    internal override void Write(ref DnsWriter writer)
    {
        Span<byte> bytes = stackalloc byte[16];
        Address.TryWriteBytes(bytes, out var written);
        writer.WriteBytes(bytes[..written]);
    }

    internal static AddressData ReadData(DnsRecordType type, ref DnsReader reader)
    {
        var expected = type == DnsRecordType.A ? 4 : 16;
        if (reader.Remaining != expected)
        {
            reader.Fail(DnsDecodeError.BadRecordData, $"{DnsReader.Describe(type)} RDATA is {expected} bytes, not {reader.Remaining}");
        }

        return new AddressData(new IPAddress(reader.ReadSpan(expected)));
    }
}
