namespace Peerlink.Zeroconf.Dns;

/// <summary>
/// The names one message has written so far, by suffix: for "a.b.local" the suffixes "a.b.local",
/// "b.local" and "local", each with the offset it starts at. One per encode.
/// </summary>
internal sealed class NameCompressor
{
    private readonly Dictionary<Suffix, int> _offsets = new(SuffixComparer.Instance);

    public bool TryFind(DnsName name, int start, out int offset) => _offsets.TryGetValue(new Suffix(name, start), out offset);

    public void Add(DnsName name, int start, int offset) => _offsets.TryAdd(new Suffix(name, start), offset);

    /// <summary>The wire form of <see cref="Name"/> from byte <see cref="Start"/> (a label boundary) to its end.</summary>
    private readonly record struct Suffix(DnsName Name, int Start)
    {
        public ReadOnlySpan<byte> Bytes => Name.Wire[Start..];
    }

    /// <summary>Byte-exact comparison: compression must not change a name's case (see <see cref="DnsWriter.WriteName"/>).</summary>
    private sealed class SuffixComparer : IEqualityComparer<Suffix>
    {
        public static readonly SuffixComparer Instance = new();

        public bool Equals(Suffix x, Suffix y) => x.Bytes.SequenceEqual(y.Bytes);

        public int GetHashCode(Suffix obj)
        {
            var hash = new HashCode();
            hash.AddBytes(obj.Bytes);
            return hash.ToHashCode();
        }
    }
}
