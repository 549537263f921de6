using System.Globalization;
using System.Net;
using System.Text;

namespace Peerlink.Nat.Ice;

//  The SDP candidate attribute (RFC 8839 §5.1, ABNF):
//
//  candidate-attribute = "candidate" ":" foundation SP component-id SP transport SP priority SP
//                        connection-address SP port SP cand-type [SP rel-addr] [SP rel-port]
//                        *(SP cand-extension)
//  foundation          = 1*32ice-char            ice-char = ALPHA / DIGIT / "+" / "/"
//  component-id        = 1*3DIGIT                (1-256)
//  transport           = "UDP" / transport-extension
//  priority            = 1*10DIGIT               (1 to 2^31 - 1)
//  cand-type           = "typ" SP ("host" / "srflx" / "prflx" / "relay" / token)
//  rel-addr            = "raddr" SP connection-address
//  rel-port            = "rport" SP port
//  cand-extension      = extension-att-name SP extension-att-value
//
//  Example: a=candidate:1 1 UDP 2130706431 10.0.1.1 8998 typ host

public sealed partial record IceCandidate
{
    private const int MaxLineLength = 1024;

    /// <summary>
    /// Reads a candidate attribute, with or without the leading <c>a=</c> (RFC 8839 §5.1). Never throws:
    /// false and a reason for a line that is malformed, not UDP, or whose address is not an IP literal
    /// (an mDNS name, say). Extension attributes are skipped.
    /// </summary>
    public static bool TryParse(string? line, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out IceCandidate? candidate, out string? reason)
    {
        candidate = null;
        if (line is null)
        {
            reason = "no line";
            return false;
        }

        // Untrusted input from a peer: bound the work before splitting.
        if (line.Length > MaxLineLength)
        {
            reason = $"{line.Length} characters: longer than {MaxLineLength}";
            return false;
        }

        var text = line.Trim();
        if (text.StartsWith("a=", StringComparison.Ordinal))
        {
            text = text[2..];
        }

        if (!text.StartsWith("candidate:", StringComparison.OrdinalIgnoreCase))
        {
            reason = "does not start with \"candidate:\"";
            return false;
        }

        var f = text["candidate:".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (f.Length < 8)
        {
            reason = $"{f.Length} fields; a candidate has at least 8";
            return false;
        }

        reason = CheckFields(f, out var component, out var priority, out var address, out var port, out var type);
        if (reason is not null)
        {
            return false;
        }

        IPAddress? relatedAddress = null;
        int? relatedPort = null;
        for (var i = 8; i < f.Length; i += 2)
        {
            if (i + 1 >= f.Length)
            {
                reason = $"\"{f[i]}\" has no value";
                return false;
            }

            if (f[i] == "raddr")
            {
                if (!IPAddress.TryParse(f[i + 1], out var ra))
                {
                    reason = $"raddr \"{f[i + 1]}\" is not an IP address";
                    return false;
                }

                relatedAddress = ra;
            }
            else if (f[i] == "rport")
            {
                if (!TryPort(f[i + 1], out var rp))
                {
                    reason = $"rport \"{f[i + 1]}\" is not a port";
                    return false;
                }

                relatedPort = rp;
            }
        }

        candidate = new IceCandidate(f[0], component, Udp, priority, address!, port, type, relatedAddress, relatedPort);
        return true;
    }

    /// <summary>The attribute's value, <c>candidate:...</c>, without the <c>a=</c> (RFC 8839 §5.1).</summary>
    public string ToAttribute()
    {
        var s = new StringBuilder();
        s.Append(CultureInfo.InvariantCulture, $"candidate:{Foundation} {Component} {Transport} {Priority} {Address} {Port} typ {TypeName(Type)}");
        if (RelatedAddress is not null)
        {
            s.Append(CultureInfo.InvariantCulture, $" raddr {RelatedAddress}");
        }

        if (RelatedPort is not null)
        {
            s.Append(CultureInfo.InvariantCulture, $" rport {RelatedPort}");
        }

        return s.ToString();
    }

    /// <summary>The SDP name of a candidate type: host, srflx, prflx or relay.</summary>
    public static string TypeName(IceCandidateType type) => type switch
    {
        IceCandidateType.Host => "host",
        IceCandidateType.ServerReflexive => "srflx",
        IceCandidateType.PeerReflexive => "prflx",
        IceCandidateType.Relayed => "relay",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "not a candidate type"),
    };

    private static string? CheckFields(string[] f, out int component, out uint priority, out IPAddress? address, out int port, out IceCandidateType type)
    {
        component = 0;
        priority = 0;
        address = null;
        port = 0;
        type = IceCandidateType.Host;
        if (f[0].Length is < 1 or > 32 || !f[0].All(IsIceChar))
        {
            return $"foundation \"{f[0]}\" is not 1 to 32 ice-chars";
        }

        if (!int.TryParse(f[1], NumberStyles.None, CultureInfo.InvariantCulture, out component) || component is < 1 or > 256)
        {
            return $"component \"{f[1]}\" is not 1 to 256";
        }

        if (!f[2].Equals(Udp, StringComparison.OrdinalIgnoreCase))
        {
            return $"transport \"{f[2]}\" is not UDP";
        }

        if (!uint.TryParse(f[3], NumberStyles.None, CultureInfo.InvariantCulture, out priority) || priority is < 1 or > int.MaxValue)
        {
            return $"priority \"{f[3]}\" is not 1 to 2^31 - 1";
        }

        if (!IPAddress.TryParse(f[4], out address))
        {
            return $"connection address \"{f[4]}\" is not an IP address";
        }

        if (!TryPort(f[5], out port))
        {
            return $"port \"{f[5]}\" is not 0 to 65535";
        }

        if (f[6] != "typ")
        {
            return $"\"{f[6]}\" where \"typ\" belongs";
        }

        IceCandidateType? parsed = f[7] switch
        {
            "host" => IceCandidateType.Host,
            "srflx" => IceCandidateType.ServerReflexive,
            "prflx" => IceCandidateType.PeerReflexive,
            "relay" => IceCandidateType.Relayed,
            _ => null,
        };
        if (parsed is not { } t)
        {
            return $"candidate type \"{f[7]}\" is unknown";
        }

        type = t;
        return null;
    }

    private static bool TryPort(string text, out int port) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out port) && port <= 65535;

    private static bool IsIceChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '+' or '/';
}
