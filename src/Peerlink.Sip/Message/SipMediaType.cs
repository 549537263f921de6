using System.Diagnostics.CodeAnalysis;
using System.Text;
using Peerlink.Core;

namespace Peerlink.Sip.Message;

/// <summary>
/// A Content-Type value (RFC 3261 §20.15): <c>m-type SLASH m-subtype *(SEMI m-parameter)</c>, e.g.
/// <c>application/sdp</c> or <c>multipart/mixed;boundary=7a9cbec02ceef655</c>.
/// </summary>
public sealed record SipMediaType
{
    /// <summary>The media type <paramref name="type"/>/<paramref name="subtype"/>.</summary>
    public SipMediaType(string type, string subtype)
    {
        Type = type;
        Subtype = subtype;
    }

    /// <summary>application/sdp, what an offer or answer is carried as (RFC 3264).</summary>
    public static SipMediaType Sdp { get; } = new("application", "sdp");

    /// <summary>The top-level type.</summary>
    public string Type { get; init; }

    /// <summary>The subtype.</summary>
    public string Subtype { get; init; }

    /// <summary>The parameters, values as written.</summary>
    public ValueList<SipParameter> Parameters { get; init; }

    /// <summary>True when type and subtype match, ignoring case and parameters.</summary>
    public bool Is(string type, string subtype) =>
        Type.Equals(type, StringComparison.OrdinalIgnoreCase) && Subtype.Equals(subtype, StringComparison.OrdinalIgnoreCase);

    /// <summary>Reads a media type; false, with a reason, when it breaks the grammar.</summary>
    public static bool TryParse(string text, [NotNullWhen(true)] out SipMediaType? mediaType, out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        mediaType = null;
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            error = "a media type without '/'";
            return false;
        }

        var type = SipGrammar.TrimWhitespace(text.AsSpan(0, slash));
        var at = SipGrammar.SkipWhitespace(text, slash + 1);
        var start = at;
        while (at < text.Length && SipGrammar.IsTokenChar(text[at]))
        {
            at++;
        }

        if (!SipGrammar.IsToken(type) || at == start)
        {
            error = "a media type that is not token/token";
            return false;
        }

        var parameters = new List<SipParameter>();
        if (!SipGrammar.TryReadParameters(text, at, parameters, out error))
        {
            return false;
        }

        mediaType = new SipMediaType(type.ToString(), text[start..at]) { Parameters = [.. parameters] };
        return true;
    }

    /// <summary>The canonical text.</summary>
    public override string ToString()
    {
        var b = new StringBuilder(Type).Append('/').Append(Subtype);
        SipGrammar.AppendParameters(b, Parameters);
        return b.ToString();
    }
}
