using System.Buffers.Binary;
using System.Numerics;

namespace Peerlink.Core;

/// <summary>
/// A fixed-width identifier in the overlay's one ID space (peers, clients and resources share it;
/// draft-baset-p2psip-p2pp-01 §3.3). The width is the overlay's hash length (P2P-Options
/// H-Algorithm-Len), 1 to <see cref="MaxLength"/> bytes. Read as an unsigned big-endian integer,
/// so byte order and numeric order agree.
/// </summary>
public readonly struct NodeId : IEquatable<NodeId>, IComparable<NodeId>
{
    /// <summary>The longest identifier: a SHA-512 output.</summary>
    public const int MaxLength = 64;

    private readonly byte[]? _bytes;

    private NodeId(byte[] bytes) => _bytes = bytes;

    /// <summary>Width in bytes (0 only for <c>default</c>).</summary>
    public int Length => _bytes?.Length ?? 0;

    /// <summary>Width in bits.</summary>
    public int BitLength => Length * 8;

    /// <summary>True for <c>default(NodeId)</c>, which holds no identifier.</summary>
    public bool IsEmpty => _bytes is null;

    /// <summary>The identifier's bytes, most significant first.</summary>
    public ReadOnlySpan<byte> Span => _bytes;

    /// <summary>Copies an identifier from bytes.</summary>
    /// <exception cref="ArgumentException">Empty, or longer than <see cref="MaxLength"/>.</exception>
    public static NodeId FromBytes(ReadOnlySpan<byte> bytes)
    {
        CheckLength(bytes.Length, nameof(bytes));
        return new NodeId(bytes.ToArray());
    }

    /// <summary>Parses lowercase or uppercase hex.</summary>
    public static NodeId Parse(string hex)
    {
        var bytes = Hex.Parse(hex);
        CheckLength(bytes.Length, nameof(hex));
        return new NodeId(bytes);
    }

    /// <summary>The all-zero identifier of a width.</summary>
    public static NodeId Zero(int length)
    {
        CheckLength(length, nameof(length));
        return new NodeId(new byte[length]);
    }

    /// <summary>A uniformly random identifier drawn from the caller's (seeded) generator.</summary>
    public static NodeId Random(Random random, int length)
    {
        ArgumentNullException.ThrowIfNull(random);
        CheckLength(length, nameof(length));
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return new NodeId(bytes);
    }

    /// <summary>
    /// A small integer in an identifier of a width (big-endian, high bytes zero). A value wider than
    /// the identifier keeps its low bytes, as integer arithmetic mod 2^(8·length) would.
    /// </summary>
    public static NodeId FromUInt64(ulong value, int length)
    {
        CheckLength(length, nameof(length));
        var bytes = new byte[length];
        Span<byte> word = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(word, value);
        var take = Math.Min(8, length);
        word[(8 - take)..].CopyTo(bytes.AsSpan(length - take));
        return new NodeId(bytes);
    }

    /// <summary>The bit at <paramref name="index"/>, counting from the most significant bit (0).</summary>
    public int Bit(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, BitLength);
        return (Span[index >> 3] >> (7 - (index & 7))) & 1;
    }

    /// <summary>
    /// Digit <paramref name="index"/> in base 2^<paramref name="bitsPerDigit"/>, most significant first
    /// (Pastry's prefix digits; a last partial digit is padded with zero bits).
    /// </summary>
    public int Digit(int index, int bitsPerDigit)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, DigitCount(bitsPerDigit));
        var first = index * bitsPerDigit;
        var digit = 0;
        for (var bit = first; bit < first + bitsPerDigit; bit++)
        {
            digit = (digit << 1) | (bit < BitLength ? Bit(bit) : 0);
        }

        return digit;
    }

    /// <summary>Number of digits of the width in base 2^<paramref name="bitsPerDigit"/>.</summary>
    public int DigitCount(int bitsPerDigit)
    {
        CheckDigitBits(bitsPerDigit);
        return (BitLength + bitsPerDigit - 1) / bitsPerDigit;
    }

    /// <summary>Number of leading bits two identifiers of one width have in common.</summary>
    public static int CommonPrefixBits(NodeId a, NodeId b)
    {
        CheckSameWidth(a, b);
        var x = a.Span;
        var y = b.Span;
        for (var i = 0; i < x.Length; i++)
        {
            var diff = x[i] ^ y[i];
            if (diff != 0)
            {
                return (i * 8) + BitOperations.LeadingZeroCount((uint)diff) - 24;
            }
        }

        return x.Length * 8;
    }

    /// <summary>
    /// Length of the shared prefix in base 2^<paramref name="bitsPerDigit"/> digits: Pastry's
    /// routing row (Rowstron and Druschel 2001, §2.2).
    /// </summary>
    public static int SharedPrefixLength(NodeId a, NodeId b, int bitsPerDigit)
    {
        CheckDigitBits(bitsPerDigit);
        var bits = CommonPrefixBits(a, b);
        return bits == a.BitLength ? a.DigitCount(bitsPerDigit) : bits / bitsPerDigit;
    }

    /// <summary>Kademlia's metric: <paramref name="a"/> XOR <paramref name="b"/> (Maymounkov and Mazières 2002, §2.1).</summary>
    public static NodeId XorDistance(NodeId a, NodeId b)
    {
        CheckSameWidth(a, b);
        var result = new byte[a.Length];
        var x = a.Span;
        var y = b.Span;
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = (byte)(x[i] ^ y[i]);
        }

        return new NodeId(result);
    }

    /// <summary>
    /// Chord's metric: the clockwise distance from <paramref name="from"/> to <paramref name="to"/>,
    /// (to - from) mod 2^m (Stoica et al. 2001, §4.2).
    /// </summary>
    public static NodeId RingDistance(NodeId from, NodeId to)
    {
        CheckSameWidth(from, to);
        var result = new byte[from.Length];
        Subtract(to.Span, from.Span, result);
        return new NodeId(result);
    }

    // result = (a - b) mod 2^(8·length), big-endian.
    private static void Subtract(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, Span<byte> result)
    {
        var borrow = 0;
        for (var i = result.Length - 1; i >= 0; i--)
        {
            var d = a[i] - b[i] - borrow;
            borrow = d < 0 ? 1 : 0;
            result[i] = (byte)d;
        }
    }

    /// <summary>This identifier plus 2^<paramref name="power"/>, mod 2^m: the start of Chord finger <paramref name="power"/>.</summary>
    public NodeId AddPowerOfTwo(int power)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(power);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(power, BitLength);
        var result = Span.ToArray();
        var i = result.Length - 1 - (power >> 3);
        var carry = 1 << (power & 7);
        for (; i >= 0 && carry != 0; i--)
        {
            var sum = result[i] + carry;
            result[i] = (byte)sum;
            carry = sum >> 8;
        }

        return new NodeId(result);
    }

    /// <summary>
    /// True when <paramref name="x"/> lies on the clockwise arc from <paramref name="start"/> (exclusive)
    /// to <paramref name="end"/> (inclusive): Chord's successor test. When start == end the arc is the
    /// whole ring.
    /// </summary>
    public static bool InArcExclusiveInclusive(NodeId x, NodeId start, NodeId end)
    {
        CheckSameWidth(start, x);
        CheckSameWidth(start, end);
        if (end == start)
        {
            return true;
        }

        return x != start && CompareClockwise(start, x, end) <= 0;
    }

    /// <summary>
    /// Compares the clockwise distances from <paramref name="origin"/> to <paramref name="a"/> and to
    /// <paramref name="b"/> without allocating: negative when <paramref name="a"/> comes first going
    /// clockwise from <paramref name="origin"/> (the origin itself at distance 0 comes before all).
    /// </summary>
    public static int CompareClockwise(NodeId origin, NodeId a, NodeId b)
    {
        CheckSameWidth(origin, a);
        CheckSameWidth(origin, b);

        // No subtraction: (x - origin) mod 2^m orders the IDs at or after the origin first, in numeric
        // order, then those before it, in numeric order. This runs for every routing decision and
        // every table update, so it is three vectorised comparisons and nothing else.
        var o = origin.Span;
        var aAfter = a.Span.SequenceCompareTo(o) >= 0;
        var bAfter = b.Span.SequenceCompareTo(o) >= 0;
        if (aAfter != bAfter)
        {
            return aAfter ? -1 : 1;
        }

        return Math.Sign(a.Span.SequenceCompareTo(b.Span));
    }

    /// <summary>
    /// The highest set bit of the clockwise distance from <paramref name="from"/> to
    /// <paramref name="to"/> (Chord's finger interval of <paramref name="to"/> as seen from
    /// <paramref name="from"/>), or -1 when they are equal; the same as
    /// <c>RingDistance(from, to).HighestSetBit()</c> without allocating.
    /// </summary>
    public static int RingDistanceHighestBit(NodeId from, NodeId to)
    {
        CheckSameWidth(from, to);
        Span<byte> distance = stackalloc byte[MaxLength];
        distance = distance[..from.Length];
        Subtract(to.Span, from.Span, distance);
        return HighestSetBit(distance);
    }

    /// <summary>
    /// Position of the highest 1 bit counting from the least significant bit (0), or -1 for zero:
    /// floor(log2(x)). For a ring distance d it names Chord's finger interval [2^i, 2^(i+1)).
    /// </summary>
    public int HighestSetBit() => HighestSetBit(Span);

    private static int HighestSetBit(ReadOnlySpan<byte> span)
    {
        for (var i = 0; i < span.Length; i++)
        {
            if (span[i] != 0)
            {
                return ((span.Length - 1 - i) * 8) + (31 - BitOperations.LeadingZeroCount((uint)span[i]));
            }
        }

        return -1;
    }

    /// <summary>True when every byte is zero.</summary>
    public bool IsZero() => !Span.ContainsAnyExcept((byte)0);

    /// <summary>Numeric order for identifiers of one width.</summary>
    public int CompareTo(NodeId other) => Span.SequenceCompareTo(other.Span);

    /// <inheritdoc/>
    public bool Equals(NodeId other) => Span.SequenceEqual(other.Span);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is NodeId other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var span = Span;
        return span.Length >= 4 ? BinaryPrimitives.ReadInt32LittleEndian(span[^4..]) : (int)FromSmall(span);
    }

    /// <summary>Lowercase hex.</summary>
    public override string ToString() => Hex.Format(Span);

    /// <summary>Equality.</summary>
    public static bool operator ==(NodeId left, NodeId right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    public static bool operator !=(NodeId left, NodeId right) => !left.Equals(right);

    /// <summary>Numeric order.</summary>
    public static bool operator <(NodeId left, NodeId right) => left.CompareTo(right) < 0;

    /// <summary>Numeric order.</summary>
    public static bool operator >(NodeId left, NodeId right) => left.CompareTo(right) > 0;

    /// <summary>Numeric order.</summary>
    public static bool operator <=(NodeId left, NodeId right) => left.CompareTo(right) <= 0;

    /// <summary>Numeric order.</summary>
    public static bool operator >=(NodeId left, NodeId right) => left.CompareTo(right) >= 0;

    private static uint FromSmall(ReadOnlySpan<byte> span)
    {
        uint v = 0;
        foreach (var b in span)
        {
            v = (v << 8) | b;
        }

        return v;
    }

    private static void CheckLength(int length, string paramName)
    {
        if (length is < 1 or > MaxLength)
        {
            throw new ArgumentException($"an identifier is 1 to {MaxLength} bytes, not {length}", paramName);
        }
    }

    private static void CheckDigitBits(int bitsPerDigit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bitsPerDigit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bitsPerDigit, 8);
    }

    private static void CheckSameWidth(NodeId a, NodeId b)
    {
        if (a.Length != b.Length || a.IsEmpty)
        {
            throw new ArgumentException($"identifiers of different widths ({a.Length} and {b.Length} bytes)");
        }
    }
}
