using System.Buffers;
using System.Globalization;
using System.Text;

namespace Peerlink.Sip.Sdp;

/// <summary>Writes session descriptions in RFC 4566 §5's order, lines ending in CRLF.</summary>
public static class SdpWriter
{
    /// <summary>The description as text.</summary>
    /// <exception cref="ArgumentException">A value holds CR or LF (our bug: a peer's text never gets here unchecked).</exception>
    public static string Write(SdpSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        var b = new StringBuilder(512);
        Line(b, 'v', session.Version.ToString(CultureInfo.InvariantCulture));
        Line(b, 'o', session.Origin.ToString());
        Line(b, 's', session.SessionName);
        foreach (var l in session.OtherLines.Where(l => l.Type is 'i' or 'u' or 'e' or 'p'))
        {
            Line(b, l.Type, l.Value);
        }

        if (session.Connection is { } c)
        {
            Line(b, 'c', c.ToString());
        }

        foreach (var l in session.OtherLines.Where(l => l.Type == 'b'))
        {
            Line(b, 'b', l.Value);
        }

        foreach (var t in session.Timings)
        {
            Line(b, 't', FormattableString.Invariant($"{t.Start} {t.Stop}"));
        }

        foreach (var l in session.OtherLines.Where(l => l.Type is 'r' or 'z' or 'k'))
        {
            Line(b, l.Type, l.Value);
        }

        foreach (var a in session.Attributes)
        {
            Line(b, 'a', a.ToString());
        }

        foreach (var m in session.Media)
        {
            var port = m.Port.ToString(CultureInfo.InvariantCulture) + (m.PortCount is { } n ? "/" + n.ToString(CultureInfo.InvariantCulture) : string.Empty);
            Line(b, 'm', $"{m.MediaType} {port} {m.Protocol} {string.Join(' ', m.Formats)}");
            foreach (var l in m.OtherLines.Where(l => l.Type == 'i'))
            {
                Line(b, 'i', l.Value);
            }

            if (m.Connection is { } mc)
            {
                Line(b, 'c', mc.ToString());
            }

            foreach (var l in m.OtherLines.Where(l => l.Type is 'b' or 'k'))
            {
                Line(b, l.Type, l.Value);
            }

            foreach (var a in m.Attributes)
            {
                Line(b, 'a', a.ToString());
            }
        }

        return b.ToString();
    }

    /// <summary>Writes the description's UTF-8 bytes into <paramref name="writer"/>.</summary>
    /// <exception cref="ArgumentException">As <see cref="Write(SdpSession)"/>.</exception>
    public static void Write(SdpSession session, IBufferWriter<byte> writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var text = Write(session);
        var n = Encoding.UTF8.GetByteCount(text);
        Encoding.UTF8.GetBytes(text, writer.GetSpan(n));
        writer.Advance(n);
    }

    /// <summary>The description's UTF-8 bytes, ready for a SIP body.</summary>
    /// <exception cref="ArgumentException">As <see cref="Write(SdpSession)"/>.</exception>
    public static byte[] ToBytes(SdpSession session) => Encoding.UTF8.GetBytes(Write(session));

    private static void Line(StringBuilder b, char type, string value)
    {
        if (value.AsSpan().IndexOfAny('\r', '\n') >= 0)
        {
            throw new ArgumentException($"an SDP {type}= value with CR or LF", nameof(value));
        }

        b.Append(type).Append('=').Append(value).Append("\r\n");
    }
}
