using System.Buffers.Binary;

namespace Peerlink.Z2z.Records;

/// <summary>
/// Writes big-endian fields into a span the encoder has already sized to the record's exact length
/// (after every limit was checked), so a write that does not fit is our bug and the span's own
/// bounds check throwing is the right outcome.
/// </summary>
internal ref struct RecordWriter
{
    private readonly Span<byte> _buffer;
    private int _position;

    public RecordWriter(Span<byte> buffer)
    {
        _buffer = buffer;
        _position = 0;
    }

    public readonly int Position => _position;

    public void WriteByte(byte value) => _buffer[_position++] = value;

    public void WriteUInt16(ushort value)
    {
        BinaryPrimitives.WriteUInt16BigEndian(_buffer[_position..], value);
        _position += 2;
    }

    public void WriteUInt32(uint value)
    {
        BinaryPrimitives.WriteUInt32BigEndian(_buffer[_position..], value);
        _position += 4;
    }

    public void WriteBytes(scoped ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(_buffer[_position..]);
        _position += bytes.Length;
    }

    /// <summary>A length octet and the bytes (the caller checked they are at most 255).</summary>
    public void WriteShortString(scoped ReadOnlySpan<byte> bytes)
    {
        WriteByte((byte)bytes.Length);
        WriteBytes(bytes);
    }
}
