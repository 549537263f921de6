using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace Peerlink.Sip.Sdp;

// The grammar we hold a peer's description to (RFC 4566 §5, §9):
//
//   session-description = proto-version origin-field session-name-field information-field uri-field
//                         email-fields phone-fields [connection-field] bandwidth-fields time-fields
//                         key-field attribute-fields media-descriptions
//   each line           = <type> "=" <value> CRLF       (§5: "SDP parsers SHOULD also accept LF alone")
//   proto-version       = %x76 "=" 1*DIGIT              (only 0)
//   origin-field        = %x6f "=" username SP sess-id SP sess-version SP nettype SP addrtype SP unicast-address
//   media-field         = %x6d "=" media SP port ["/" integer] SP proto 1*(SP fmt)
//
// §5: "v=", "o=", "s=" come first and in that order; t= at least once; c= at session level or in every m=.
// Unknown attribute names are kept (§5.13: ignored by whoever does not understand them); unknown line types are
// an error only before the first m= (§5: a parser MUST... we are strict about what the RFC fixes and lenient with
// the rest). Limits: 64 KiB and 1,000 lines, past which a description is refused (the SIP body is bounded already,
// this bounds the work a hostile SDP costs).

/// <summary>Reads session descriptions; never throws on a peer's text.</summary>
public static class SdpParser
{
    /// <summary>The most lines a description may have.</summary>
    public const int MaxLines = 1_000;

    /// <summary>The most bytes a description may have.</summary>
    public const int MaxBytes = 65_536;

    private const string SessionOther = "iuepbrzk";
    private const string MediaOther = "ibk";

    /// <summary>Reads a description from a SIP body.</summary>
    public static bool TryParse(ReadOnlySpan<byte> bytes, [NotNullWhen(true)] out SdpSession? session, out string? error)
    {
        session = null;
        if (bytes.Length > MaxBytes)
        {
            error = $"{bytes.Length} bytes: more than the {MaxBytes} a description may have";
            return false;
        }

        return TryParse(Encoding.UTF8.GetString(bytes), out session, out error);
    }

    /// <summary>Reads a description from text.</summary>
    public static bool TryParse(string text, [NotNullWhen(true)] out SdpSession? session, out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        session = null;
        var lines = text.Split('\n');
        var count = lines.Length;
        if (count > 0 && lines[^1].Length == 0)
        {
            count--;
        }

        if (count > MaxLines)
        {
            error = $"more than {MaxLines} lines";
            return false;
        }

        int? version = null;
        SdpOrigin? origin = null;
        string? name = null;
        SdpConnection? connection = null;
        var timings = new List<SdpTiming>();
        var attributes = new List<SdpAttributeLine>();
        var other = new List<SdpLine>();
        var media = new List<SdpMedia>();
        MediaBuilder? current = null;
        for (var i = 0; i < count; i++)
        {
            var line = lines[i].EndsWith('\r') ? lines[i][..^1] : lines[i];
            var number = i + 1;
            if (line.AsSpan().IndexOfAny('\r', '\0') >= 0)
            {
                // §9: a value is a byte-string, which excludes NUL, CR and LF; a lone CR is no line end.
                error = $"line {number} holds a CR or NUL inside it";
                return false;
            }

            if (line.Length < 2 || line[1] != '=' || line[0] is < 'a' or > 'z')
            {
                error = $"line {number} is not <type>=<value>";
                return false;
            }

            var type = line[0];
            var value = line[2..];
            if (i < 3 && type != "vos"[i])
            {
                error = $"line {number} is {type}=; §5 wants v=, o= and s= first";
                return false;
            }

            switch (type)
            {
                case 'v':
                    if (version is not null || value != "0")
                    {
                        error = $"v={value}: only version 0 exists";
                        return false;
                    }

                    version = 0;
                    break;
                case 'o':
                    var o = value.Split(' ');
                    if (origin is not null || o.Length != 6 || !ulong.TryParse(o[1], NumberStyles.None, CultureInfo.InvariantCulture, out var id)
                        || !ulong.TryParse(o[2], NumberStyles.None, CultureInfo.InvariantCulture, out var ver) || o.Any(p => p.Length == 0))
                    {
                        error = $"o={value}: not <username> <sess-id> <sess-version> <nettype> <addrtype> <address>";
                        return false;
                    }

                    origin = new SdpOrigin(o[0], id, ver, o[3], o[4], o[5]);
                    break;
                case 's':
                    if (name is not null)
                    {
                        error = "a second s= line";
                        return false;
                    }

                    // §5.3: s= must not be empty; RFC 3264 §5 says "-" then. Be liberal: an empty name is read as given.
                    name = value;
                    break;
                case 'c':
                    if (!TryConnection(value, out var c))
                    {
                        error = $"c={value}: not <nettype> <addrtype> <address>";
                        return false;
                    }

                    if (current is not null)
                    {
                        current.Connection = c;
                    }
                    else
                    {
                        connection = c;
                    }

                    break;
                case 't':
                    var t = value.Split(' ');
                    if (current is not null || t.Length != 2 || !ulong.TryParse(t[0], NumberStyles.None, CultureInfo.InvariantCulture, out var start)
                        || !ulong.TryParse(t[1], NumberStyles.None, CultureInfo.InvariantCulture, out var stop))
                    {
                        error = $"t={value}: not <start> <stop> at session level";
                        return false;
                    }

                    timings.Add(new SdpTiming(start, stop));
                    break;
                case 'm':
                    if (current is not null)
                    {
                        media.Add(current.Build());
                    }

                    if (!TryMediaLine(value, out current))
                    {
                        error = $"m={value}: not <media> <port>[/<count>] <proto> <fmt> ...";
                        return false;
                    }

                    break;
                case 'a':
                    var colon = value.IndexOf(':', StringComparison.Ordinal);
                    var attribute = colon < 0 ? new SdpAttributeLine(value, null) : new SdpAttributeLine(value[..colon], value[(colon + 1)..]);
                    if (attribute.Name.Length == 0)
                    {
                        error = $"line {number}: an attribute without a name";
                        return false;
                    }

                    (current?.Attributes ?? attributes).Add(attribute);
                    break;
                default:
                    if (current is null ? !SessionOther.Contains(type, StringComparison.Ordinal) : !MediaOther.Contains(type, StringComparison.Ordinal))
                    {
                        error = $"line {number}: {type}= has no place {(current is null ? "at session level" : "in a media section")}";
                        return false;
                    }

                    (current?.Other ?? other).Add(new SdpLine(type, value));
                    break;
            }
        }

        if (current is not null)
        {
            media.Add(current.Build());
        }

        if (version is null || origin is null || name is null)
        {
            error = "no v=, o= and s= lines";
            return false;
        }

        if (timings.Count == 0)
        {
            error = "no t= line (§5.9)";
            return false;
        }

        if (connection is null && media.Any(m => m.Connection is null))
        {
            error = "no c= line for a stream, nor one at session level (§5.7)";
            return false;
        }

        session = new SdpSession
        {
            Version = 0,
            Origin = origin,
            SessionName = name,
            Connection = connection,
            Timings = [.. timings],
            Attributes = [.. attributes],
            OtherLines = [.. other],
            Media = [.. media],
        };
        error = null;
        return true;
    }

    private static bool TryConnection(string value, [NotNullWhen(true)] out SdpConnection? connection)
    {
        var parts = value.Split(' ');
        connection = parts.Length == 3 && parts.All(p => p.Length > 0) ? new SdpConnection(parts[0], parts[1], parts[2]) : null;
        return connection is not null;
    }

    private static bool TryMediaLine(string value, [NotNullWhen(true)] out MediaBuilder? media)
    {
        media = null;
        var parts = value.Split(' ');
        if (parts.Length < 4 || parts.Any(p => p.Length == 0))
        {
            return false;
        }

        var portParts = parts[1].Split('/');
        if (!int.TryParse(portParts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65_535 || portParts.Length > 2)
        {
            return false;
        }

        int? count = null;
        if (portParts.Length == 2)
        {
            if (!int.TryParse(portParts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            {
                return false;
            }

            count = n;
        }

        media = new MediaBuilder(parts[0], port, count, parts[2], parts[3..]);
        return true;
    }

    private sealed class MediaBuilder(string type, int port, int? count, string protocol, string[] formats)
    {
        public SdpConnection? Connection { get; set; }

        public List<SdpAttributeLine> Attributes { get; } = [];

        public List<SdpLine> Other { get; } = [];

        public SdpMedia Build() => new()
        {
            MediaType = type,
            Port = port,
            PortCount = count,
            Protocol = protocol,
            Formats = [.. formats],
            Connection = Connection,
            Attributes = [.. Attributes],
            OtherLines = [.. Other],
        };
    }
}
