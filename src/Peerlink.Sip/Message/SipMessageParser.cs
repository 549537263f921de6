using System.Globalization;
using System.Text;
using Peerlink.Core;

namespace Peerlink.Sip.Message;

// A SIP message on the wire (RFC 3261 §7, §25.1):
//
//   SIP-message    =  Request / Response
//   Request        =  Request-Line *( message-header ) CRLF [ message-body ]
//   Request-Line   =  Method SP Request-URI SP SIP-Version CRLF
//   Response       =  Status-Line *( message-header ) CRLF [ message-body ]
//   Status-Line    =  SIP-Version SP Status-Code SP Reason-Phrase CRLF
//   SIP-Version    =  "SIP" "/" 1*DIGIT "." 1*DIGIT
//   Status-Code    =  3DIGIT                         (100 to 699, §7.2)
//   message-header =  header-name HCOLON header-value CRLF     HCOLON = *( SP / HTAB ) ":" SWS
//   header-value   =  *(TEXT-UTF8char / UTF8-CONT / LWS)       LWS = [*WSP CRLF] 1*WSP  (a fold)
//
// What we do with it, in order: skip CRLFs before the start line (§7.5); find the blank line; unfold (a line that
// starts with SP or HTAB continues the one before, §7.3.1); expand compact names (§7.3.3); split the values of list
// headers at commas outside quotes and brackets (§7.3.1); check the grammar of every header we know (From, To,
// Contact, Route, Record-Route, Via, CSeq, Call-ID, Max-Forwards, Content-Length, Content-Type, Expires, Date) and
// that single headers are single; check the mandatory headers (§8.1.1) and the CSeq method (§8.1.1.5); frame the
// body by Content-Length (§18.3); and last, the Request-URI scheme (416, §8.2.2.1).
//
// The request line is read strictly: one SP between its three parts and none after (RFC 4475 §3.1.2.8-10 let us
// reject those, and rejecting keeps the Request-URI unambiguous). Text is UTF-8 (§7.3.1); bytes that are not valid
// UTF-8 become U+FFFD in header values and are never echoed back as they came.

/// <summary>
/// Reads SIP messages from bytes. Never throws on a peer's input: every outcome is a <see cref="SipParseResult"/>
/// with a reason and, for requests, the status a UAS should answer with.
/// </summary>
public static class SipMessageParser
{
    /// <summary>What a UA answers 501 to when the CSeq method does not match an unknown request method (RFC 4475 §3.1.2.18).</summary>
    public static IReadOnlySet<string> DefaultMethods { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        SipMethods.Invite, SipMethods.Ack, SipMethods.Bye, SipMethods.Cancel, SipMethods.Options, SipMethods.Register,
        SipMethods.Info, SipMethods.Update, SipMethods.Prack, SipMethods.Subscribe, SipMethods.Notify, SipMethods.Refer,
        SipMethods.Message,
    };

    private static readonly string[] RequestMandatory =
        [SipHeaderNames.To, SipHeaderNames.From, SipHeaderNames.CSeq, SipHeaderNames.CallId, SipHeaderNames.MaxForwards, SipHeaderNames.Via];

    private static readonly string[] ResponseMandatory =
        [SipHeaderNames.Via, SipHeaderNames.From, SipHeaderNames.To, SipHeaderNames.CallId, SipHeaderNames.CSeq];

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    /// <summary>
    /// Reads one message from <paramref name="bytes"/>. Over a <see cref="SipFraming.Stream"/>, the result may be
    /// Incomplete, and <see cref="SipParseResult.Consumed"/> says where the next message starts; after a rejection
    /// the stream's framing is lost and the connection should be closed.
    /// </summary>
    /// <param name="bytes">A datagram, or the bytes at the front of a stream.</param>
    /// <param name="framing">How they came (decides what Content-Length means, §18.3).</param>
    /// <param name="limits">Flood limits; <see cref="SipLimits.Default"/> when null.</param>
    /// <param name="methods">The methods the UA implements, for the 501-or-400 choice; <see cref="DefaultMethods"/> when null.</param>
    public static SipParseResult Parse(ReadOnlySpan<byte> bytes, SipFraming framing = SipFraming.Datagram, SipLimits? limits = null, IReadOnlySet<string>? methods = null)
    {
        limits ??= SipLimits.Default;
        methods ??= DefaultMethods;
        var skip = 0;
        while (skip + 1 < bytes.Length && bytes[skip] == '\r' && bytes[skip + 1] == '\n')
        {
            skip += 2;
        }

        if (framing == SipFraming.Datagram && bytes.Length > limits.MaxMessageBytes)
        {
            return SipParseResult.Drop($"{bytes.Length} bytes: more than the {limits.MaxMessageBytes} a message may have", bytes.Length);
        }

        var rest = bytes[skip..];
        var end = rest.IndexOf("\r\n\r\n"u8);
        if (end < 0)
        {
            if (rest.Length > limits.MaxHeaderBytes)
            {
                return SipParseResult.Drop($"no end of the header section in {limits.MaxHeaderBytes} bytes", bytes.Length);
            }

            return framing == SipFraming.Stream ? SipParseResult.More() : SipParseResult.Drop("no blank line ends the header section", bytes.Length);
        }

        if (end + 4 > limits.MaxHeaderBytes)
        {
            return SipParseResult.Drop($"a {end + 4}-byte header section: more than the {limits.MaxHeaderBytes} allowed", bytes.Length);
        }

        var verdict = new Verdict();
        var lines = new List<string>();
        var section = rest[..end];
        while (true)
        {
            var crlf = section.IndexOf("\r\n"u8);
            var line = crlf < 0 ? section : section[..crlf];
            if (line.Length > limits.MaxLineBytes)
            {
                return SipParseResult.Drop($"a {line.Length}-byte line: more than the {limits.MaxLineBytes} allowed", bytes.Length);
            }

            if (line.IndexOfAny((byte)'\r', (byte)'\n') >= 0)
            {
                verdict.Fail("a bare CR or LF inside a line", 400);
            }

            var text = Utf8.GetString(line);
            if (lines.Count > 0 && line.Length > 0 && line[0] is (byte)' ' or (byte)'\t')
            {
                if (lines.Count == 1)
                {
                    verdict.Fail("a folded line right after the start line", 400);
                }

                // §7.3.1: the fold's CRLF goes; its whitespace stays, so "a\r\n b" reads "a b".
                lines[^1] += text;
            }
            else
            {
                lines.Add(text);
            }

            if (lines.Count > limits.MaxHeaderLines + 1)
            {
                return SipParseResult.Drop($"more than {limits.MaxHeaderLines} header lines", bytes.Length);
            }

            if (crlf < 0)
            {
                break;
            }

            section = section[(crlf + 2)..];
        }

        var start = ReadStartLine(lines[0], verdict);
        var headers = ReadHeaders(lines, verdict);
        Validate(headers, start.IsResponse, verdict);
        var mandatory = start.IsResponse ? ResponseMandatory : RequestMandatory;
        foreach (var name in mandatory)
        {
            if (!headers.Exists(h => h.Name == name))
            {
                verdict.Fail($"no {name} header (§8.1.1)", 400);
            }
        }

        if (!start.IsResponse && headers.Find(h => h.Name == SipHeaderNames.CSeq).Value is { } cseqText
            && SipCSeq.TryParse(cseqText, out var cseq, out _) && cseq.Value.Method != start.Method)
        {
            // RFC 4475 §3.1.2.17: 400; §3.1.2.18: 501 when the request's method is one we do not know.
            verdict.Fail($"CSeq method {cseq.Value.Method} does not match the request's {start.Method}", methods.Contains(start.Method) ? 400 : 501);
        }

        // §18.3: Content-Length frames the body; on a stream it is mandatory.
        var bodyStart = skip + end + 4;
        var available = bytes.Length - bodyStart;
        var lengthText = headers.Find(h => h.Name == SipHeaderNames.ContentLength).Value;
        var length = available;
        var consumed = bytes.Length;
        if (lengthText is not null && SipGrammar.TryParseBounded(lengthText, int.MaxValue, out var declared))
        {
            length = (int)declared;
            if (framing == SipFraming.Stream)
            {
                if (length <= limits.MaxBodyBytes && length > available)
                {
                    return SipParseResult.More();
                }

                consumed = bodyStart + Math.Min(length, available);
            }
            else if (length > available)
            {
                // RFC 4475 §3.1.2.2: over UDP a Content-Length larger than what came is a 400.
                verdict.Fail($"Content-Length {length} but {available} bytes follow the headers", 400);
                length = available;
            }
        }
        else if (framing == SipFraming.Stream)
        {
            verdict.Fail("no Content-Length on a stream transport (§18.3)", 400);
            length = 0;
            consumed = bodyStart;
        }

        if (length > limits.MaxBodyBytes)
        {
            verdict.Fail($"a {length}-byte body: more than the {limits.MaxBodyBytes} allowed", 413);
            length = Math.Min(available, limits.MaxBodyBytes);
        }

        if (!start.IsResponse && start.UnsupportedScheme)
        {
            verdict.Fail($"Request-URI scheme of '{start.Uri}' is not sip or sips", 416);
        }

        headers.RemoveAll(h => h.Name == SipHeaderNames.ContentLength);
        var body = Bytes.Copy(bytes.Slice(bodyStart, Math.Min(length, available)));
        SipMessage message = start.IsResponse
            ? new SipResponse(start.Code, start.Reason) { Headers = [.. headers], Body = body }
            : new SipRequest(start.Method, start.Uri) { Headers = [.. headers], Body = body };
        if (verdict.Error is null)
        {
            return SipParseResult.Ok(message, consumed);
        }

        // A response in error is dropped (§18.1.2 leaves no one to tell); a request is answered when it can be.
        return new SipParseResult
        {
            Status = SipParseStatus.Rejected,
            Error = verdict.Error,
            StatusCode = start.IsResponse ? null : verdict.Status,
            Message = start.IsResponse || !Answerable(message) ? null : message,
            Consumed = consumed,
        };
    }

    /// <summary>A response needs the request's Via, From, To, Call-ID and CSeq (§8.2.6.2).</summary>
    private static bool Answerable(SipMessage m) =>
        m.Vias.Count > 0 && m.GetAll(SipHeaderNames.Via).Count == m.Vias.Count && m.From is not null && m.To is not null
        && m.CallId is not null && m.CSeq is not null && m.GetAll(SipHeaderNames.CSeq).Count == 1;

    private static StartLine ReadStartLine(string line, Verdict verdict)
    {
        if (line.StartsWith("SIP/", StringComparison.OrdinalIgnoreCase))
        {
            var parts = line.Split(' ', 3);
            var code = 0;
            if (!IsVersion(parts[0]))
            {
                verdict.Fail($"a status line with version '{parts[0]}'", null);
            }
            else if (!parts[0].Equals(SipMessage.Version, StringComparison.OrdinalIgnoreCase))
            {
                verdict.Fail($"SIP version {parts[0]}", null);
            }

            // RFC 4475 §3.1.2.19: a code that is not 3 digits in 100-699 is dropped.
            if (parts.Length < 2 || parts[1].Length != 3 || !SipGrammar.IsDigits(parts[1])
                || (code = int.Parse(parts[1], CultureInfo.InvariantCulture)) is < 100 or > 699)
            {
                verdict.Fail($"a status code that is not 100 to 699: '{(parts.Length > 1 ? parts[1] : string.Empty)}'", null);
            }

            // RFC 4475 §3.1.1.13: "SIP/2.0 100 " has an empty reason; without the SP we are liberal and accept it.
            return new StartLine(true, string.Empty, string.Empty, code, parts.Length > 2 ? parts[2] : string.Empty, false);
        }

        var words = line.Split(' ');
        var loose = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var method = loose.Length > 0 ? loose[0] : string.Empty;
        var uri = loose.Length > 1 ? loose[1] : string.Empty;
        if (words.Length != 3 || words.Any(w => w.Length == 0))
        {
            // RFC 4475 §3.1.2.8 (LWS in the URI), §3.1.2.9 (extra SP), §3.1.2.10 (trailing SP).
            verdict.Fail("a Request-Line that is not Method SP Request-URI SP SIP-Version", 400);
            return new StartLine(false, method, uri, 0, string.Empty, false);
        }

        if (!SipGrammar.IsToken(method))
        {
            verdict.Fail($"a method '{method}' that is not a token", 400);
        }

        if (!IsVersion(words[2]))
        {
            verdict.Fail($"a Request-Line with version '{words[2]}'", 400);
        }
        else if (!words[2].Equals(SipMessage.Version, StringComparison.OrdinalIgnoreCase))
        {
            // RFC 4475 §3.1.2.16.
            verdict.Fail($"SIP version {words[2]}", 505);
        }

        var unsupported = false;
        if (uri.StartsWith('<'))
        {
            // RFC 4475 §3.1.2.7.
            verdict.Fail("a Request-URI in angle brackets", 400);
        }
        else if (!SipNameAddress.IsUri(uri, out var uriError))
        {
            verdict.Fail($"a bad Request-URI: {uriError}", 400);
        }
        else if (SipUri.TryParse(uri, out var sipUri, out _))
        {
            if (sipUri.Headers.Count > 0)
            {
                // §19.1.5 forbids headers in a Request-URI; RFC 4475 §3.1.2.11.
                verdict.Fail("a Request-URI with headers (§19.1.5)", 400);
            }
        }
        else
        {
            unsupported = true;
        }

        return new StartLine(false, method, uri, 0, string.Empty, unsupported);
    }

    private static bool IsVersion(string s)
    {
        if (!s.StartsWith("SIP/", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var dot = s.IndexOf('.', 4);
        return dot > 4 && SipGrammar.IsDigits(s.AsSpan(4, dot - 4)) && SipGrammar.IsDigits(s.AsSpan(dot + 1));
    }

    private static List<SipHeader> ReadHeaders(List<string> lines, Verdict verdict)
    {
        var headers = new List<SipHeader>(lines.Count);
        for (var i = 1; i < lines.Count; i++)
        {
            var line = lines[i];
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                verdict.Fail($"a header line without ':': '{Shorten(line)}'", 400);
                continue;
            }

            var name = line.AsSpan(0, colon).TrimEnd(" \t").ToString();
            if (!SipGrammar.IsToken(name))
            {
                verdict.Fail($"a header name '{Shorten(name)}' that is not a token", 400);
                continue;
            }

            var full = SipHeaderNames.Normalize(name);
            var value = SipGrammar.TrimWhitespace(line.AsSpan(colon + 1)).ToString();
            if (value.Length > 0 && SipHeaderNames.IsList(full))
            {
                foreach (var part in SipGrammar.SplitCommas(value))
                {
                    if (part.Length == 0)
                    {
                        // RFC 4475 §3.1.2.1: "Via: SIP/2.0/UDP 192.0.2.15;;,;,,".
                        verdict.Fail($"an empty element in the comma-separated {full} header", 400);
                        continue;
                    }

                    headers.Add(new SipHeader(full, part));
                }
            }
            else
            {
                headers.Add(new SipHeader(full, value));
            }
        }

        return headers;
    }

    private static void Validate(List<SipHeader> headers, bool response, Verdict verdict)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (name, value) in headers)
        {
            seen[name] = seen.GetValueOrDefault(name) + 1;
            if (seen[name] == 2 && SipHeaderNames.IsSingle(name))
            {
                // RFC 4475 §3.3.8 (two To, From, Call-ID, CSeq, Max-Forwards), §3.3.9 (two Content-Length).
                verdict.Fail($"more than one {name} header", 400);
            }

            string? error = null;
            var ok = name switch
            {
                SipHeaderNames.Via => SipVia.TryParse(value, out _, out error),
                SipHeaderNames.From or SipHeaderNames.To or SipHeaderNames.Route or SipHeaderNames.RecordRoute
                    => SipNameAddress.TryParse(value, out _, out error),
                SipHeaderNames.Contact => value == "*" || SipNameAddress.TryParse(value, out _, out error),
                SipHeaderNames.CallId => IsCallId(value),
                SipHeaderNames.CSeq => SipCSeq.TryParse(value, out _, out error),
                SipHeaderNames.MaxForwards => SipGrammar.TryParseBounded(value, 255, out _),
                SipHeaderNames.ContentLength => SipGrammar.TryParseBounded(value, int.MaxValue, out _),
                SipHeaderNames.Expires => SipGrammar.TryParseBounded(value, uint.MaxValue, out _),
                SipHeaderNames.ContentType => SipMediaType.TryParse(value, out _, out error),

                // §20.17: rfc1123-date in GMT only; RFC 4475 §3.1.2.12 has "EST".
                SipHeaderNames.Date => DateTime.TryParseExact(value, "ddd, dd MMM yyyy HH:mm:ss 'GMT'", CultureInfo.InvariantCulture,
                    DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out _),
                _ => true,
            };
            if (!ok)
            {
                verdict.Fail($"a malformed {name} header '{Shorten(value)}'{(error is null ? string.Empty : ": " + error)}", response ? null : 400);
            }
        }
    }

    /// <summary>§25.1: <c>callid = word [ "@" word ]</c>.</summary>
    private static bool IsCallId(string value)
    {
        var at = value.IndexOf('@', StringComparison.Ordinal);
        return at < 0 ? SipGrammar.IsWord(value) : SipGrammar.IsWord(value.AsSpan(0, at)) && SipGrammar.IsWord(value.AsSpan(at + 1));
    }

    private static string Shorten(string s) => s.Length <= 60 ? s : s[..60] + "...";

    private readonly record struct StartLine(bool IsResponse, string Method, string Uri, int Code, string Reason, bool UnsupportedScheme);

    /// <summary>The first thing found wrong wins: its reason and status are what the result reports.</summary>
    private sealed class Verdict
    {
        public string? Error { get; private set; }

        public int? Status { get; private set; }

        public void Fail(string error, int? status)
        {
            if (Error is null)
            {
                Error = error;
                Status = status;
            }
        }
    }
}
