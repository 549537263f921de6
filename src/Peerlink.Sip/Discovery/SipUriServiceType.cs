using System.Diagnostics.CodeAnalysis;

namespace Peerlink.Sip.Discovery;

// draft-lee-sip-dns-sd-uri-01 §4.1: the <Service> part of a SIP URI service instance name is
//
//   "_sipuri._udp" / "_sipuri._tcp" / "_sipuri._sctp"
//
// and, unlike DNS-SD's "boilerplate" reading of the protocol label (RFC 6763 §7), §8 reads it the way SRV
// (RFC 2782) and RFC 3263 do: it is the transport the advertising UA wants requests on. A UA with several
// transports advertises one instance per transport.

/// <summary>The transport a <c>_sipuri</c> service type names (draft-lee-sip-dns-sd-uri-01 §4.1, §8).</summary>
public enum SipUriTransport
{
    /// <summary>_sipuri._udp.</summary>
    Udp,

    /// <summary>_sipuri._tcp.</summary>
    Tcp,

    /// <summary>_sipuri._sctp (named by the draft; DNS-SD itself knows only _tcp and _udp, RFC 6763 §7).</summary>
    Sctp,
}

/// <summary>The <c>_sipuri</c> service types as DNS labels.</summary>
public static class SipUriServiceType
{
    /// <summary>The service label, registered for this use at dns-sd.org (§10).</summary>
    public const string ServiceLabel = "_sipuri";

    /// <summary>"_sipuri._udp".</summary>
    public const string Udp = "_sipuri._udp";

    /// <summary>"_sipuri._tcp".</summary>
    public const string Tcp = "_sipuri._tcp";

    /// <summary>The protocol label of <paramref name="transport"/>: "_udp", "_tcp" or "_sctp".</summary>
    public static string ProtocolLabel(SipUriTransport transport) => transport switch
    {
        SipUriTransport.Udp => "_udp",
        SipUriTransport.Tcp => "_tcp",
        SipUriTransport.Sctp => "_sctp",
        _ => throw new ArgumentOutOfRangeException(nameof(transport), transport, "not a _sipuri transport"),
    };

    /// <summary>The service type of <paramref name="transport"/>, e.g. "_sipuri._udp".</summary>
    public static string Of(SipUriTransport transport) => $"{ServiceLabel}.{ProtocolLabel(transport)}";

    /// <summary>The transport of a protocol label ("_udp", "_tcp", "_sctp", any case); false for any other.</summary>
    public static bool TryParseProtocol(string label, out SipUriTransport transport)
    {
        ArgumentNullException.ThrowIfNull(label);
        transport = label.ToUpperInvariant() switch
        {
            "_UDP" => SipUriTransport.Udp,
            "_TCP" => SipUriTransport.Tcp,
            "_SCTP" => SipUriTransport.Sctp,
            _ => (SipUriTransport)(-1),
        };
        return Enum.IsDefined(transport);
    }

    /// <summary>The transport of a service type "_sipuri._udp" (a trailing ".local" or dot allowed); false, with a reason, for any other type.</summary>
    public static bool TryParse(string serviceType, out SipUriTransport transport, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        transport = SipUriTransport.Udp;
        var labels = serviceType.TrimEnd('.').Split('.');
        if (labels.Length == 3 && labels[2].Equals("local", StringComparison.OrdinalIgnoreCase))
        {
            labels = labels[..2];
        }

        if (labels.Length != 2 || !labels[0].Equals(ServiceLabel, StringComparison.OrdinalIgnoreCase))
        {
            error = $"\"{serviceType}\" is not a _sipuri service type (draft-lee-sip-dns-sd-uri-01 §4.1: _sipuri._udp, _sipuri._tcp or _sipuri._sctp)";
            return false;
        }

        if (!TryParseProtocol(labels[1], out transport))
        {
            error = $"\"{serviceType}\": the protocol label must be _udp, _tcp or _sctp (§4.1)";
            return false;
        }

        error = null;
        return true;
    }
}
