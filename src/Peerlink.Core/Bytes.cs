namespace Peerlink.Core;

/// <summary>
/// An immutable byte string with value equality, for opaque protocol fields (owners, values, signatures).
/// Records that hold one compare by content, so decode(encode(x)) == x is a plain equality.
/// </summary>
public readonly struct Bytes : IEquatable<Bytes>
{
    private readonly byte[]? _data;

    private Bytes(byte[] data) => _data = data;

    /// <summary>The empty byte string.</summary>
    public static Bytes Empty => default;

    /// <summary>Number of bytes.</summary>
    public int Length => _data?.Length ?? 0;

    /// <summary>The content, read-only.</summary>
    public ReadOnlySpan<byte> Span => _data;

    /// <summary>The content as memory, read-only.</summary>
    public ReadOnlyMemory<byte> Memory => _data;

    /// <summary>Copies <paramref name="data"/> into a new byte string.</summary>
    public static Bytes Copy(ReadOnlySpan<byte> data) => data.IsEmpty ? default : new Bytes(data.ToArray());

    /// <summary>Wraps UTF-8 encoded text.</summary>
    public static Bytes FromUtf8(string text) => new(System.Text.Encoding.UTF8.GetBytes(text));

    /// <summary>Parses hex (whitespace allowed).</summary>
    public static Bytes FromHex(string hex) => new(Hex.Parse(hex));

    /// <inheritdoc/>
    public bool Equals(Bytes other) => Span.SequenceEqual(other.Span);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Bytes other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.AddBytes(Span);
        return hash.ToHashCode();
    }

    /// <summary>Lowercase hex of the content.</summary>
    public override string ToString() => Hex.Format(Span);

    /// <summary>Value equality.</summary>
    public static bool operator ==(Bytes left, Bytes right) => left.Equals(right);

    /// <summary>Value inequality.</summary>
    public static bool operator !=(Bytes left, Bytes right) => !left.Equals(right);
}
