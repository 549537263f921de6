using System.Collections;
using System.Runtime.CompilerServices;

namespace Peerlink.Core;

/// <summary>
/// An immutable list with element-wise equality, so records that hold lists compare by content.
/// </summary>
[CollectionBuilder(typeof(ValueList), nameof(ValueList.Create))]
public readonly struct ValueList<T> : IReadOnlyList<T>, IEquatable<ValueList<T>>
{
    private readonly T[]? _items;

    /// <summary>Copies <paramref name="items"/>.</summary>
    public ValueList(IEnumerable<T> items) => _items = [.. items];

    private ValueList(T[] items) => _items = items;

    /// <summary>Takes ownership of an array the caller no longer touches.</summary>
    internal static ValueList<T> Own(T[] items) => new(items);

    /// <inheritdoc/>
    public int Count => _items?.Length ?? 0;

    /// <inheritdoc/>
    public T this[int index] => (_items ?? [])[index];

    /// <summary>The items as a span.</summary>
    public ReadOnlySpan<T> AsSpan() => _items;

    /// <summary>Enumerates without allocating (foreach uses this).</summary>
    public ReadOnlySpan<T>.Enumerator GetEnumerator() => AsSpan().GetEnumerator();

    IEnumerator<T> IEnumerable<T>.GetEnumerator() => ((IEnumerable<T>)(_items ?? [])).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => ((IEnumerable<T>)this).GetEnumerator();

    /// <inheritdoc/>
    public bool Equals(ValueList<T> other)
    {
        var a = AsSpan();
        var b = other.AsSpan();
        if (a.Length != b.Length)
        {
            return false;
        }

        var comparer = EqualityComparer<T>.Default;
        for (var i = 0; i < a.Length; i++)
        {
            if (!comparer.Equals(a[i], b[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is ValueList<T> other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var item in AsSpan())
        {
            hash.Add(item);
        }

        return hash.ToHashCode();
    }

    /// <summary>Element-wise equality.</summary>
    public static bool operator ==(ValueList<T> left, ValueList<T> right) => left.Equals(right);

    /// <summary>Element-wise inequality.</summary>
    public static bool operator !=(ValueList<T> left, ValueList<T> right) => !left.Equals(right);

    /// <summary>Items joined for debugging.</summary>
    public override string ToString() => "[" + string.Join(", ", this) + "]";
}

/// <summary>Factory for <see cref="ValueList{T}"/>, usable with collection expressions.</summary>
public static class ValueList
{
    /// <summary>Builds a list from items.</summary>
    public static ValueList<T> Create<T>(ReadOnlySpan<T> items) => ValueList<T>.Own(items.ToArray());
}

/// <summary>
/// Builds a <see cref="ValueList{T}"/> over an array without copying it, for decoders that made the
/// array themselves (as <c>ImmutableCollectionsMarshal.AsImmutableArray</c> does for immutable arrays).
/// </summary>
public static class ValueListMarshal
{
    /// <summary>Wraps <paramref name="items"/>; the caller must never change the array afterwards.</summary>
    public static ValueList<T> AsValueList<T>(T[] items)
    {
        ArgumentNullException.ThrowIfNull(items);
        return ValueList<T>.Own(items);
    }
}
