using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Peerlink.Sip.Sdp;

/// <summary>
/// An RTP payload format: <c>a=rtpmap:&lt;payload type&gt; &lt;encoding name&gt;/&lt;clock rate&gt;[/&lt;channels&gt;]</c>
/// (RFC 4566 §6) and its a=fmtp parameters.
/// </summary>
/// <param name="PayloadType">0 to 127; 96-127 are dynamic (RFC 3551 §6).</param>
/// <param name="Name">The encoding name (PCMU, PCMA, telephone-event, ...), case-insensitive.</param>
/// <param name="ClockRate">The RTP clock rate in Hz.</param>
/// <param name="Channels">Audio channels (1 unless the rtpmap says otherwise).</param>
/// <param name="Fmtp">The a=fmtp parameters, or null.</param>
public sealed record SdpCodec(int PayloadType, string Name, int ClockRate, int Channels = 1, string? Fmtp = null)
{
    /// <summary>The RTP audio/video profile (RFC 3551).</summary>
    public const string RtpAvp = "RTP/AVP";

    /// <summary>G.711 µ-law, static payload type 0 (RFC 3551 §4.5.14).</summary>
    public static SdpCodec Pcmu { get; } = new(0, "PCMU", 8000);

    /// <summary>G.711 A-law, static payload type 8.</summary>
    public static SdpCodec Pcma { get; } = new(8, "PCMA", 8000);

    /// <summary>DTMF events (RFC 4733 §7.1.1): dynamic, 101 by custom, events 0-16 (the 16 keys and flash).</summary>
    public static SdpCodec TelephoneEvent { get; } = new(101, "telephone-event", 8000, 1, "0-16");

    /// <summary>True for an encoding named <paramref name="name"/> at <paramref name="clockRate"/> Hz.</summary>
    public bool Is(string name, int clockRate) => Name.Equals(name, StringComparison.OrdinalIgnoreCase) && ClockRate == clockRate;

    /// <summary>The a=rtpmap value: <c>0 PCMU/8000</c>.</summary>
    public string RtpMap => PayloadType.ToString(CultureInfo.InvariantCulture) + " " + Name + "/" + ClockRate.ToString(CultureInfo.InvariantCulture)
        + (Channels == 1 ? string.Empty : "/" + Channels.ToString(CultureInfo.InvariantCulture));

    /// <summary>The static payload types of RFC 3551 §6 that we know by number alone.</summary>
    public static SdpCodec? Static(int payloadType) => payloadType switch
    {
        0 => Pcmu,
        3 => new SdpCodec(3, "GSM", 8000),
        4 => new SdpCodec(4, "G723", 8000),
        8 => Pcma,
        9 => new SdpCodec(9, "G722", 8000),
        18 => new SdpCodec(18, "G729", 8000),
        _ => null,
    };

    /// <summary>Reads an a=rtpmap value; false when it is not <c>pt name/rate[/channels]</c>.</summary>
    public static bool TryParseRtpMap(string value, [NotNullWhen(true)] out SdpCodec? codec)
    {
        ArgumentNullException.ThrowIfNull(value);
        codec = null;
        var parts = value.Split(' ', 2, StringSplitOptions.TrimEntries);
        if (parts.Length != 2 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var pt) || pt > 127)
        {
            return false;
        }

        var encoding = parts[1].Split('/');
        if (encoding.Length is < 2 or > 3 || encoding[0].Length == 0
            || !int.TryParse(encoding[1], NumberStyles.None, CultureInfo.InvariantCulture, out var rate) || rate == 0)
        {
            return false;
        }

        var channels = 1;
        if (encoding.Length == 3 && (!int.TryParse(encoding[2], NumberStyles.None, CultureInfo.InvariantCulture, out channels) || channels == 0))
        {
            return false;
        }

        codec = new SdpCodec(pt, encoding[0], rate, channels);
        return true;
    }
}
