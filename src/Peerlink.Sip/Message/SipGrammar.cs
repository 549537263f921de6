using System.Globalization;
using System.Text;
using Peerlink.Core;

namespace Peerlink.Sip.Message;

// Character classes and small scanners of RFC 3261 §25.1 (the collected ABNF):
//
//   token       =  1*(alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~" )
//   word        =  1*(alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~" /
//                  "(" / ")" / "<" / ">" / ":" / "\" / DQUOTE / "/" / "[" / "]" / "?" / "{" / "}" )
//   unreserved  =  alphanum / mark          mark = "-" / "_" / "." / "!" / "~" / "*" / "'" / "(" / ")"
//   escaped     =  "%" HEXDIG HEXDIG
//   LWS         =  [*WSP CRLF] 1*WSP        SWS = [LWS]   (folds are gone by the time values get here)
//   quoted-string = SWS DQUOTE *(qdtext / quoted-pair ) DQUOTE
//   quoted-pair =  "\" (%x00-09 / %x0B-0C / %x0E-7F)
//
// All scanners work on the unfolded header value (a string); none throws on a peer's text.

/// <summary>RFC 3261 character classes, percent-escaping and quoted strings.</summary>
internal static class SipGrammar
{
    private const string TokenMarks = "-.!%*_+`'~";
    private const string WordExtras = "-.!%*_+`'~()<>:\\\"/[]?{}";
    private const string Marks = "-_.!~*'()";

    public static bool IsAlphaNum(char c) => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9');

    public static bool IsTokenChar(char c) => IsAlphaNum(c) || TokenMarks.Contains(c, StringComparison.Ordinal);

    public static bool IsUnreserved(char c) => IsAlphaNum(c) || Marks.Contains(c, StringComparison.Ordinal);

    public static bool IsWhitespace(char c) => c is ' ' or '\t';

    public static bool IsToken(ReadOnlySpan<char> s)
    {
        if (s.IsEmpty)
        {
            return false;
        }

        foreach (var c in s)
        {
            if (!IsTokenChar(c))
            {
                return false;
            }
        }

        return true;
    }

    public static bool IsWord(ReadOnlySpan<char> s)
    {
        if (s.IsEmpty)
        {
            return false;
        }

        foreach (var c in s)
        {
            if (!IsAlphaNum(c) && !WordExtras.Contains(c, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    public static bool IsDigits(ReadOnlySpan<char> s)
    {
        if (s.IsEmpty)
        {
            return false;
        }

        foreach (var c in s)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>1*DIGIT up to <paramref name="max"/>; leading zeros are allowed (RFC 4475 §3.1.1.1).</summary>
    public static bool TryParseBounded(ReadOnlySpan<char> s, ulong max, out ulong value)
    {
        value = 0;
        if (!IsDigits(s))
        {
            return false;
        }

        foreach (var c in s)
        {
            // Check before multiplying: "36893488147419103232" (RFC 4475 §3.1.2.4) must not wrap around.
            if (value > (max - (ulong)(c - '0')) / 10)
            {
                return false;
            }

            value = (value * 10) + (ulong)(c - '0');
        }

        return true;
    }

    public static ReadOnlySpan<char> TrimWhitespace(ReadOnlySpan<char> s) => s.Trim(" \t");

    public static int SkipWhitespace(string s, int at)
    {
        while (at < s.Length && IsWhitespace(s[at]))
        {
            at++;
        }

        return at;
    }

    /// <summary>
    /// Reads a quoted-string starting at the DQUOTE at <paramref name="at"/>; on success <paramref name="end"/> is the
    /// index after the closing DQUOTE and <paramref name="content"/> the text with quoted-pairs resolved.
    /// </summary>
    public static bool TryReadQuoted(string s, int at, out int end, out string content, out string? error)
    {
        var text = new StringBuilder();
        for (var i = at + 1; i < s.Length; i++)
        {
            var c = s[i];
            if (c == '"')
            {
                end = i + 1;
                content = text.ToString();
                error = null;
                return true;
            }

            if (c == '\\')
            {
                // quoted-pair excludes CR and LF only (§25.1), so NUL, BEL and DEL may be quoted (RFC 4475 §3.1.1.2).
                if (i + 1 >= s.Length || s[i + 1] is '\r' or '\n' || s[i + 1] > '\x7f')
                {
                    break;
                }

                text.Append(s[++i]);
                continue;
            }

            text.Append(c);
        }

        end = s.Length;
        content = string.Empty;
        error = "an unterminated quoted string";
        return false;
    }

    /// <summary>Writes <paramref name="text"/> as a quoted-string, escaping DQUOTE and backslash.</summary>
    public static string Quote(string text)
    {
        var b = new StringBuilder(text.Length + 2).Append('"');
        foreach (var c in text)
        {
            if (c is '"' or '\\')
            {
                b.Append('\\');
            }

            b.Append(c);
        }

        return b.Append('"').ToString();
    }

    /// <summary>
    /// Checks that <paramref name="s"/> holds only characters <paramref name="allowed"/> accepts and well-formed
    /// %HH escapes, and resolves the escapes (as UTF-8 bytes). False when a character or an escape is out of place.
    /// </summary>
    public static bool TryUnescape(string s, Func<char, bool> allowed, out string value)
    {
        value = s;
        if (!s.Contains('%', StringComparison.Ordinal))
        {
            foreach (var c in s)
            {
                if (!allowed(c))
                {
                    return false;
                }
            }

            return true;
        }

        var bytes = new List<byte>(s.Length);
        Span<byte> utf8 = stackalloc byte[4];
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (c == '%')
            {
                if (i + 2 >= s.Length || !Uri.IsHexDigit(s[i + 1]) || !Uri.IsHexDigit(s[i + 2]))
                {
                    return false;
                }

                bytes.Add(byte.Parse(s.AsSpan(i + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                i += 2;
                continue;
            }

            if (!allowed(c))
            {
                return false;
            }

            var n = Encoding.UTF8.GetBytes([c], utf8);
            for (var k = 0; k < n; k++)
            {
                bytes.Add(utf8[k]);
            }
        }

        value = Encoding.UTF8.GetString([.. bytes]);
        return true;
    }

    /// <summary>Escapes every character <paramref name="allowed"/> refuses as %HH of its UTF-8 bytes.</summary>
    public static string Escape(string s, Func<char, bool> allowed)
    {
        var plain = true;
        foreach (var c in s)
        {
            plain &= allowed(c) && c != '%';
        }

        if (plain)
        {
            return s;
        }

        var b = new StringBuilder(s.Length + 8);
        Span<byte> utf8 = stackalloc byte[4];
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (allowed(c) && c != '%')
            {
                b.Append(c);
                continue;
            }

            var count = char.IsHighSurrogate(c) && i + 1 < s.Length ? 2 : 1;
            var n = Encoding.UTF8.GetBytes(s.AsSpan(i, count), utf8);
            i += count - 1;
            for (var k = 0; k < n; k++)
            {
                b.Append('%').Append(utf8[k].ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return b.ToString();
    }

    /// <summary>
    /// Splits a header value at the commas that separate values (§7.3.1), not those inside quoted strings or angle
    /// brackets (a URI in &lt;&gt; may hold commas, RFC 4475 §3.1.1.2). Each part is trimmed.
    /// </summary>
    public static List<string> SplitCommas(string value)
    {
        var parts = new List<string>();
        var start = 0;
        var quoted = false;
        var angle = false;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (quoted)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == '<')
            {
                angle = true;
            }
            else if (c == '>')
            {
                angle = false;
            }
            else if (c == ',' && !angle)
            {
                parts.Add(TrimWhitespace(value.AsSpan(start, i - start)).ToString());
                start = i + 1;
            }
        }

        parts.Add(TrimWhitespace(value.AsSpan(start)).ToString());
        return parts;
    }

    /// <summary>
    /// Reads <c>*( SEMI generic-param )</c> from <paramref name="at"/> to the end of <paramref name="s"/>:
    /// <c>generic-param = token [ EQUAL gen-value ]</c>, <c>gen-value = token / host / quoted-string</c>.
    /// Values are kept as written (a quoted-string keeps its quotes).
    /// </summary>
    public static bool TryReadParameters(string s, int at, List<SipParameter> parameters, out string? error)
    {
        while (true)
        {
            at = SkipWhitespace(s, at);
            if (at >= s.Length)
            {
                error = null;
                return true;
            }

            if (s[at] != ';')
            {
                error = $"'{s[at]}' where a ';' parameter separator belongs";
                return false;
            }

            at = SkipWhitespace(s, at + 1);
            var nameStart = at;
            while (at < s.Length && IsTokenChar(s[at]))
            {
                at++;
            }

            if (at == nameStart)
            {
                error = "an empty parameter";
                return false;
            }

            var name = s[nameStart..at];
            at = SkipWhitespace(s, at);
            string? value = null;
            if (at < s.Length && s[at] == '=')
            {
                at = SkipWhitespace(s, at + 1);
                if (at < s.Length && s[at] == '"')
                {
                    if (!TryReadQuoted(s, at, out var end, out _, out error))
                    {
                        return false;
                    }

                    value = s[at..end];
                    at = end;
                }
                else
                {
                    var valueStart = at;
                    while (at < s.Length && (IsTokenChar(s[at]) || s[at] is ':' or '[' or ']'))
                    {
                        at++;
                    }

                    if (at == valueStart)
                    {
                        error = $"parameter '{name}' has '=' but no value";
                        return false;
                    }

                    value = s[valueStart..at];
                }
            }

            parameters.Add(new SipParameter(name, value));
        }
    }

    /// <summary>Writes <c>;name[=value]</c> for each parameter.</summary>
    public static void AppendParameters(StringBuilder b, ValueList<SipParameter> parameters)
    {
        foreach (var p in parameters)
        {
            b.Append(';').Append(p.Name);
            if (p.Value is not null)
            {
                b.Append('=').Append(p.Value);
            }
        }
    }

    /// <summary>The first parameter named <paramref name="name"/> (case-insensitive), or null.</summary>
    public static SipParameter? Find(ValueList<SipParameter> parameters, string name)
    {
        foreach (var p in parameters)
        {
            if (string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return p;
            }
        }

        return null;
    }

    /// <summary>True for a hostname, an IPv4 address or an IPv6 reference in brackets (§25.1 host).</summary>
    public static bool IsHost(ReadOnlySpan<char> s)
    {
        if (s.IsEmpty)
        {
            return false;
        }

        if (s[0] == '[')
        {
            return s.Length > 2 && s[^1] == ']' && System.Net.IPAddress.TryParse(s[1..^1], out var ip)
                && ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6;
        }

        if (s[0] is '.' or '-')
        {
            return false;
        }

        foreach (var c in s)
        {
            if (!IsAlphaNum(c) && c is not ('-' or '.'))
            {
                return false;
            }
        }

        return true;
    }
}
