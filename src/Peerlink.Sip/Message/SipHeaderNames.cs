namespace Peerlink.Sip.Message;

/// <summary>
/// Header names: their canonical spelling, the compact forms (RFC 3261 §7.3.3 and the extensions that register
/// one), which headers are comma-separated lists that may be split (§7.3.1), and which may appear only once.
/// </summary>
public static class SipHeaderNames
{
#pragma warning disable CS1591 // the constants are the names themselves
    public const string Accept = "Accept";
    public const string AcceptEncoding = "Accept-Encoding";
    public const string AcceptLanguage = "Accept-Language";
    public const string Allow = "Allow";
    public const string AllowEvents = "Allow-Events";
    public const string Authorization = "Authorization";
    public const string CallId = "Call-ID";
    public const string Contact = "Contact";
    public const string ContentDisposition = "Content-Disposition";
    public const string ContentEncoding = "Content-Encoding";
    public const string ContentLanguage = "Content-Language";
    public const string ContentLength = "Content-Length";
    public const string ContentType = "Content-Type";
    public const string CSeq = "CSeq";
    public const string Date = "Date";
    public const string Event = "Event";
    public const string Expires = "Expires";
    public const string From = "From";
    public const string Identity = "Identity";
    public const string MaxForwards = "Max-Forwards";
    public const string MinExpires = "Min-Expires";
    public const string ProxyAuthenticate = "Proxy-Authenticate";
    public const string ProxyAuthorization = "Proxy-Authorization";
    public const string ProxyRequire = "Proxy-Require";
    public const string RecordRoute = "Record-Route";
    public const string ReferTo = "Refer-To";
    public const string ReferredBy = "Referred-By";
    public const string Require = "Require";
    public const string RetryAfter = "Retry-After";
    public const string Route = "Route";
    public const string Server = "Server";
    public const string SessionExpires = "Session-Expires";
    public const string Subject = "Subject";
    public const string Supported = "Supported";
    public const string Timestamp = "Timestamp";
    public const string To = "To";
    public const string Unsupported = "Unsupported";
    public const string UserAgent = "User-Agent";
    public const string Via = "Via";
    public const string Warning = "Warning";
    public const string WwwAuthenticate = "WWW-Authenticate";
#pragma warning restore CS1591

    // §7.3.3 and §20; o, u, r, b, x, y from RFC 6665, 3515, 3892, 4028, 8224.
    private static readonly Dictionary<string, string> Compact = new(StringComparer.OrdinalIgnoreCase)
    {
        ["c"] = ContentType, ["e"] = ContentEncoding, ["f"] = From, ["i"] = CallId, ["k"] = Supported,
        ["l"] = ContentLength, ["m"] = Contact, ["s"] = Subject, ["t"] = To, ["v"] = Via,
        ["o"] = Event, ["u"] = AllowEvents, ["r"] = ReferTo, ["b"] = ReferredBy, ["x"] = SessionExpires, ["y"] = Identity,
    };

    private static readonly Dictionary<string, string> Canonical = new[]
    {
        Accept, AcceptEncoding, AcceptLanguage, Allow, AllowEvents, Authorization, CallId, Contact, ContentDisposition,
        ContentEncoding, ContentLanguage, ContentLength, ContentType, CSeq, Date, Event, Expires, From, Identity, MaxForwards,
        MinExpires, ProxyAuthenticate, ProxyAuthorization, ProxyRequire, RecordRoute, ReferTo, ReferredBy, Require, RetryAfter,
        Route, Server, SessionExpires, Subject, Supported, Timestamp, To, Unsupported, UserAgent, Via, Warning, WwwAuthenticate,
        "Alert-Info", "Call-Info", "Error-Info", "In-Reply-To", "MIME-Version", "Organization", "Priority", "Reply-To",
        "Authentication-Info", "RSeq", "RAck", "Subscription-State", "Content-Transfer-Encoding",
    }.ToDictionary(n => n, StringComparer.OrdinalIgnoreCase);

    // Headers whose grammar is #(element): a line of comma-separated values means several headers (§7.3.1).
    // Not here: headers whose single value holds commas (WWW-Authenticate, Authorization, Date, Retry-After's comment,
    // Subject and other free text), which §7.3.1 says must stay whole.
    private static readonly HashSet<string> Lists = new(StringComparer.OrdinalIgnoreCase)
    {
        Accept, AcceptEncoding, AcceptLanguage, Allow, AllowEvents, Contact, ContentEncoding, ContentLanguage, ProxyRequire,
        RecordRoute, Require, Route, Supported, Unsupported, Via, Warning, "Alert-Info", "Call-Info", "Error-Info", "In-Reply-To",
    };

    // Headers a message may carry once (§20's tables, and RFC 4475 §3.3.8 / §3.3.9 reject duplicates).
    private static readonly HashSet<string> Singles = new(StringComparer.OrdinalIgnoreCase)
    {
        CallId, ContentLength, ContentType, CSeq, Date, Expires, From, MaxForwards, To, MinExpires,
    };

    /// <summary>The full, canonically spelled name of <paramref name="name"/>: compact forms expanded, known names re-cased.</summary>
    public static string Normalize(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return Compact.TryGetValue(name, out var full) ? full : Canonical.TryGetValue(name, out var known) ? known : name;
    }

    /// <summary>True for a header whose comma-separated values are separate header values (§7.3.1).</summary>
    public static bool IsList(string name) => Lists.Contains(name);

    /// <summary>True for a header that may appear at most once.</summary>
    public static bool IsSingle(string name) => Singles.Contains(name);
}
