using System.Net;
using Peerlink.Core;

namespace Peerlink.Sip.Discovery;

/// <summary>
/// One resolved <c>_sipuri</c> service instance, as DNS-SD hands it over (RFC 6763 §4-§6): what the UAC
/// rules of draft-lee-sip-dns-sd-uri-01 §5 turn into a request's To, Request-URI and destination. Free of
/// any DNS library type, so the rules stay pure and the caller maps its browser's record to this.
/// </summary>
/// <param name="InstanceLabel">The instance label (the first label of the service instance name).</param>
/// <param name="Transport">The transport its service type names (_sipuri._udp, ._tcp, ._sctp).</param>
public sealed record SipUriAdvertisement(string InstanceLabel, SipUriTransport Transport)
{
    /// <summary>The TXT record's character-strings, in order; empty when no TXT record was found.</summary>
    public ValueList<Bytes> Txt { get; init; }

    /// <summary>The SRV target host name ("bobs-machine.local"), or null when no SRV record was found.</summary>
    public string? SrvTarget { get; init; }

    /// <summary>The SRV port.</summary>
    public int SrvPort { get; init; }

    /// <summary>The SRV target's addresses (its A and AAAA records), as far as they are known.</summary>
    public ValueList<IPAddress> SrvAddresses { get; init; }
}
