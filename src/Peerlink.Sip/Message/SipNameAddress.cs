using System.Diagnostics.CodeAnalysis;
using System.Text;
using Peerlink.Core;

namespace Peerlink.Sip.Message;

// The value of From, To, Contact, Route, Record-Route and Reply-To (RFC 3261 §20.10, §25.1):
//
//   ( name-addr / addr-spec ) *( SEMI generic-param )
//   name-addr    =  [ display-name ] LAQUOT addr-spec RAQUOT
//   addr-spec    =  SIP-URI / SIPS-URI / absoluteURI
//   display-name =  *(token LWS) / quoted-string
//   LAQUOT       =  SWS "<"        RAQUOT = ">" SWS
//
// §20.10: when the URI holds a comma, question mark or semicolon it MUST be in angle brackets; without them, a
// ';' starts the header parameters (so "sip:a@b;x" has a header parameter x, RFC 4475 §3.3.12), and '?' is an
// error (RFC 4475 §3.1.2.13). No LWS inside the brackets (RFC 4475 §3.1.2.14). A token display name directly
// before '<' is accepted (RFC 4475 §3.1.1.6 calls the missing LWS a bug in RFC 3261's grammar).

/// <summary>
/// A name-addr or addr-spec with header parameters. <see cref="Uri"/> is the URI text as written (any scheme);
/// <see cref="SipUri"/> is it parsed when the scheme is sip or sips.
/// </summary>
public sealed record SipNameAddress
{
    /// <summary>An address for <paramref name="uri"/> with no display name and no parameters.</summary>
    public SipNameAddress(string uri) => Uri = uri;

    /// <summary>An address for a SIP URI.</summary>
    public SipNameAddress(SipUri uri)
        : this((uri ?? throw new ArgumentNullException(nameof(uri))).ToString())
    {
    }

    /// <summary>The display name, unquoted; null when there is none.</summary>
    public string? DisplayName { get; init; }

    /// <summary>The URI's text.</summary>
    public string Uri { get; init; }

    /// <summary>The header parameters (tag, expires, q, ...), values as written.</summary>
    public ValueList<SipParameter> Parameters { get; init; }

    /// <summary>The URI parsed, when it is a sip: or sips: URI that parses; else null.</summary>
    public SipUri? SipUri => Message.SipUri.TryParse(Uri, out var uri, out _) ? uri : null;

    /// <summary>The tag parameter (§19.3), or null.</summary>
    public string? Tag => SipGrammar.Find(Parameters, "tag")?.Value;

    /// <summary>A copy with the tag parameter set (replacing any tag it had).</summary>
    public SipNameAddress WithTag(string tag) => WithParameter("tag", tag);

    /// <summary>A copy with parameter <paramref name="name"/> set to <paramref name="value"/>.</summary>
    public SipNameAddress WithParameter(string name, string? value) => this with
    {
        Parameters = [.. Parameters.Where(p => !string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)), new SipParameter(name, value)],
    };

    /// <summary>Reads one address; false, with a reason, when it breaks the grammar above.</summary>
    public static bool TryParse(string text, [NotNullWhen(true)] out SipNameAddress? address, out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        address = null;
        var at = SipGrammar.SkipWhitespace(text, 0);
        string? display = null;
        string uri;
        if (at < text.Length && text[at] == '"')
        {
            if (!SipGrammar.TryReadQuoted(text, at, out var end, out var name, out error))
            {
                return false;
            }

            display = name;
            at = SipGrammar.SkipWhitespace(text, end);
            if (at >= text.Length || text[at] != '<')
            {
                error = "a quoted display name not followed by <URI>";
                return false;
            }
        }
        else
        {
            // A token display name holds no ';' or '"', so a '<' after one of those belongs to a parameter value.
            var angle = text.AsSpan(at).IndexOfAny("<;\"");
            angle = angle >= 0 && text[at + angle] == '<' ? at + angle : -1;
            if (angle >= 0)
            {
                var name = SipGrammar.TrimWhitespace(text.AsSpan(at, angle - at)).ToString();
                foreach (var word in name.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries))
                {
                    if (!SipGrammar.IsToken(word))
                    {
                        // RFC 4475 §3.1.2.15: "Bell, Alexander" needs quotes.
                        error = $"an unquoted display name with '{word}', which is not a token";
                        return false;
                    }
                }

                display = name.Length == 0 ? null : name;
                at = angle;
            }
        }

        if (at < text.Length && text[at] == '<')
        {
            var close = text.IndexOf('>', at);
            if (close < 0)
            {
                error = "a '<' without its '>'";
                return false;
            }

            uri = text[(at + 1)..close];
            if (uri.AsSpan().IndexOfAny(" \t") >= 0)
            {
                error = "whitespace inside <URI>";
                return false;
            }

            at = close + 1;
        }
        else
        {
            var end = at;
            while (end < text.Length && text[end] != ';' && !SipGrammar.IsWhitespace(text[end]))
            {
                end++;
            }

            uri = text[at..end];
            if (uri.Contains('?', StringComparison.Ordinal) || uri.Contains(',', StringComparison.Ordinal))
            {
                error = "a URI with '?' or ',' outside angle brackets (§20.10)";
                return false;
            }

            at = end;
        }

        if (!IsUri(uri, out error))
        {
            return false;
        }

        var parameters = new List<SipParameter>();
        if (!SipGrammar.TryReadParameters(text, at, parameters, out error))
        {
            return false;
        }

        address = new SipNameAddress(uri) { DisplayName = display, Parameters = [.. parameters] };
        return true;
    }

    /// <summary>Reads an address; throws on a malformed one (for our own constants and tests).</summary>
    /// <exception cref="FormatException">Malformed.</exception>
    public static SipNameAddress Parse(string text) =>
        TryParse(text, out var a, out var error) ? a : throw new FormatException($"'{text}': {error}");

    /// <summary>The name-addr form: <c>"Display Name" &lt;uri&gt;;params</c>.</summary>
    public override string ToString()
    {
        var b = new StringBuilder();
        if (DisplayName is not null)
        {
            b.Append(SipGrammar.Quote(DisplayName)).Append(' ');
        }

        b.Append('<').Append(Uri).Append('>');
        SipGrammar.AppendParameters(b, Parameters);
        return b.ToString();
    }

    /// <summary>
    /// True for a sip/sips URI that parses, or an absoluteURI of another scheme (<c>scheme ":" 1*non-space</c>);
    /// RFC 4475 §3.3.4 has isbn:, http: and name: URIs in To, From and Contact, which are valid syntax.
    /// </summary>
    internal static bool IsUri(string uri, out string? error)
    {
        var colon = uri.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || !char.IsAsciiLetter(uri[0]) || colon == uri.Length - 1)
        {
            error = $"'{uri}' is not a URI";
            return false;
        }

        for (var i = 1; i < colon; i++)
        {
            if (!SipGrammar.IsAlphaNum(uri[i]) && uri[i] is not ('+' or '-' or '.'))
            {
                error = $"'{uri}' has a bad scheme";
                return false;
            }
        }

        var scheme = uri.AsSpan(0, colon);
        if (scheme.Equals("sip", StringComparison.OrdinalIgnoreCase) || scheme.Equals("sips", StringComparison.OrdinalIgnoreCase))
        {
            return Message.SipUri.TryParse(uri, out _, out error);
        }

        foreach (var c in uri)
        {
            if (c <= ' ' || c is '<' or '>' or '"' or '\x7f')
            {
                error = $"'{uri}' has a character a URI may not hold";
                return false;
            }
        }

        error = null;
        return true;
    }
}
