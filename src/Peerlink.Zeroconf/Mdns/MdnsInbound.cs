using Peerlink.Core;
using Peerlink.Zeroconf.Dns;

namespace Peerlink.Zeroconf.Mdns;

/// <summary>The checks every received datagram passes before an mDNS engine looks at it.</summary>
internal static class MdnsInbound
{
    /// <summary>
    /// Decodes <paramref name="packet"/>. Malformed ones are counted and dropped; so are messages with a
    /// non-zero OPCODE or RCODE (RFC 6762 §18.3, §18.11) and responses whose source port is not 5353:
    /// not a conforming mDNS response, perhaps spoofed from off-link (§6, §11).
    /// </summary>
    public static bool TryAccept(NodeAddress from, ReadOnlyMemory<byte> packet, DnsOptions options, MdnsCounters counters, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out DnsMessage? message)
    {
        if (!DnsCodec.TryDecode(packet.Span, options, out message, out _))
        {
            counters.Malformed++;
            return false;
        }

        if (message.Opcode != DnsOpcode.Query || message.ResponseCode != DnsResponseCode.NoError
            || (message.IsResponse && from.Port != MdnsAddresses.Port))
        {
            counters.Ignored++;
            message = null;
            return false;
        }

        return true;
    }
}
