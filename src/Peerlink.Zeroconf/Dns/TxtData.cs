using System.Text;
using Peerlink.Core;

namespace Peerlink.Zeroconf.Dns;

//  TXT RDATA (RFC 1035 §3.3.14): one or more character-strings, each a length octet and that many bytes.
//
//    +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
//    | length  |  bytes ...  | length  |  bytes ... /
//    +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
//
//  DNS-SD puts one attribute in each string: "key=value", or "key" alone for a boolean (RFC 6763 §6.3-§6.4).

/// <summary>
/// A TXT record: a list of byte strings of at most 255 bytes each. There is always at least one: an
/// empty TXT record is a single empty string, one zero byte on the wire (RFC 6763 §6.1), and a
/// received RDLENGTH of 0 reads as that too. The key=value helpers follow RFC 6763 §6.4-§6.5.
/// </summary>
public sealed record TxtData : DnsRecordData
{
    /// <summary>Most bytes in one string: its length is one octet.</summary>
    public const int MaxStringLength = 255;

    /// <summary>Holds the strings as given; none given is one empty string.</summary>
    /// <exception cref="ArgumentException">A string is over 255 bytes.</exception>
    public TxtData(params IEnumerable<Bytes> strings)
    {
        ArgumentNullException.ThrowIfNull(strings);
        ValueList<Bytes> list = [.. strings];
        foreach (var s in list)
        {
            if (s.Length > MaxStringLength)
            {
                throw new ArgumentException($"a TXT string is at most {MaxStringLength} bytes, one is {s.Length}", nameof(strings));
            }
        }

        Strings = list.Count == 0 ? [Bytes.Empty] : list;
    }

    /// <summary>The empty TXT record that every DNS-SD instance without attributes has (RFC 6763 §6.1).</summary>
    public static TxtData Empty { get; } = new();

    /// <summary>The strings in order, at least one.</summary>
    public ValueList<Bytes> Strings { get; }

    /// <inheritdoc/>
    public override DnsRecordType Type => DnsRecordType.Txt;

    /// <summary>
    /// The attributes by the rules of RFC 6763 §6.4: the key is what comes before the first '=' (the
    /// whole string when there is none: a boolean attribute, value null); empty strings and strings
    /// starting with '=' are ignored; keys compare case-insensitively and the first occurrence wins.
    /// </summary>
    public IReadOnlyList<TxtEntry> Attributes
    {
        get
        {
            var attributes = new List<TxtEntry>();
            foreach (var s in Strings)
            {
                var span = s.Span;
                if (span.IsEmpty || span[0] == (byte)'=')
                {
                    continue;
                }

                var eq = span.IndexOf((byte)'=');
                var key = Encoding.UTF8.GetString(eq < 0 ? span : span[..eq]);
                if (attributes.Exists(a => string.Equals(a.Key, key, StringComparison.OrdinalIgnoreCase)))
                {
                    continue;
                }

                attributes.Add(new TxtEntry(key, eq < 0 ? null : Bytes.Copy(span[(eq + 1)..])));
            }

            return attributes;
        }
    }

    /// <summary>
    /// Builds "key=value" strings (UTF-8 values), or "key" alone where the value is null (a boolean
    /// attribute, RFC 6763 §6.4). An empty value gives "key=", which §6.4 distinguishes from "key".
    /// </summary>
    /// <exception cref="ArgumentException">A key is empty or not printable ASCII without '=', or a string is over 255 bytes.</exception>
    public static TxtData FromAttributes(params IEnumerable<(string Key, string? Value)> attributes)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        return new TxtData(attributes.Select(a => Attribute(a.Key, a.Value is null ? null : Bytes.FromUtf8(a.Value))));
    }

    /// <summary>One attribute string: "key=value" with the value's exact bytes, or "key" when it is null.</summary>
    /// <exception cref="ArgumentException">The key is empty or not printable ASCII without '=' (RFC 6763 §6.4), or the string is over 255 bytes.</exception>
    public static Bytes Attribute(string key, Bytes? value)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length == 0 || key.Any(c => c is < ' ' or > '~' or '='))
        {
            throw new ArgumentException($"TXT key \"{key}\" must be 1 or more printable ASCII characters other than '=' (RFC 6763 §6.4)", nameof(key));
        }

        var length = key.Length + (value is { } v ? 1 + v.Length : 0);
        if (length > MaxStringLength)
        {
            throw new ArgumentException($"attribute \"{key}\" is {length} bytes; a TXT string is at most {MaxStringLength}", nameof(value));
        }

        var bytes = new byte[length];
        Encoding.ASCII.GetBytes(key, bytes);
        if (value is { } val)
        {
            bytes[key.Length] = (byte)'=';
            val.Span.CopyTo(bytes.AsSpan(key.Length + 1));
        }

        return Bytes.Copy(bytes);
    }

    /// <summary>
    /// Looks up a key (case-insensitively). True when present; <paramref name="value"/> is then null for
    /// a boolean attribute ("key" alone) and the bytes after '=' otherwise.
    /// </summary>
    public bool TryGetValue(string key, out Bytes? value)
    {
        foreach (var a in Attributes)
        {
            if (string.Equals(a.Key, key, StringComparison.OrdinalIgnoreCase))
            {
                value = a.Value;
                return true;
            }
        }

        value = null;
        return false;
    }

    internal override void Write(ref DnsWriter writer)
    {
        foreach (var s in Strings)
        {
            writer.WriteByte((byte)s.Length);
            writer.WriteBytes(s.Span);
        }
    }

    internal static TxtData ReadData(ref DnsReader reader)
    {
        var strings = new List<Bytes>();
        while (reader.Remaining > 0)
        {
            var length = reader.ReadByte();
            strings.Add(Bytes.Copy(reader.ReadSpan(length)));
        }

        return new TxtData(strings);
    }
}
