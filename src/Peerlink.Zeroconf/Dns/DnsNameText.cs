using System.Buffers;
using System.Globalization;
using System.Text;

namespace Peerlink.Zeroconf.Dns;

/// <summary>
/// The presentation form of names. Labels are joined with dots; inside a label a dot is written "\."
/// and a backslash "\\" (RFC 6763 §4.3, so "My.Printer" stays one label); a byte that is a control
/// character, or not part of valid UTF-8, is written "\DDD" in decimal (RFC 1035 §5.1). Everything else
/// is the label's UTF-8 as text. So Parse(Format(name)) gives the same bytes for any label.
/// </summary>
internal static class DnsNameText
{
    public static string Format(DnsName name)
    {
        if (name.IsRoot)
        {
            return ".";
        }

        var text = new StringBuilder(name.WireLength);
        for (var i = 0; i < name.LabelCount; i++)
        {
            if (i > 0)
            {
                text.Append('.');
            }

            AppendLabel(text, name.GetLabel(i));
        }

        return text.ToString();
    }

    private static void AppendLabel(StringBuilder text, ReadOnlySpan<byte> label)
    {
        var i = 0;
        while (i < label.Length)
        {
            var b = label[i];
            if (b is (byte)'.' or (byte)'\\')
            {
                text.Append('\\').Append((char)b);
                i++;
                continue;
            }

            var valid = Rune.DecodeFromUtf8(label[i..], out var rune, out var consumed) == OperationStatus.Done;
            if (valid && !Rune.IsControl(rune))
            {
                text.Append(rune.ToString());
                i += consumed;
                continue;
            }

            // A control character (C0, DEL, C1) or a byte that does not start valid UTF-8: escape each byte.
            var count = valid ? consumed : 1;
            for (var k = 0; k < count; k++)
            {
                text.Append('\\').Append(label[i + k].ToString("D3", CultureInfo.InvariantCulture));
            }

            i += count;
        }
    }

    public static bool TryParse(string text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out DnsName? name, out string? error)
    {
        name = null;
        error = null;
        if (text is "" or ".")
        {
            name = DnsName.Root;
            return true;
        }

        var builder = new DnsNameBuilder();
        Span<byte> label = stackalloc byte[DnsName.MaxLabelLength + 4];
        Span<byte> utf8 = stackalloc byte[4];
        var length = 0;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '.')
            {
                if (length == 0)
                {
                    error = $"empty label at character {i}";
                    return false;
                }

                builder.Add(label[..length]);
                length = 0;
                i++;
                continue;
            }

            int written;
            if (c == '\\')
            {
                if (IsThreeDigits(text, i + 1, out var value))
                {
                    if (value > 255)
                    {
                        error = $"escape \\{text.Substring(i + 1, 3)} at character {i} is over 255";
                        return false;
                    }

                    utf8[0] = (byte)value;
                    written = 1;
                    i += 4;
                }
                else if (i + 1 < text.Length)
                {
                    if (!TryEncodeRune(text, i + 1, utf8, out written, out var chars))
                    {
                        error = $"a lone surrogate at character {i + 1}";
                        return false;
                    }

                    i += 1 + chars;
                }
                else
                {
                    error = "a backslash ends the text";
                    return false;
                }
            }
            else
            {
                if (!TryEncodeRune(text, i, utf8, out written, out var chars))
                {
                    error = $"a lone surrogate at character {i}";
                    return false;
                }

                i += chars;
            }

            if (length + written > DnsName.MaxLabelLength)
            {
                error = $"a label is over {DnsName.MaxLabelLength} bytes (before character {i})";
                return false;
            }

            utf8[..written].CopyTo(label[length..]);
            length += written;
        }

        // A final dot ends the last label; anything else left over is the last label.
        if (length > 0)
        {
            builder.Add(label[..length]);
        }

        name = builder.ToName();
        error = builder.Error;
        return name is not null;
    }

    private static bool IsThreeDigits(string text, int at, out int value)
    {
        value = 0;
        if (at + 3 > text.Length)
        {
            return false;
        }

        for (var k = 0; k < 3; k++)
        {
            if (!char.IsAsciiDigit(text[at + k]))
            {
                return false;
            }

            value = (value * 10) + (text[at + k] - '0');
        }

        return true;
    }

    private static bool TryEncodeRune(string text, int at, Span<byte> utf8, out int written, out int chars)
    {
        written = 0;
        if (Rune.DecodeFromUtf16(text.AsSpan(at), out var rune, out chars) != OperationStatus.Done)
        {
            return false;
        }

        written = rune.EncodeToUtf8(utf8);
        return true;
    }
}
