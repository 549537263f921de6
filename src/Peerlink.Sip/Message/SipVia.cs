using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using Peerlink.Core;

namespace Peerlink.Sip.Message;

// One Via value (RFC 3261 §20.42, §25.1):
//
//   via-parm       =  sent-protocol LWS sent-by *( SEMI via-params )
//   sent-protocol  =  protocol-name SLASH protocol-version SLASH transport      SLASH = SWS "/" SWS
//   sent-by        =  host [ COLON port ]                                      COLON = SWS ":" SWS
//   via-params     =  via-ttl / via-maddr / via-received / via-branch / via-extension
//   rport          =  "rport" [ EQUAL 1*DIGIT ]                                (RFC 3581)
//
// RFC 4475 §3.1.1.1 puts LWS (folded) around every slash and before every semicolon and equals sign.

/// <summary>One Via header value: the hop a request took and where its response goes back.</summary>
public sealed record SipVia
{
    /// <summary>The magic cookie that starts an RFC 3261 branch (§8.1.1.7).</summary>
    public const string MagicCookie = "z9hG4bK";

    /// <summary>A Via for <paramref name="transport"/> (UDP, TCP, TLS, SCTP, ...) from <paramref name="host"/>.</summary>
    public SipVia(string transport, string host)
    {
        Transport = transport;
        Host = host;
    }

    /// <summary>The protocol name, "SIP".</summary>
    public string ProtocolName { get; init; } = "SIP";

    /// <summary>The protocol version, "2.0".</summary>
    public string ProtocolVersion { get; init; } = "2.0";

    /// <summary>The transport token, upper case as sent (UDP, TCP, TLS, SCTP, or an unknown one, RFC 4475 §3.1.1.10).</summary>
    public string Transport { get; init; }

    /// <summary>The sent-by host.</summary>
    public string Host { get; init; }

    /// <summary>The sent-by port, or null.</summary>
    public int? Port { get; init; }

    /// <summary>The Via parameters in order, values as written.</summary>
    public ValueList<SipParameter> Parameters { get; init; }

    /// <summary>The branch parameter, or null (RFC 2543 peers may send none).</summary>
    public string? Branch => SipGrammar.Find(Parameters, "branch")?.Value;

    /// <summary>True when the branch starts with the magic cookie (an RFC 3261 transaction ID, §17.2.3).</summary>
    public bool HasMagicCookie => Branch?.StartsWith(MagicCookie, StringComparison.Ordinal) == true;

    /// <summary>The received parameter (§18.2.1), or null.</summary>
    public string? Received => SipGrammar.Find(Parameters, "received")?.Value;

    /// <summary>True when the rport parameter is there, with or without a value (RFC 3581).</summary>
    public bool HasRport => SipGrammar.Find(Parameters, "rport") is not null;

    /// <summary>The rport parameter's value, or null when it is absent or has none.</summary>
    public int? Rport => SipGrammar.Find(Parameters, "rport")?.Value is { } v && int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var p) ? p : null;

    /// <summary>A copy with parameter <paramref name="name"/> set to <paramref name="value"/> (replacing it if there).</summary>
    public SipVia WithParameter(string name, string? value)
    {
        var list = Parameters.ToList();
        var i = list.FindIndex(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));
        if (i >= 0)
        {
            list[i] = new SipParameter(list[i].Name, value);
        }
        else
        {
            list.Add(new SipParameter(name, value));
        }

        return this with { Parameters = [.. list] };
    }

    /// <summary>Reads one Via value; false, with a reason, when it breaks the grammar above.</summary>
    public static bool TryParse(string text, [NotNullWhen(true)] out SipVia? via, out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        via = null;
        var at = 0;
        var parts = new string[3];
        for (var k = 0; k < 3; k++)
        {
            at = SipGrammar.SkipWhitespace(text, at);
            var start = at;
            while (at < text.Length && SipGrammar.IsTokenChar(text[at]))
            {
                at++;
            }

            if (at == start)
            {
                error = "a sent-protocol that is not name/version/transport";
                return false;
            }

            parts[k] = text[start..at];
            at = SipGrammar.SkipWhitespace(text, at);
            if (k < 2)
            {
                if (at >= text.Length || text[at] != '/')
                {
                    error = "a sent-protocol that is not name/version/transport";
                    return false;
                }

                at++;
            }
        }

        var hostStart = at;
        if (at < text.Length && text[at] == '[')
        {
            while (at < text.Length && text[at] != ']')
            {
                at++;
            }

            at++;
        }
        else
        {
            while (at < text.Length && (SipGrammar.IsAlphaNum(text[at]) || text[at] is '-' or '.'))
            {
                at++;
            }
        }

        var host = text[hostStart..Math.Min(at, text.Length)];
        if (!SipGrammar.IsHost(host))
        {
            error = "no sent-by host";
            return false;
        }

        int? port = null;
        var afterHost = SipGrammar.SkipWhitespace(text, at);
        if (afterHost < text.Length && text[afterHost] == ':')
        {
            at = SipGrammar.SkipWhitespace(text, afterHost + 1);
            var portStart = at;
            while (at < text.Length && char.IsAsciiDigit(text[at]))
            {
                at++;
            }

            if (!SipGrammar.TryParseBounded(text.AsSpan(portStart, at - portStart), 65_535, out var p))
            {
                error = "a bad sent-by port";
                return false;
            }

            port = (int)p;
        }

        var parameters = new List<SipParameter>();
        if (!SipGrammar.TryReadParameters(text, at, parameters, out error))
        {
            return false;
        }

        via = new SipVia(parts[2], host) { ProtocolName = parts[0], ProtocolVersion = parts[1], Port = port, Parameters = [.. parameters] };
        return true;
    }

    /// <summary>Reads a Via value; throws on a malformed one (for our own constants and tests).</summary>
    /// <exception cref="FormatException">Malformed.</exception>
    public static SipVia Parse(string text) =>
        TryParse(text, out var v, out var error) ? v : throw new FormatException($"'{text}': {error}");

    /// <summary>The canonical text: <c>SIP/2.0/UDP host:port;params</c>.</summary>
    public override string ToString()
    {
        var b = new StringBuilder().Append(ProtocolName).Append('/').Append(ProtocolVersion).Append('/').Append(Transport)
            .Append(' ').Append(Host);
        if (Port is { } port)
        {
            b.Append(':').Append(port.ToString(CultureInfo.InvariantCulture));
        }

        SipGrammar.AppendParameters(b, Parameters);
        return b.ToString();
    }
}
