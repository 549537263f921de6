using System.Diagnostics.CodeAnalysis;
using Peerlink.Sip.Message;

namespace Peerlink.Sip.Location;

/// <summary>
/// Addresses-of-record as the overlay keys them. RFC 7904 §3 names a registration's resource by the AOR and
/// checks it against the registering user's identity without the scheme (USER-NODE-MATCH compares
/// "user@host"); we key the same way: the Resource-ID is the overlay's hash of <see cref="Key"/>, so
/// sip:alice@Example.COM and sips:alice@example.com;x=1 are one AOR, and a registration is found whichever
/// spelling the caller uses.
/// </summary>
public static class SipAor
{
    /// <summary>Most bytes an AOR may take in a registration (its UTF-8 text).</summary>
    public const int MaxLength = 512;

    /// <summary>
    /// The overlay key of <paramref name="aor"/>: "user@host", the host lowercased (RFC 3261 §19.1.4: hosts
    /// compare case-insensitively, users case-sensitively), without port, parameters or headers.
    /// </summary>
    public static string Key(SipUri aor)
    {
        ArgumentNullException.ThrowIfNull(aor);
        return $"{aor.User}@{aor.Host.ToLowerInvariant()}";
    }

    /// <summary>Reads an AOR: a SIP or SIPS URI with a user part; false with a reason for anything else.</summary>
    public static bool TryParse(string text, [NotNullWhen(true)] out SipUri? aor, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        aor = null;
        if (!SipUri.TryParse(text, out var uri, out var why))
        {
            error = $"{text} is not a SIP URI ({why}); an address-of-record looks like sip:alice@example.com";
            return false;
        }

        if (string.IsNullOrEmpty(uri.User))
        {
            error = $"{text} has no user part; an address-of-record looks like sip:alice@example.com";
            return false;
        }

        if (System.Text.Encoding.UTF8.GetByteCount(text) > MaxLength)
        {
            error = $"{text[..40]}... is longer than {MaxLength} bytes";
            return false;
        }

        aor = uri;
        error = null;
        return true;
    }
}
