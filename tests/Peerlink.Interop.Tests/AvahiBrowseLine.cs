using System.Globalization;
using System.Text;

namespace Peerlink.Interop.Tests;

/// <summary>
/// One line of `avahi-browse -p -k` output. Fields are separated by ';' and every byte of a name that is
/// not plain printable ASCII (and ';', '.', '\', space, parentheses, ...) is written as `\DDD`, three
/// decimal digits, so a UTF-8 name arrives as escaped bytes that must be joined before decoding:
/// <code>
/// +;IF;PROTO;NAME;TYPE;DOMAIN                                   (new instance, from its PTR)
/// =;IF;PROTO;NAME;TYPE;DOMAIN;HOST;ADDRESS;PORT;"txt" "txt"     (resolved: SRV, TXT and A)
/// -;IF;PROTO;NAME;TYPE;DOMAIN                                   (gone: goodbye or expiry)
/// </code>
/// </summary>
/// <param name="Kind">'+', '=' or '-'.</param>
/// <param name="Interface">The interface name (as seen in the daemon's namespace).</param>
/// <param name="Protocol">"IPv4" or "IPv6".</param>
/// <param name="Name">The instance name, unescaped.</param>
/// <param name="Type">The service type, e.g. "_http._tcp" (with -k; without it avahi prints a description).</param>
/// <param name="Domain">Usually "local".</param>
/// <param name="Host">The SRV target ('=' lines only).</param>
/// <param name="Address">The address the host resolved to ('=' lines only).</param>
/// <param name="Port">The SRV port ('=' lines only).</param>
/// <param name="Txt">The TXT strings, unescaped, in avahi's order ('=' lines only).</param>
/// <param name="Timestamp">When the line was read (a <see cref="System.Diagnostics.Stopwatch"/> timestamp), 0 if unknown.</param>
internal sealed record AvahiBrowseLine(
    char Kind,
    string Interface,
    string Protocol,
    string Name,
    string Type,
    string Domain,
    string? Host,
    string? Address,
    int? Port,
    IReadOnlyList<string> Txt,
    long Timestamp)
{
    /// <summary>Parses one line; null for anything that is not a browse event (errors, blank lines).</summary>
    public static AvahiBrowseLine? Parse(string line, long timestamp = 0)
    {
        ArgumentNullException.ThrowIfNull(line);
        var f = line.Split(';');
        if (f.Length < 6 || f[0] is not ("+" or "=" or "-"))
        {
            return null;
        }

        var kind = f[0][0];
        if (kind != '=')
        {
            return new AvahiBrowseLine(kind, f[1], f[2], Unescape(f[3]), Unescape(f[4]), Unescape(f[5]), null, null, null, [], timestamp);
        }

        if (f.Length < 10)
        {
            throw new FormatException($"a resolved avahi-browse line needs 10 fields: {line}");
        }

        // TXT strings may hold ';' only escaped, so the tail is everything after the ninth separator.
        var txt = string.Join(';', f[9..]);
        return new AvahiBrowseLine(
            kind, f[1], f[2], Unescape(f[3]), Unescape(f[4]), Unescape(f[5]),
            Unescape(f[6]), f[7], int.Parse(f[8], CultureInfo.InvariantCulture), SplitTxt(txt), timestamp);
    }

    /// <summary>Turns avahi's `\DDD` (a decimal byte) and `\c` escapes back into UTF-8 text.</summary>
    public static string Unescape(string escaped)
    {
        ArgumentNullException.ThrowIfNull(escaped);
        var bytes = new List<byte>(escaped.Length);
        var plain = Encoding.UTF8.GetBytes(escaped);
        for (var i = 0; i < plain.Length; i++)
        {
            if (plain[i] != (byte)'\\' || i + 1 >= plain.Length)
            {
                bytes.Add(plain[i]);
            }
            else if (i + 3 < plain.Length && IsDigit(plain[i + 1]) && IsDigit(plain[i + 2]) && IsDigit(plain[i + 3]))
            {
                bytes.Add((byte)(((plain[i + 1] - '0') * 100) + ((plain[i + 2] - '0') * 10) + (plain[i + 3] - '0')));
                i += 3;
            }
            else
            {
                bytes.Add(plain[++i]);
            }
        }

        return Encoding.UTF8.GetString([.. bytes]);
    }

    /// <summary>Splits `"a=1" "b=2"` into its strings, each unescaped.</summary>
    private static List<string> SplitTxt(string field)
    {
        List<string> strings = [];
        var i = 0;
        while (i < field.Length)
        {
            if (field[i] != '"')
            {
                i++;
                continue;
            }

            var start = ++i;
            while (i < field.Length && field[i] != '"')
            {
                i += field[i] == '\\' ? 2 : 1;
            }

            strings.Add(Unescape(field[start..Math.Min(i, field.Length)]));
            i++;
        }

        return strings;
    }

    private static bool IsDigit(byte b) => b is >= (byte)'0' and <= (byte)'9';
}
