using System.Diagnostics.CodeAnalysis;
using System.Net;
using Peerlink.Sip.Message;

namespace Peerlink.Sip.Discovery;

// draft-lee-sip-dns-sd-uri-01 §5, the UA that sends a request to a discovered instance:
//
//   §5.1  To           = the SIP/SIPS URI of the instance name (the whole first label, or the part before its
//                        first space); the TXT "name" MAY be its display-name (RFC 3261 §20.10)
//         Request-URI  = the URI of the TXT "contact"; without one, the same as To
//   §5.2  destination  = the host of "contact"; without one, the SRV target and port of the instance
//                        the host is then looked up with A/AAAA only: no NAPTR or SRV steps of RFC 3263
//
// Two choices the draft leaves open, made here:
// - a contact without a port means the URI's default port (RFC 3261 §19.1.2: 5060, 5061 for sips or TLS), not
//   the SRV port: the contact is a complete route of its own, and §5.2 says no more resolution follows;
// - the transport is the contact's transport parameter when it has one, TLS for a sips URI (§26.2.2), else the
//   service type's (§8 reads _udp/_tcp as the transport wanted).
// URI headers ("?x=y") are dropped from To and the Request-URI: §19.1.5 allows none in a Request-URI.

/// <summary>The UAC rules of draft-lee-sip-dns-sd-uri-01 §5 as a pure function of a resolved instance.</summary>
public static class SipUriClientRules
{
    /// <summary>The default SIP port over UDP and TCP (RFC 3261 §19.1.2).</summary>
    public const int DefaultPort = 5060;

    /// <summary>The default SIP port over TLS (RFC 3261 §19.1.2).</summary>
    public const int DefaultTlsPort = 5061;

    /// <summary>
    /// The To, Request-URI and destination for <paramref name="advertisement"/>; false, with a reason, when its
    /// name is not a SIP URI instance name, its TXT record breaks §4.2 (a non-SIP contact, a txtvers other
    /// than 1), or it has neither a contact nor a usable SRV record.
    /// </summary>
    public static bool TryResolve(SipUriAdvertisement advertisement, [NotNullWhen(true)] out SipUriTarget? target, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(advertisement);
        target = null;
        if (!SipUriInstanceName.TryParse(advertisement.InstanceLabel, out var instance, out error)
            || !SipUriTxt.TryParse(advertisement.Txt, out var txt, out error))
        {
            return false;
        }

        var aor = WithoutHeaders(instance.Uri);
        var to = new SipNameAddress(aor) { DisplayName = txt.Name };
        if (txt.Contact?.SipUri is { } contact)
        {
            var requestUri = WithoutHeaders(contact);
            var transport = TransportOf(contact, advertisement.Transport);
            var port = contact.Port ?? (transport == "TLS" ? DefaultTlsPort : DefaultPort);
            target = new SipUriTarget(instance, txt, to, requestUri, contact.Host, port, transport, SipUriDestinationSource.Contact)
            {
                Addresses = KnownAddresses(contact.Host, advertisement),
            };
            return true;
        }

        var host = advertisement.SrvTarget?.TrimEnd('.');
        if (string.IsNullOrEmpty(host))
        {
            error = $"\"{advertisement.InstanceLabel}\" has no contact attribute and no SRV record to send to (§5.2)";
            return false;
        }

        if (advertisement.SrvPort is <= 0 or > 65_535)
        {
            error = $"\"{advertisement.InstanceLabel}\" has no contact attribute and its SRV port is {advertisement.SrvPort}";
            return false;
        }

        target = new SipUriTarget(instance, txt, to, aor, host, advertisement.SrvPort, TransportOf(instance.Uri, advertisement.Transport), SipUriDestinationSource.Srv)
        {
            Addresses = advertisement.SrvAddresses,
        };
        return true;
    }

    private static SipUri WithoutHeaders(SipUri uri) => uri.Headers.Count == 0 ? uri : uri with { Headers = default };

    private static string TransportOf(SipUri uri, SipUriTransport advertised) =>
        uri.Transport?.ToUpperInvariant() switch
        {
            { } named => named,
            null when uri.Secure => "TLS",
            _ => advertised switch
            {
                SipUriTransport.Tcp => "TCP",
                SipUriTransport.Sctp => "SCTP",
                _ => "UDP",
            },
        };

    /// <summary>An IP literal's address, or the SRV target's addresses when the contact names that same host; else none.</summary>
    private static Peerlink.Core.ValueList<IPAddress> KnownAddresses(string host, SipUriAdvertisement advertisement)
    {
        var literal = host.StartsWith('[') && host.EndsWith(']') ? host[1..^1] : host;
        if (IPAddress.TryParse(literal, out var address))
        {
            return [address];
        }

        var srv = advertisement.SrvTarget?.TrimEnd('.');
        return srv is not null && string.Equals(srv, host.TrimEnd('.'), StringComparison.OrdinalIgnoreCase)
            ? advertisement.SrvAddresses
            : default;
    }
}
