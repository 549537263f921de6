using System.Globalization;
using System.Net;
using Peerlink.Core;
using Peerlink.Sip.Message;

namespace Peerlink.Sip.Discovery;

/// <summary>Where a <see cref="SipUriTarget"/>'s destination host came from (draft-lee-sip-dns-sd-uri-01 §5.2).</summary>
public enum SipUriDestinationSource
{
    /// <summary>The host and port of the TXT record's contact.</summary>
    Contact,

    /// <summary>The SRV record of the service instance (there was no contact).</summary>
    Srv,
}

/// <summary>
/// What a caller uses to reach an advertised SIP URI, by the UAC rules of draft-lee-sip-dns-sd-uri-01 §5:
/// the To header, the Request-URI, and the host, port and transport to send the request to.
/// </summary>
/// <param name="Instance">The instance label read apart.</param>
/// <param name="Txt">The TXT attributes.</param>
/// <param name="To">The To header (§5.1): the URI of the instance name, with the TXT name as display name.</param>
/// <param name="RequestUri">The Request-URI (§5.1): the contact's URI, else the To URI.</param>
/// <param name="DestinationHost">The host to send to (§5.2), as written (an IPv6 reference keeps its brackets).</param>
/// <param name="DestinationPort">The port to send to.</param>
/// <param name="Transport">The transport to use: "UDP", "TCP", "TLS" or "SCTP".</param>
/// <param name="Source">Whether the destination came from the contact or from the SRV record.</param>
public sealed record SipUriTarget(
    SipUriInstanceName Instance,
    SipUriTxt Txt,
    SipNameAddress To,
    SipUri RequestUri,
    string DestinationHost,
    int DestinationPort,
    string Transport,
    SipUriDestinationSource Source)
{
    /// <summary>
    /// The destination host's addresses where they are known without asking anyone: an IP literal, or the
    /// SRV target's A/AAAA records when the destination is the SRV target. Empty when the caller must still
    /// look the host up (A/AAAA only, no RFC 3263 NAPTR or SRV steps: §5.2).
    /// </summary>
    public ValueList<IPAddress> Addresses { get; init; }

    /// <summary>True when <see cref="Addresses"/> is empty: the host needs a plain A/AAAA lookup first.</summary>
    public bool NeedsHostLookup => Addresses.Count == 0;

    /// <summary>"host:port" of the destination.</summary>
    public string Destination => $"{DestinationHost}:{DestinationPort.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>
    /// True when this instance advertises <paramref name="addressOfRecord"/>: the same scheme, user and port,
    /// the host without regard to case (RFC 3261 §19.1.4, for the parts an AOR has).
    /// </summary>
    public bool IsFor(SipUri addressOfRecord)
    {
        ArgumentNullException.ThrowIfNull(addressOfRecord);
        var uri = Instance.Uri;
        return uri.Secure == addressOfRecord.Secure
            && string.Equals(uri.User, addressOfRecord.User, StringComparison.Ordinal)
            && string.Equals(uri.Host, addressOfRecord.Host, StringComparison.OrdinalIgnoreCase)
            && uri.Port == addressOfRecord.Port;
    }
}
