using System.Globalization;
using Peerlink.Core;

namespace Peerlink.Sip.Message;

/// <summary>
/// A SIP message (RFC 3261 §7): a start line, headers in order, and a body. Content-Length is framing, not
/// content: the parser takes it off and <see cref="Body"/> has exactly that many bytes; the writer writes it.
/// Records compare by value, headers and body included.
/// </summary>
public abstract record SipMessage
{
    /// <summary>The version we speak (§7.1); others get a 505 (requests) or are dropped (responses).</summary>
    public const string Version = "SIP/2.0";

    /// <summary>The headers in order, names normalised (<see cref="SipHeaderNames.Normalize"/>).</summary>
    public ValueList<SipHeader> Headers { get; init; }

    /// <summary>The body.</summary>
    public Bytes Body { get; init; }

    /// <summary>The first value of header <paramref name="name"/> (any case, compact form allowed), or null.</summary>
    public string? Get(string name)
    {
        var full = SipHeaderNames.Normalize(name);
        foreach (var h in Headers)
        {
            if (string.Equals(h.Name, full, StringComparison.OrdinalIgnoreCase))
            {
                return h.Value;
            }
        }

        return null;
    }

    /// <summary>Every value of header <paramref name="name"/>, in order.</summary>
    public IReadOnlyList<string> GetAll(string name)
    {
        var full = SipHeaderNames.Normalize(name);
        return [.. Headers.Where(h => string.Equals(h.Name, full, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value)];
    }

    /// <summary>The Via values, topmost first; malformed ones are left out (the parser rejects those).</summary>
    public IReadOnlyList<SipVia> Vias => [.. GetAll(SipHeaderNames.Via).Select(v => SipVia.TryParse(v, out var via, out _) ? via : null).OfType<SipVia>()];

    /// <summary>The topmost Via (the hop that sent the message, §18.2.1), or null.</summary>
    public SipVia? TopVia => Get(SipHeaderNames.Via) is { } v && SipVia.TryParse(v, out var via, out _) ? via : null;

    /// <summary>The From address, or null.</summary>
    public SipNameAddress? From => Address(SipHeaderNames.From);

    /// <summary>The To address, or null.</summary>
    public SipNameAddress? To => Address(SipHeaderNames.To);

    /// <summary>The Contact addresses (a REGISTER's "*" is left out).</summary>
    public IReadOnlyList<SipNameAddress> Contacts => Addresses(SipHeaderNames.Contact);

    /// <summary>The Route addresses in order.</summary>
    public IReadOnlyList<SipNameAddress> Routes => Addresses(SipHeaderNames.Route);

    /// <summary>The Record-Route addresses in order.</summary>
    public IReadOnlyList<SipNameAddress> RecordRoutes => Addresses(SipHeaderNames.RecordRoute);

    /// <summary>The Call-ID, or null.</summary>
    public string? CallId => Get(SipHeaderNames.CallId);

    /// <summary>The CSeq, or null.</summary>
    public SipCSeq? CSeq => Get(SipHeaderNames.CSeq) is { } v && SipCSeq.TryParse(v, out var c, out _) ? c : null;

    /// <summary>Max-Forwards (0 to 255), or null.</summary>
    public int? MaxForwards => Number(SipHeaderNames.MaxForwards, 255) is { } n ? (int)n : null;

    /// <summary>Expires in seconds, or null.</summary>
    public uint? Expires => Number(SipHeaderNames.Expires, uint.MaxValue) is { } n ? (uint)n : null;

    /// <summary>The Content-Type, or null.</summary>
    public SipMediaType? ContentType => Get(SipHeaderNames.ContentType) is { } v && SipMediaType.TryParse(v, out var t, out _) ? t : null;

    /// <summary>The body's length, which is what Content-Length says on the wire.</summary>
    public int ContentLength => Body.Length;

    private SipNameAddress? Address(string name) =>
        Get(name) is { } v && SipNameAddress.TryParse(v, out var a, out _) ? a : null;

    private SipNameAddress[] Addresses(string name) =>
        [.. GetAll(name).Select(v => SipNameAddress.TryParse(v, out var a, out _) ? a : null).OfType<SipNameAddress>()];

    private ulong? Number(string name, ulong max) =>
        Get(name) is { } v && SipGrammar.TryParseBounded(v, max, out var n) ? n : null;
}

/// <summary>A request: <c>Method SP Request-URI SP SIP-Version CRLF</c> (§7.1).</summary>
/// <param name="Method">The method, case-sensitive (INVITE, ACK, BYE, CANCEL, OPTIONS, ... or an extension token).</param>
/// <param name="RequestUri">The Request-URI's text.</param>
public sealed record SipRequest(string Method, string RequestUri) : SipMessage
{
    /// <summary>The Request-URI parsed, when it is a sip: or sips: URI; else null.</summary>
    public SipUri? Uri => SipUri.TryParse(RequestUri, out var u, out _) ? u : null;

    /// <summary>The start line without its CRLF.</summary>
    public override string ToString() => $"{Method} {RequestUri} {Version}";
}

/// <summary>A response: <c>SIP-Version SP Status-Code SP Reason-Phrase CRLF</c> (§7.2).</summary>
/// <param name="StatusCode">100 to 699.</param>
/// <param name="ReasonPhrase">The reason phrase (may be empty, RFC 4475 §3.1.1.13).</param>
public sealed record SipResponse(int StatusCode, string ReasonPhrase) : SipMessage
{
    /// <summary>The start line without its CRLF.</summary>
    public override string ToString() => $"{Version} {StatusCode.ToString(CultureInfo.InvariantCulture)} {ReasonPhrase}";
}
