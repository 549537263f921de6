using System.Diagnostics.CodeAnalysis;
using System.Text;
using Peerlink.Core;
using Peerlink.Sip.Message;

namespace Peerlink.Sip.Discovery;

// The TXT record of a SIP URI service instance (draft-lee-sip-dns-sd-uri-01 §4.2), one attribute per
// character-string (RFC 6763 §6.3), every attribute optional:
//
//   txtvers=1                       §4.2.1: if present, the FIRST string, and "1" for this specification
//   name=John Doe                   §4.2.2: a display-name (RFC 3261 §25.1: *(token LWS) / quoted-string)
//   contact=<contact value>         §4.2.3:
//
//   contact-attr  =  "contact=" ( name-addr / uri ) *( SEMI contact-extension )
//   name-addr     =  [ display-name ] LAQUOT uri RAQUOT
//   uri           =  SIP-URI / SIPS-URI
//
// A contact holds one SIP or SIPS URI (a UA with several contacts advertises several instances) and no
// non-SIP URI; q and expires mean nothing here (§4.2.3), so they are read past, not refused.

/// <summary>The attributes of a <c>_sipuri</c> TXT record (draft-lee-sip-dns-sd-uri-01 §4.2).</summary>
public sealed record SipUriTxt
{
    /// <summary>The one version this specification defines (§4.2.1).</summary>
    public const int Version = 1;

    /// <summary>True when the record carried txtvers=1 (we always write it).</summary>
    public bool HasVersion { get; init; }

    /// <summary>The display name (§4.2.2), unquoted; null when absent.</summary>
    public string? Name { get; init; }

    /// <summary>The contact (§4.2.3): a SIP or SIPS URI with an optional display name and contact parameters; null when absent.</summary>
    public SipNameAddress? Contact { get; init; }

    /// <summary>
    /// The attributes to publish, in order: txtvers=1 first (§4.2.1), then name and contact when set. A name
    /// that is not a run of tokens goes out as a quoted-string, so it is still a display-name (§4.2.2).
    /// </summary>
    /// <exception cref="ArgumentException">The name holds a control character, the contact is not a SIP or SIPS URI, or an attribute is over 255 bytes.</exception>
    public IReadOnlyList<(string Key, string Value)> ToAttributes()
    {
        var attributes = new List<(string Key, string Value)> { ("txtvers", "1") };
        if (Name is { } name)
        {
            if (name.Any(char.IsControl))
            {
                throw new ArgumentException("the name holds a control character, which no display-name may (RFC 3261 §25.1)", nameof(Name));
            }

            attributes.Add(("name", IsTokens(name) ? name : SipGrammar.Quote(name)));
        }

        if (Contact is { } contact)
        {
            if (contact.SipUri is null)
            {
                throw new ArgumentException($"the contact {contact.Uri} is not a SIP or SIPS URI (draft-lee-sip-dns-sd-uri-01 §4.2.3)", nameof(Contact));
            }

            attributes.Add(("contact", ContactText(contact)));
        }

        foreach (var (key, value) in attributes)
        {
            var length = key.Length + 1 + Encoding.UTF8.GetByteCount(value);
            if (length > 255)
            {
                throw new ArgumentException($"the {key} attribute is {length} bytes; a TXT string holds at most 255 (RFC 6763 §6.1)", key);
            }
        }

        return attributes;
    }

    /// <summary>
    /// Reads the TXT strings by RFC 6763 §6.4 (empty strings and ones starting with '=' skipped, keys
    /// case-insensitive, the first of a key wins) and the draft's rules. False, with a reason, for a txtvers
    /// that is not first or not 1, a name that is not UTF-8 or holds a control character, or a contact that
    /// is not exactly one SIP or SIPS URI. Unknown keys are ignored (RFC 6763 §6.4).
    /// </summary>
    public static bool TryParse(IEnumerable<Bytes> strings, [NotNullWhen(true)] out SipUriTxt? txt, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(strings);
        txt = null;
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var first = true;
        var result = new SipUriTxt();
        foreach (var s in strings)
        {
            var span = s.Span;
            if (span.IsEmpty || span[0] == (byte)'=')
            {
                continue;
            }

            var eq = span.IndexOf((byte)'=');
            var key = Encoding.ASCII.GetString(eq < 0 ? span : span[..eq]);
            var isFirst = first;
            first = false;
            if (!seen.Add(key))
            {
                continue;
            }

            if (!TryDecode(eq < 0 ? null : span[(eq + 1)..].ToArray(), key, out var value, out error))
            {
                return false;
            }

            switch (key.ToUpperInvariant())
            {
                case "TXTVERS":
                    if (!isFirst)
                    {
                        error = "txtvers is not the first attribute; it must be (draft-lee-sip-dns-sd-uri-01 §4.2.1)";
                        return false;
                    }

                    if (value != "1")
                    {
                        error = $"txtvers={value}: only version 1 of the SIP URI TXT record is known (§4.2.1)";
                        return false;
                    }

                    result = result with { HasVersion = true };
                    break;
                case "NAME":
                    if (!TryName(value, out var name, out error))
                    {
                        return false;
                    }

                    result = result with { Name = name };
                    break;
                case "CONTACT":
                    if (!TryContact(value, out var contact, out error))
                    {
                        return false;
                    }

                    result = result with { Contact = contact };
                    break;
            }
        }

        txt = result;
        error = null;
        return true;
    }

    /// <summary>The contact as the attribute writes it: a bare URI where §20.10 allows one, else name-addr.</summary>
    private static string ContactText(SipNameAddress contact)
    {
        if (contact.DisplayName is null && contact.Uri.AsSpan().IndexOfAny(",;?") < 0)
        {
            var b = new StringBuilder(contact.Uri);
            SipGrammar.AppendParameters(b, contact.Parameters);
            return b.ToString();
        }

        return contact.ToString();
    }

    private static bool TryDecode(byte[]? bytes, string key, out string? value, [NotNullWhen(false)] out string? error)
    {
        value = null;
        error = null;
        if (bytes is null)
        {
            return true;
        }

        try
        {
            value = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
            return true;
        }
        catch (DecoderFallbackException)
        {
            error = $"the {key} attribute is not UTF-8";
            return false;
        }
    }

    /// <summary>A display name, unquoted when it came as a quoted-string; an absent or empty value is no name.</summary>
    private static bool TryName(string? value, out string? name, [NotNullWhen(false)] out string? error)
    {
        name = null;
        error = null;
        var text = value?.Trim(' ', '\t');
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        if (text[0] == '"')
        {
            if (!SipGrammar.TryReadQuoted(text, 0, out var end, out var content, out var quoteError) || end != text.Length)
            {
                error = $"name={value}: {quoteError ?? "text after the closing quote"}";
                return false;
            }

            text = content;
        }

        // Not a run of tokens is tolerated (it is quoted when it goes into To), but CR, LF and the other
        // control characters never are: they would break the header the name is written into.
        if (text.Any(char.IsControl))
        {
            error = "the name attribute holds a control character (RFC 3261 §25.1 display-name)";
            return false;
        }

        name = text;
        return true;
    }

    private static bool TryContact(string? value, out SipNameAddress? contact, [NotNullWhen(false)] out string? error)
    {
        contact = null;
        if (string.IsNullOrWhiteSpace(value))
        {
            error = "the contact attribute has no URI (draft-lee-sip-dns-sd-uri-01 §4.2.3)";
            return false;
        }

        if (!SipNameAddress.TryParse(value, out var parsed, out var parseError))
        {
            error = value.Contains(',', StringComparison.Ordinal)
                ? $"contact={value}: one URI only; each contact is an instance of its own (§4.2.3)"
                : $"contact={value}: {parseError}";
            return false;
        }

        if (parsed.SipUri is null)
        {
            error = $"contact={value}: not a SIP or SIPS URI; other schemes do not apply (§4.2.3)";
            return false;
        }

        contact = parsed;
        error = null;
        return true;
    }

    private static bool IsTokens(string name)
    {
        var words = name.Split(' ');
        return words.All(w => w.Length > 0 && SipGrammar.IsToken(w));
    }
}
