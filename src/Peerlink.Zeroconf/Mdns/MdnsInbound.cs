using System.Net;
using Peerlink.Core;
using Peerlink.Zeroconf.Dns;

namespace Peerlink.Zeroconf.Mdns;

/// <summary>The checks every received datagram passes before an mDNS engine looks at it.</summary>
internal static class MdnsInbound
{
    /// <summary>
    /// Drops and counts a datagram from off the link (see <see cref="MdnsEngineOptions.OnLink"/>, RFC 6762 §11).
    /// Then decodes <paramref name="packet"/>. Malformed ones are counted and dropped; so are messages with a
    /// non-zero OPCODE or RCODE (RFC 6762 §18.3, §18.11) and responses whose source port is not 5353:
    /// not a conforming mDNS response, perhaps spoofed from off-link (§6, §11).
    /// </summary>
    public static bool TryAccept(NodeAddress from, ReadOnlyMemory<byte> packet, MdnsEngineOptions options, MdnsCounters counters, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out DnsMessage? message)
    {
        message = null;
        if (options.OnLink.Count > 0 && !IsOnLink(from.ToIPAddress(), options.OnLink))
        {
            counters.OffLink++;
            return false;
        }

        if (!DnsCodec.TryDecode(packet.Span, options.Dns, out message, out _))
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

    // Loopback and link-local sources are on every link.
    private static bool IsOnLink(IPAddress source, ValueList<IPNetwork> link) =>
        IPAddress.IsLoopback(source) || LinkScope.IsLinkLocal(source) || LinkScope.IsInside(source, link);
}
