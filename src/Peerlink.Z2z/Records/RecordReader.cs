using System.Buffers.Binary;

namespace Peerlink.Z2z.Records;

/// <summary>
/// Reads big-endian fields from a value without throwing: a read that does not fit records the fault
/// and returns false, so a hostile value costs a comparison, never an exception. Nothing reads past the span.
/// </summary>
internal ref struct RecordReader
{
    private readonly ReadOnlySpan<byte> _buffer;
    private int _position;

    public RecordReader(ReadOnlySpan<byte> buffer)
    {
        _buffer = buffer;
        _position = 0;
        Error = RecordError.None;
    }

    /// <summary>The first fault met, or <see cref="RecordError.None"/>.</summary>
    public RecordError Error { get; private set; }

    public readonly int Position => _position;

    public readonly int Remaining => _buffer.Length - _position;

    public bool TryReadByte(string field, out byte value)
    {
        value = 0;
        if (!Need(1, field))
        {
            return false;
        }

        value = _buffer[_position++];
        return true;
    }

    public bool TryReadUInt16(string field, out ushort value)
    {
        value = 0;
        if (!Need(2, field))
        {
            return false;
        }

        value = BinaryPrimitives.ReadUInt16BigEndian(_buffer[_position..]);
        _position += 2;
        return true;
    }

    public bool TryReadUInt32(string field, out uint value)
    {
        value = 0;
        if (!Need(4, field))
        {
            return false;
        }

        value = BinaryPrimitives.ReadUInt32BigEndian(_buffer[_position..]);
        _position += 4;
        return true;
    }

    public bool TryReadSpan(int length, string field, out ReadOnlySpan<byte> value)
    {
        value = default;
        if (!Need(length, field))
        {
            return false;
        }

        value = _buffer.Slice(_position, length);
        _position += length;
        return true;
    }

    /// <summary>Records a fault at the current position (the first one wins) and returns false, for <c>return reader.Fail(...)</c>.</summary>
    public bool Fail(RecordDrop drop, string detail) => FailAt(drop, _position, detail);

    /// <summary>Records a fault at an earlier position, such as the start of the field that turned out wrong.</summary>
    public bool FailAt(RecordDrop drop, int offset, string detail)
    {
        if (Error.Drop == RecordDrop.None)
        {
            Error = new RecordError(drop, offset, detail);
        }

        return false;
    }

    private bool Need(int length, string field) =>
        length <= Remaining || Fail(RecordDrop.Malformed, $"truncated: {field} needs {length} byte(s), {Remaining} left");
}
