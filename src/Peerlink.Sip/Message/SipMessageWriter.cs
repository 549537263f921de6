using System.Buffers;
using System.Globalization;
using System.Text;

namespace Peerlink.Sip.Message;

// What we write (RFC 3261 §7):
//
//   start-line CRLF
//   Name: value CRLF          one line per header value, full names (no compact forms), in the model's order
//   Content-Length: N CRLF    always, last, N = the body's length (§18.3 and §20.14: mandatory on streams)
//   CRLF
//   body
//
// The canonical form is what RFC 4475's liberal-in/conservative-out advice asks of a forwarder: no folds, no
// LWS around separators, no compact names. parse(write(m)) == m.

/// <summary>Writes SIP messages in canonical form.</summary>
public static class SipMessageWriter
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Writes <paramref name="message"/> into <paramref name="writer"/>.</summary>
    /// <exception cref="ArgumentException">
    /// Our own bug, never a peer's: a header name that is not a token, a value with CR or LF, a Content-Length header
    /// in the model (the writer owns it), a status code outside 100-699 or a method that is not a token.
    /// </exception>
    public static void Write(SipMessage message, IBufferWriter<byte> writer)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(writer);
        var b = new StringBuilder(256);
        switch (message)
        {
            case SipRequest r:
                if (!SipGrammar.IsToken(r.Method) || r.RequestUri.Length == 0 || r.RequestUri.AsSpan().IndexOfAny(" \t\r\n") >= 0)
                {
                    throw new ArgumentException($"bad request line '{r}'", nameof(message));
                }

                b.Append(r.Method).Append(' ').Append(r.RequestUri).Append(' ').Append(SipMessage.Version);
                break;
            case SipResponse s:
                if (s.StatusCode is < 100 or > 699 || s.ReasonPhrase.AsSpan().IndexOfAny('\r', '\n') >= 0)
                {
                    throw new ArgumentException($"bad status line '{s}'", nameof(message));
                }

                b.Append(SipMessage.Version).Append(' ').Append(s.StatusCode.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(s.ReasonPhrase);
                break;
            default:
                throw new ArgumentException("neither a request nor a response", nameof(message));
        }

        b.Append("\r\n");
        foreach (var (name, value) in message.Headers)
        {
            if (!SipGrammar.IsToken(name) || value is null || value.AsSpan().IndexOfAny('\r', '\n') >= 0)
            {
                throw new ArgumentException($"bad header '{name}'", nameof(message));
            }

            if (string.Equals(SipHeaderNames.Normalize(name), SipHeaderNames.ContentLength, StringComparison.OrdinalIgnoreCase))
            {
                throw new ArgumentException("Content-Length is written from the body; leave it out of the headers", nameof(message));
            }

            b.Append(SipHeaderNames.Normalize(name)).Append(": ").Append(value).Append("\r\n");
        }

        b.Append(SipHeaderNames.ContentLength).Append(": ").Append(message.Body.Length.ToString(CultureInfo.InvariantCulture)).Append("\r\n\r\n");
        var head = Utf8.GetByteCount(b.ToString());
        var span = writer.GetSpan(head + message.Body.Length);
        Utf8.GetBytes(b.ToString(), span);
        message.Body.Span.CopyTo(span[head..]);
        writer.Advance(head + message.Body.Length);
    }

    /// <summary>The message's bytes.</summary>
    /// <exception cref="ArgumentException">As <see cref="Write"/>.</exception>
    public static byte[] ToBytes(SipMessage message)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        Write(message, buffer);
        return buffer.WrittenSpan.ToArray();
    }
}
