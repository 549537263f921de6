using System.Text;
using System.Text.Unicode;

namespace Peerlink.Z2z.Records;

/// <summary>
/// The rules a record's text fields follow, checked on their UTF-8 bytes so that the encoder (which
/// refuses) and the decoder (which drops) apply exactly the same ones. Each returns null when the
/// field is fine and otherwise says what is wrong.
/// </summary>
internal static class RecordFields
{
    /// <summary>A DNS label's limit (RFC 1035 §2.3.4), which bounds the service and instance labels.</summary>
    public const int MaxLabelLength = 63;

    /// <summary>The host name's length octet.</summary>
    public const int MaxHostNameLength = byte.MaxValue;

    /// <summary>
    /// "_service._tcp" or "_service._udp" (RFC 6763 §7): two labels, the first an underscore and 1 to 62
    /// letters, digits or hyphens (RFC 6335 §5.1 asks for at most 15, but longer ones are seen on real
    /// links, so only the DNS label limit is held), the second the protocol. Subtypes and domains are
    /// not part of an exported type: the importer adds its own ".local".
    /// </summary>
    public static string? ServiceTypeProblem(ReadOnlySpan<byte> type)
    {
        var dot = type.IndexOf((byte)'.');
        if (dot < 0)
        {
            return "the service type has no '.': it is \"_service._tcp\" or \"_service._udp\"";
        }

        var service = type[..dot];
        var protocol = type[(dot + 1)..];
        if (service.Length is < 2 or > MaxLabelLength || service[0] != (byte)'_')
        {
            return $"the service label is '_' and 1 to {MaxLabelLength - 1} characters, not {service.Length} byte(s)";
        }

        foreach (var b in service[1..])
        {
            if (!char.IsAsciiLetterOrDigit((char)b) && b != (byte)'-')
            {
                return "the service label has a character other than a letter, digit or '-' (RFC 6335 §5.1)";
            }
        }

        return Ascii.EqualsIgnoreCase(protocol, "_tcp"u8) || Ascii.EqualsIgnoreCase(protocol, "_udp"u8)
            ? null
            : "the protocol label is not _tcp or _udp (RFC 6763 §7)";
    }

    /// <summary>Any UTF-8 of 1 to 63 bytes without ASCII control characters (RFC 6763 §4.1.1).</summary>
    public static string? InstanceNameProblem(ReadOnlySpan<byte> name) =>
        name.Length is < 1 or > MaxLabelLength
            ? $"the instance name is 1 to {MaxLabelLength} bytes of UTF-8, not {name.Length}"
            : TextProblem(name, "instance name");

    /// <summary>0 to 255 bytes of UTF-8 without control characters: shown, never resolved (the importer makes its own host name).</summary>
    public static string? HostNameProblem(ReadOnlySpan<byte> name) =>
        name.Length > MaxHostNameLength
            ? $"the host name is at most {MaxHostNameLength} bytes, not {name.Length}"
            : TextProblem(name, "host name");

    /// <summary>
    /// The UTF-8 form of a string, or null with a problem when it has a lone surrogate (which UTF-8
    /// cannot carry: an encoder that substituted U+FFFD would make a record that decodes to another
    /// string) or is longer than <paramref name="maxBytes"/>.
    /// </summary>
    public static byte[]? ToUtf8(string text, int maxBytes, string field, out string? problem)
    {
        // Every UTF-16 unit takes at least one UTF-8 byte, so a long string is refused before it is encoded.
        if (text.Length > maxBytes)
        {
            problem = $"the {field} is over {maxBytes} bytes of UTF-8";
            return null;
        }

        var bytes = new byte[Encoding.UTF8.GetByteCount(text)];
        if (Utf8.FromUtf16(text, bytes, out _, out var written, replaceInvalidSequences: false) != System.Buffers.OperationStatus.Done || written != bytes.Length)
        {
            problem = $"the {field} is not valid Unicode (a lone surrogate)";
            return null;
        }

        if (bytes.Length > maxBytes)
        {
            problem = $"the {field} is {bytes.Length} bytes of UTF-8; the limit is {maxBytes}";
            return null;
        }

        problem = null;
        return bytes;
    }

    private static string? TextProblem(ReadOnlySpan<byte> text, string field)
    {
        if (!Utf8.IsValid(text))
        {
            return $"the {field} is not valid UTF-8";
        }

        foreach (var b in text)
        {
            if (b is < 0x20 or 0x7F)
            {
                return $"the {field} has an ASCII control character (0x{b:X2})";
            }
        }

        return null;
    }
}
