using System.Globalization;
using Peerlink.Core;

namespace Peerlink.Sip.Sdp;

/// <summary>
/// An m= section (RFC 4566 §5.14): <c>m=&lt;media&gt; &lt;port&gt;[/&lt;count&gt;] &lt;proto&gt; &lt;fmt&gt; ...</c> and
/// its own c=, a= and other lines. For RTP/AVP the formats are RTP payload types (RFC 3551).
/// </summary>
public sealed record SdpMedia
{
    /// <summary>The media type: audio, video, text, application, message.</summary>
    public required string MediaType { get; init; }

    /// <summary>The transport port; 0 rejects or removes the stream (RFC 3264 §6, §8.2).</summary>
    public int Port { get; init; }

    /// <summary>The number of ports after '/', or null.</summary>
    public int? PortCount { get; init; }

    /// <summary>The transport protocol: RTP/AVP for us.</summary>
    public string Protocol { get; init; } = SdpCodec.RtpAvp;

    /// <summary>The formats in order of preference (§5.14: the first is the preferred one).</summary>
    public ValueList<string> Formats { get; init; }

    /// <summary>c= for this stream, or null for the session's.</summary>
    public SdpConnection? Connection { get; init; }

    /// <summary>a= lines in order.</summary>
    public ValueList<SdpAttributeLine> Attributes { get; init; }

    /// <summary>Other lines (i, b, k), in order.</summary>
    public ValueList<SdpLine> OtherLines { get; init; }

    /// <summary>The first value of attribute <paramref name="name"/>, or null (also null for a property attribute).</summary>
    public string? Attribute(string name) => Attributes.FirstOrDefault(a => a.Name.Equals(name, StringComparison.OrdinalIgnoreCase)).Value;

    /// <summary>True when attribute <paramref name="name"/> is there, with a value or without.</summary>
    public bool HasAttribute(string name) => Attributes.Any(a => a.Name.Equals(name, StringComparison.OrdinalIgnoreCase));

    /// <summary>a=ptime in milliseconds, or null.</summary>
    public int? Ptime => Attribute("ptime") is { } v && int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var p) ? p : null;

    /// <summary>The stream's direction (sendrecv when the description says none, RFC 3264 §5.1).</summary>
    public SdpDirection Direction => HasAttribute("sendonly") ? SdpDirection.SendOnly
        : HasAttribute("recvonly") ? SdpDirection.ReceiveOnly
        : HasAttribute("inactive") ? SdpDirection.Inactive
        : SdpDirection.SendReceive;

    /// <summary>
    /// The codec format <paramref name="format"/> names: its a=rtpmap (and a=fmtp) when there is one, else the
    /// static payload type of RFC 3551 §6 (0 PCMU, 8 PCMA, ...); null for a dynamic type without an rtpmap.
    /// </summary>
    public SdpCodec? Codec(string format)
    {
        if (!int.TryParse(format, NumberStyles.None, CultureInfo.InvariantCulture, out var pt) || pt > 127)
        {
            return null;
        }

        var fmtp = Attributes.Where(a => a.Name.Equals("fmtp", StringComparison.OrdinalIgnoreCase) && a.Value is not null)
            .Select(a => a.Value!.Split(' ', 2)).FirstOrDefault(p => p[0] == format) is { Length: 2 } f ? f[1] : null;
        foreach (var a in Attributes)
        {
            if (a.Name.Equals("rtpmap", StringComparison.OrdinalIgnoreCase) && a.Value is not null
                && SdpCodec.TryParseRtpMap(a.Value, out var codec) && codec.PayloadType == pt)
            {
                return codec with { Fmtp = fmtp };
            }
        }

        return SdpCodec.Static(pt) is { } known ? known with { Fmtp = fmtp } : null;
    }

    /// <summary>The codecs of every format that names one, in the m= line's order.</summary>
    public IReadOnlyList<SdpCodec> Codecs => [.. Formats.Select(Codec).OfType<SdpCodec>()];
}

/// <summary>A stream's direction (RFC 4566 §6, RFC 3264 §5.1), from the describer's side.</summary>
public enum SdpDirection
{
    /// <summary>a=sendrecv, the default.</summary>
    SendReceive,

    /// <summary>a=sendonly.</summary>
    SendOnly,

    /// <summary>a=recvonly.</summary>
    ReceiveOnly,

    /// <summary>a=inactive.</summary>
    Inactive,
}
