using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using Peerlink.Sip.Message;

namespace Peerlink.Sip.Discovery;

// The <Instance> label of a SIP URI service instance (draft-lee-sip-dns-sd-uri-01 §4.1):
//
//   instance = ( SIP-URI / SIPS-URI ) [ SP description ]        ; the whole label at most 63 octets of UTF-8
//
//   sip:bob@example.com - Softphone._sipuri._udp.local.
//   sip:bob@example.com (2)._sipuri._udp.local.                  ; renamed after a conflict, still valid
//
// A SIP URI holds no space (RFC 3261 §25.1), so the URI is the whole label or everything before its first
// space (§5.1), and whatever a responder appends to settle a name conflict lands in the description:
// " (2)" from Bonjour and from our own responder (RFC 6762 §9), " #2" from Avahi.

/// <summary>
/// A SIP URI service instance label read apart: the URI callers put in To (§5.1), the description after it,
/// and the number of a conflict suffix (" (2)", " #2") when the label ends in one.
/// </summary>
/// <param name="Label">The label as advertised.</param>
/// <param name="Uri">The SIP or SIPS URI it starts with.</param>
/// <param name="Description">The text after the URI and its space, without a conflict suffix; null when there is none.</param>
/// <param name="ConflictNumber">The number of a trailing " (N)" or " #N", or null.</param>
public sealed record SipUriInstanceName(string Label, SipUri Uri, string? Description, int? ConflictNumber)
{
    /// <summary>Most octets in a DNS label, so in the whole instance string (§4.1, RFC 1035 §2.3.4).</summary>
    public const int MaxOctets = 63;

    /// <summary>
    /// The label for <paramref name="uri"/> with an optional <paramref name="description"/>: "URI description".
    /// The URI is kept whole; a description that does not fit in 63 octets is cut at a character boundary
    /// (and a cut that leaves nothing drops the space too). False, with a reason, when the URI alone does not
    /// fit or the description holds a control character (RFC 6763 §4.1.1 keeps them out of instance names).
    /// </summary>
    public static bool TryFormat(SipUri uri, string? description, [NotNullWhen(true)] out string? label, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(uri);
        label = null;
        var text = uri.ToString();
        var octets = Encoding.UTF8.GetByteCount(text);
        if (octets > MaxOctets)
        {
            error = $"the URI {text} is {octets} octets; an instance name holds at most {MaxOctets} (draft-lee-sip-dns-sd-uri-01 §4.1)";
            return false;
        }

        description = description?.Trim();
        if (string.IsNullOrEmpty(description))
        {
            label = text;
            error = null;
            return true;
        }

        if (description.Any(char.IsControl))
        {
            error = "the description holds a control character (RFC 6763 §4.1.1)";
            return false;
        }

        // Whole characters (runes) only, so the label stays valid UTF-8.
        var room = MaxOctets - octets - 1;
        var kept = new StringBuilder();
        foreach (var rune in description.EnumerateRunes())
        {
            if (rune.Utf8SequenceLength > room)
            {
                break;
            }

            room -= rune.Utf8SequenceLength;
            kept.Append(rune.ToString());
        }

        var shortened = kept.ToString().TrimEnd();
        label = shortened.Length == 0 ? text : $"{text} {shortened}";
        error = null;
        return true;
    }

    /// <summary>Reads a label; false, with a reason, when it does not start with a SIP or SIPS URI or is over 63 octets.</summary>
    public static bool TryParse(string label, [NotNullWhen(true)] out SipUriInstanceName? name, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(label);
        name = null;
        if (label.Length == 0)
        {
            error = "an empty instance name";
            return false;
        }

        var octets = Encoding.UTF8.GetByteCount(label);
        if (octets > MaxOctets)
        {
            error = $"the instance name is {octets} octets, over {MaxOctets} (§4.1)";
            return false;
        }

        var space = label.IndexOf(' ', StringComparison.Ordinal);
        var uriText = space < 0 ? label : label[..space];
        if (!SipUri.TryParse(uriText, out var uri, out var uriError))
        {
            error = $"\"{label}\" does not start with a SIP or SIPS URI (draft-lee-sip-dns-sd-uri-01 §4.1): {uriError}";
            return false;
        }

        var rest = space < 0 ? string.Empty : label[(space + 1)..];
        var (description, number) = SplitConflictSuffix(rest);
        name = new SipUriInstanceName(label, uri, description.Length == 0 ? null : description, number);
        error = null;
        return true;
    }

    /// <summary>
    /// "- Softphone (2)" → ("- Softphone", 2); "#3" → ("", 3); anything else → (itself, null). A suffix must
    /// stand alone: after a space, or be the whole text (the URI's space came before it).
    /// </summary>
    private static (string Description, int? Number) SplitConflictSuffix(string text)
    {
        var trimmed = text.TrimEnd();
        int start;
        int digitsEnd;
        if (trimmed.EndsWith(')'))
        {
            start = trimmed.LastIndexOf('(');
            digitsEnd = trimmed.Length - 1;
        }
        else
        {
            start = trimmed.LastIndexOf('#');
            digitsEnd = trimmed.Length;
        }

        if (start < 0 || (start > 0 && trimmed[start - 1] != ' '))
        {
            return (text.Trim(), null);
        }

        var digits = trimmed.AsSpan(start + 1, digitsEnd - start - 1);
        if (digits.Length is 0 or > 9 || digits.ContainsAnyExceptInRange('0', '9') ||
            !int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return (text.Trim(), null);
        }

        return (trimmed[..start].Trim(), number);
    }
}
