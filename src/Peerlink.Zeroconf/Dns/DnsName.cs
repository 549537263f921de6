using System.Text;

namespace Peerlink.Zeroconf.Dns;

//  A name on the wire (RFC 1035 §3.1, §4.1.4): labels, each a length octet and that many bytes,
//  ended by the zero-length root label or by a compression pointer.
//
//    +--+--+--+--+--+--+--+--+
//    | 0  0|  length 1..63   |  then `length` bytes of the label
//    +--+--+--+--+--+--+--+--+
//    | 1  1|   offset (14 bits, with the next octet)  |  a pointer: the rest of the name is there
//    +--+--+--+--+--+--+--+--+
//    | 0  0  0  0  0  0  0  0|  the root label: end of the name
//    +--+--+--+--+--+--+--+--+
//
//  A DnsName holds the uncompressed wire form. Labels are bytes, not text split on dots: a DNS-SD
//  instance label may hold dots, spaces, parentheses and any UTF-8 (RFC 6763 §4.3), and it must come
//  back exactly as it was sent.

/// <summary>
/// A domain name as a sequence of labels of exact bytes (at most 63 each, at most 255 bytes in wire
/// form). Equality follows RFC 6762 §16: ASCII letters compare case-insensitively, every other byte
/// exactly. <see cref="ToString"/> gives the presentation form, with dots and backslashes inside labels
/// escaped (RFC 6763 §4.3), and <see cref="Parse"/> reads it back to the same bytes.
/// </summary>
public sealed class DnsName : IEquatable<DnsName>
{
    /// <summary>Most bytes in a name's uncompressed wire form, length octets and root label included (RFC 1035 §2.3.4).</summary>
    public const int MaxLength = 255;

    /// <summary>Most bytes in one label (RFC 1035 §2.3.4).</summary>
    public const int MaxLabelLength = 63;

    private readonly byte[] _wire;

    /// <summary>Wraps a wire form that the caller has checked: labels of 1 to 63 bytes, a root label last, at most 255 bytes.</summary>
    internal DnsName(byte[] wire, int labelCount)
    {
        _wire = wire;
        LabelCount = labelCount;
    }

    /// <summary>The root name ".", with no labels.</summary>
    public static DnsName Root { get; } = new([0], 0);

    /// <summary>Number of labels, not counting the root label.</summary>
    public int LabelCount { get; }

    /// <summary>Bytes of the uncompressed wire form, root label included (1 for the root).</summary>
    public int WireLength => _wire.Length;

    /// <summary>True for the root name.</summary>
    public bool IsRoot => LabelCount == 0;

    /// <summary>The name without its first label (the root's parent is the root).</summary>
    public DnsName Parent => IsRoot ? this : new DnsName(_wire[(_wire[0] + 1)..], LabelCount - 1);

    /// <summary>The labels as text, each decoded from UTF-8 (bytes that are not UTF-8 become U+FFFD; use <see cref="GetLabel"/> for the bytes).</summary>
    public IReadOnlyList<string> Labels
    {
        get
        {
            var labels = new string[LabelCount];
            for (var i = 0; i < labels.Length; i++)
            {
                labels[i] = Encoding.UTF8.GetString(GetLabel(i));
            }

            return labels;
        }
    }

    /// <summary>The uncompressed wire form.</summary>
    internal ReadOnlySpan<byte> Wire => _wire;

    /// <summary>A name from labels taken as they are (no escapes), each encoded as UTF-8.</summary>
    /// <exception cref="ArgumentException">A label is empty or over 63 bytes, or the name over 255 bytes.</exception>
    public static DnsName FromLabels(params IEnumerable<string> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var builder = new DnsNameBuilder();
        foreach (var label in labels)
        {
            ArgumentNullException.ThrowIfNull(label, nameof(labels));
            builder.Add(Encoding.UTF8.GetBytes(label));
        }

        return builder.ToName() ?? throw new ArgumentException(builder.Error, nameof(labels));
    }

    /// <summary>This name with <paramref name="label"/> (taken as it is, UTF-8) in front: an instance name under a service type.</summary>
    /// <exception cref="ArgumentException">The label is empty or over 63 bytes, or the name would be over 255 bytes.</exception>
    public DnsName Prepend(string label)
    {
        ArgumentNullException.ThrowIfNull(label);
        return Prepend(Encoding.UTF8.GetBytes(label));
    }

    /// <summary>This name with a label of exact bytes in front.</summary>
    /// <exception cref="ArgumentException">The label is empty or over 63 bytes, or the name would be over 255 bytes.</exception>
    public DnsName Prepend(ReadOnlySpan<byte> label)
    {
        if (label.IsEmpty || label.Length > MaxLabelLength)
        {
            throw new ArgumentException($"a label is 1 to {MaxLabelLength} bytes, this one is {label.Length}", nameof(label));
        }

        var length = 1 + label.Length + _wire.Length;
        if (length > MaxLength)
        {
            throw new ArgumentException($"the name would be {length} bytes in wire form; the limit is {MaxLength}", nameof(label));
        }

        var wire = new byte[length];
        wire[0] = (byte)label.Length;
        label.CopyTo(wire.AsSpan(1));
        _wire.CopyTo(wire.AsSpan(1 + label.Length));
        return new DnsName(wire, LabelCount + 1);
    }

    /// <summary>The bytes of label <paramref name="index"/> (0 is the leftmost).</summary>
    public ReadOnlySpan<byte> GetLabel(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, LabelCount);
        var at = 0;
        for (var i = 0; i < index; i++)
        {
            at += 1 + _wire[at];
        }

        return _wire.AsSpan(at + 1, _wire[at]);
    }

    /// <summary>True when this name is <paramref name="other"/> or below it (compared as <see cref="Equals(DnsName?)"/> does).</summary>
    public bool IsSubdomainOf(DnsName other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.LabelCount > LabelCount)
        {
            return false;
        }

        // Skip whole labels so a suffix match never starts inside a label ("xlocal" is not under "local").
        var at = 0;
        for (var i = 0; i < LabelCount - other.LabelCount; i++)
        {
            at += 1 + _wire[at];
        }

        return AsciiEqualsIgnoreCase(_wire.AsSpan(at), other._wire);
    }

    /// <summary>Byte-for-byte equality, case included: what a name round trip must preserve.</summary>
    public bool EqualsExactly(DnsName? other) => other is not null && _wire.AsSpan().SequenceEqual(other._wire);

    /// <summary>
    /// RFC 6762 §16: names are compared case-insensitively for the ASCII letters only; other bytes
    /// (UTF-8 included) compare exactly.
    /// </summary>
    public bool Equals(DnsName? other) => other is not null && AsciiEqualsIgnoreCase(_wire, other._wire);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as DnsName);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var b in _wire)
        {
            hash.Add(AsciiLower(b));
        }

        return hash.ToHashCode();
    }

    /// <summary>The presentation form: labels joined by dots, with "\." and "\\" inside labels and \DDD for bytes that are not printable text ("." for the root).</summary>
    public override string ToString() => DnsNameText.Format(this);

    /// <summary>Reads the presentation form that <see cref="ToString"/> writes (a final dot is optional).</summary>
    /// <exception cref="FormatException">An empty label, a bad escape, a label over 63 bytes or a name over 255.</exception>
    public static DnsName Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return DnsNameText.TryParse(text, out var name, out var error) ? name : throw new FormatException($"\"{text}\": {error}");
    }

    /// <summary>Reads the presentation form, or says no.</summary>
    public static bool TryParse(string? text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out DnsName? name)
    {
        name = null;
        return text is not null && DnsNameText.TryParse(text, out name, out _);
    }

    /// <summary>Equality as <see cref="Equals(DnsName?)"/>.</summary>
    public static bool operator ==(DnsName? left, DnsName? right) => left is null ? right is null : left.Equals(right);

    /// <summary>Inequality as <see cref="Equals(DnsName?)"/>.</summary>
    public static bool operator !=(DnsName? left, DnsName? right) => !(left == right);

    private static bool AsciiEqualsIgnoreCase(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        if (a.Length != b.Length)
        {
            return false;
        }

        // Length octets are 0..63, below 'A', so folding them too changes nothing.
        for (var i = 0; i < a.Length; i++)
        {
            if (AsciiLower(a[i]) != AsciiLower(b[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static byte AsciiLower(byte b) => b is >= (byte)'A' and <= (byte)'Z' ? (byte)(b | 0x20) : b;
}
