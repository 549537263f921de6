using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;

namespace Peerlink.Wire;

/// <summary>
/// Reads big-endian fields from a span and reports faults with their absolute offset.
/// Every read checks the remaining length first; nothing reads past the span.
/// </summary>
internal ref struct WireReader
{
    private readonly ReadOnlySpan<byte> _buffer;
    private readonly int _base;
    private readonly DecodeContext _context;
    private int _position;

    public WireReader(ReadOnlySpan<byte> buffer, int baseOffset, DecodeContext context)
    {
        _buffer = buffer;
        _base = baseOffset;
        _context = context;
        _position = 0;
    }

    public readonly DecodeContext Context => _context;

    public readonly int Remaining => _buffer.Length - _position;

    public readonly bool IsEnd => _position == _buffer.Length;

    /// <summary>Absolute offset of the next byte in the message.</summary>
    public readonly int Offset => _base + _position;

    public byte ReadByte()
    {
        Need(1);
        return _buffer[_position++];
    }

    public ushort ReadUInt16()
    {
        Need(2);
        var v = BinaryPrimitives.ReadUInt16BigEndian(_buffer[_position..]);
        _position += 2;
        return v;
    }

    public uint ReadUInt24()
    {
        Need(3);
        var v = (uint)((_buffer[_position] << 16) | (_buffer[_position + 1] << 8) | _buffer[_position + 2]);
        _position += 3;
        return v;
    }

    public uint ReadUInt32()
    {
        Need(4);
        var v = BinaryPrimitives.ReadUInt32BigEndian(_buffer[_position..]);
        _position += 4;
        return v;
    }

    public ReadOnlySpan<byte> ReadSpan(int count)
    {
        Need(count);
        var s = _buffer.Slice(_position, count);
        _position += count;
        return s;
    }

    public ReadOnlySpan<byte> ReadRest() => ReadSpan(Remaining);

    /// <summary>The bytes not read yet, without reading them.</summary>
    public readonly ReadOnlySpan<byte> PeekRest() => _buffer[_position..];

    /// <summary>A reader over the next <paramref name="count"/> bytes, which this reader skips.</summary>
    public WireReader ReadSub(int count)
    {
        var start = Offset;
        return new WireReader(ReadSpan(count), start, _context);
    }

    /// <summary>Fails unless every byte of an object's value was consumed.</summary>
    public readonly void ExpectEnd(ObjectType type)
    {
        if (!IsEnd)
        {
            Fail(DecodeError.BadObject, $"{Remaining} unexpected byte(s) after {type}");
        }
    }

    public readonly void Need(int count)
    {
        if (count < 0 || Remaining < count)
        {
            Fail(DecodeError.Truncated, $"needs {count} byte(s), {Remaining} left");
        }
    }

    [DoesNotReturn]
    public readonly void Fail(DecodeError error, string reason, byte? objectType = null) =>
        throw new MalformedMessageException(error, Offset, reason, _context.Header, objectType);
}

/// <summary>State one decode carries through its readers: options, limits used so far, the header.</summary>
internal sealed class DecodeContext(WireOptions options)
{
    public WireOptions Options { get; } = options;

    public P2ppHeader? Header { get; set; }

    public int Objects { get; set; }

    public int Depth { get; set; }

    /// <summary>The deepest <see cref="Depth"/> reached so far.</summary>
    public int Deepest { get; set; }
}
