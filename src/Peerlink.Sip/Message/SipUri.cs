using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using Peerlink.Core;

namespace Peerlink.Sip.Message;

// SIP and SIPS URIs (RFC 3261 §19.1.1, §25.1):
//
//   SIP-URI        =  "sip:" [ userinfo ] hostport uri-parameters [ headers ]
//   SIPS-URI       =  "sips:" [ userinfo ] hostport uri-parameters [ headers ]
//   userinfo       =  ( user / telephone-subscriber ) [ ":" password ] "@"
//   user           =  1*( unreserved / escaped / user-unreserved )
//   user-unreserved=  "&" / "=" / "+" / "$" / "," / ";" / "?" / "/"
//   password       =  *( unreserved / escaped / "&" / "=" / "+" / "$" / "," )
//   hostport       =  host [ ":" port ]
//   host           =  hostname / IPv4address / IPv6reference       IPv6reference = "[" IPv6address "]"
//   uri-parameters =  *( ";" uri-parameter )     uri-parameter = pname [ "=" pvalue ]
//   pname, pvalue  =  1*paramchar     paramchar = param-unreserved / unreserved / escaped
//   param-unreserved = "[" / "]" / "/" / ":" / "&" / "+" / "$"
//   headers        =  "?" header *( "&" header )    header = hname "=" hvalue
//   hname, hvalue  =  *( hnv-unreserved / unreserved / escaped )  hnv-unreserved = "[" / "]" / "/" / "?" / ":" / "+" / "$"
//
// '@' appears in none of user, password, parameters or headers unescaped, so the first '@' ends the userinfo even
// when the user part holds ';' and '?' (RFC 4475 §3.1.1.2, §3.1.1.9).

/// <summary>
/// A SIP or SIPS URI. User, password, parameter names and values and header names and values hold the unescaped
/// text (RFC 3261 §19.1.4 compares them unescaped: <c>sip:%75ser@h</c> is <c>sip:user@h</c>); the host is kept
/// as written, an IPv6 reference with its brackets.
/// </summary>
public sealed record SipUri
{
    /// <summary>A URI for <paramref name="host"/> (a hostname, an IPv4 address or a bracketed IPv6 reference).</summary>
    public SipUri(string host) => Host = host;

    /// <summary>True for sips: (TLS all the way, §26.2.2).</summary>
    public bool Secure { get; init; }

    /// <summary>The user part, unescaped; null when the URI has none.</summary>
    public string? User { get; init; }

    /// <summary>The password, unescaped (§19.1.1: its use is NOT RECOMMENDED); null when absent.</summary>
    public string? Password { get; init; }

    /// <summary>The host as written: hostname, IPv4 address or "[IPv6]".</summary>
    public string Host { get; init; }

    /// <summary>The port, or null for the transport's default.</summary>
    public int? Port { get; init; }

    /// <summary>The URI parameters in order (transport, user, method, ttl, maddr, lr, and any other).</summary>
    public ValueList<SipParameter> Parameters { get; init; }

    /// <summary>The headers after '?' in order (§19.1.5: not allowed in a Request-URI).</summary>
    public ValueList<SipParameter> Headers { get; init; }

    /// <summary>The transport parameter, or null.</summary>
    public string? Transport => SipGrammar.Find(Parameters, "transport")?.Value;

    /// <summary>True with the lr parameter (loose routing, §19.1.1).</summary>
    public bool LooseRouting => SipGrammar.Find(Parameters, "lr") is not null;

    /// <summary>The scheme: "sip" or "sips".</summary>
    public string Scheme => Secure ? "sips" : "sip";

    /// <summary>Reads a SIP or SIPS URI; false, with a reason, for anything else (other schemes included).</summary>
    public static bool TryParse(string text, [NotNullWhen(true)] out SipUri? uri, out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        uri = null;
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        var scheme = colon < 0 ? string.Empty : text[..colon];
        bool secure;
        if (scheme.Equals("sip", StringComparison.OrdinalIgnoreCase))
        {
            secure = false;
        }
        else if (scheme.Equals("sips", StringComparison.OrdinalIgnoreCase))
        {
            secure = true;
        }
        else
        {
            error = "not a sip: or sips: URI";
            return false;
        }

        var rest = text[(colon + 1)..];
        string? user = null;
        string? password = null;
        var at = rest.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            var userinfo = rest[..at];
            rest = rest[(at + 1)..];
            var passwordColon = userinfo.IndexOf(':', StringComparison.Ordinal);
            var userText = passwordColon < 0 ? userinfo : userinfo[..passwordColon];
            if (userText.Length == 0 || !SipGrammar.TryUnescape(userText, IsUserChar, out var u))
            {
                error = $"bad user part '{userText}'";
                return false;
            }

            user = u;
            if (passwordColon >= 0)
            {
                if (!SipGrammar.TryUnescape(userinfo[(passwordColon + 1)..], IsPasswordChar, out var p))
                {
                    error = "bad password";
                    return false;
                }

                password = p;
            }
        }

        var hostEnd = rest.IndexOfAny([';', '?']);
        var hostport = hostEnd < 0 ? rest : rest[..hostEnd];
        if (!TrySplitHostPort(hostport, out var host, out var port))
        {
            error = $"bad host or port '{hostport}'";
            return false;
        }

        rest = hostEnd < 0 ? string.Empty : rest[hostEnd..];
        var query = rest.IndexOf('?', StringComparison.Ordinal);
        var paramText = query < 0 ? rest : rest[..query];
        var parameters = new List<SipParameter>();
        if (paramText.Length > 0)
        {
            foreach (var part in paramText[1..].Split(';'))
            {
                var eq = part.IndexOf('=', StringComparison.Ordinal);
                var name = eq < 0 ? part : part[..eq];
                if (name.Length == 0 || !SipGrammar.TryUnescape(name, IsParamChar, out var n))
                {
                    error = $"bad URI parameter '{part}'";
                    return false;
                }

                string? value = null;
                if (eq >= 0 && (eq == part.Length - 1 || !SipGrammar.TryUnescape(part[(eq + 1)..], IsParamChar, out value)))
                {
                    error = $"bad URI parameter '{part}'";
                    return false;
                }

                parameters.Add(new SipParameter(n, value));
            }
        }

        var headers = new List<SipParameter>();
        if (query >= 0)
        {
            foreach (var part in rest[(query + 1)..].Split('&'))
            {
                var eq = part.IndexOf('=', StringComparison.Ordinal);
                if (eq <= 0 || !SipGrammar.TryUnescape(part[..eq], IsHeaderChar, out var n)
                    || !SipGrammar.TryUnescape(part[(eq + 1)..], IsHeaderChar, out var v))
                {
                    error = $"bad URI header '{part}'";
                    return false;
                }

                headers.Add(new SipParameter(n, v));
            }
        }

        uri = new SipUri(host)
        {
            Secure = secure,
            User = user,
            Password = password,
            Port = port,
            Parameters = [.. parameters],
            Headers = [.. headers],
        };
        error = null;
        return true;
    }

    /// <summary>Reads a URI; throws on a malformed one (for our own constants and tests, not a peer's text).</summary>
    /// <exception cref="FormatException">Not a SIP or SIPS URI.</exception>
    public static SipUri Parse(string text) =>
        TryParse(text, out var uri, out var error) ? uri : throw new FormatException($"'{text}': {error}");

    /// <summary>The URI in its canonical text, escaping what each part may not hold plainly.</summary>
    public override string ToString()
    {
        var b = new StringBuilder(Scheme).Append(':');
        if (User is not null)
        {
            b.Append(SipGrammar.Escape(User, IsUserChar));
            if (Password is not null)
            {
                b.Append(':').Append(SipGrammar.Escape(Password, IsPasswordChar));
            }

            b.Append('@');
        }

        b.Append(Host);
        if (Port is { } port)
        {
            b.Append(':').Append(port.ToString(CultureInfo.InvariantCulture));
        }

        foreach (var p in Parameters)
        {
            b.Append(';').Append(SipGrammar.Escape(p.Name, IsParamChar));
            if (p.Value is not null)
            {
                b.Append('=').Append(SipGrammar.Escape(p.Value, IsParamChar));
            }
        }

        for (var i = 0; i < Headers.Count; i++)
        {
            b.Append(i == 0 ? '?' : '&').Append(SipGrammar.Escape(Headers[i].Name, IsHeaderChar))
                .Append('=').Append(SipGrammar.Escape(Headers[i].Value ?? string.Empty, IsHeaderChar));
        }

        return b.ToString();
    }

    internal static bool TrySplitHostPort(string hostport, out string host, out int? port)
    {
        host = hostport;
        port = null;
        var portStart = -1;
        if (hostport.StartsWith('['))
        {
            var close = hostport.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                return false;
            }

            host = hostport[..(close + 1)];
            if (close + 1 < hostport.Length)
            {
                if (hostport[close + 1] != ':')
                {
                    return false;
                }

                portStart = close + 2;
            }
        }
        else
        {
            var colon = hostport.LastIndexOf(':');
            if (colon >= 0)
            {
                host = hostport[..colon];
                portStart = colon + 1;
            }
        }

        if (portStart >= 0)
        {
            if (!SipGrammar.TryParseBounded(hostport.AsSpan(portStart), 65_535, out var p))
            {
                return false;
            }

            port = (int)p;
        }

        return SipGrammar.IsHost(host);
    }

    private static bool IsUserChar(char c) => SipGrammar.IsUnreserved(c) || c is '&' or '=' or '+' or '$' or ',' or ';' or '?' or '/';

    private static bool IsPasswordChar(char c) => SipGrammar.IsUnreserved(c) || c is '&' or '=' or '+' or '$' or ',';

    private static bool IsParamChar(char c) => SipGrammar.IsUnreserved(c) || c is '[' or ']' or '/' or ':' or '&' or '+' or '$';

    private static bool IsHeaderChar(char c) => SipGrammar.IsUnreserved(c) || c is '[' or ']' or '/' or '?' or ':' or '+' or '$';
}
