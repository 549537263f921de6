using System.Buffers.Binary;

namespace Peerlink.Wire;

/// <summary>
/// Writes big-endian fields into a span sized in advance from the objects' computed lengths, so a
/// message is encoded in one pass into one buffer.
/// </summary>
internal ref struct WireWriter
{
    private readonly Span<byte> _buffer;
    private int _position;

    public WireWriter(Span<byte> buffer)
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

    public void WriteUInt24(uint value)
    {
        _buffer[_position] = (byte)(value >> 16);
        _buffer[_position + 1] = (byte)(value >> 8);
        _buffer[_position + 2] = (byte)value;
        _position += 3;
    }

    public void WriteUInt32(uint value)
    {
        BinaryPrimitives.WriteUInt32BigEndian(_buffer[_position..], value);
        _position += 4;
    }

    /// <summary>An object header (§9.2): type, A/B bits (01 when ignorable), 16-bit length.</summary>
    public void WriteObjectHeader(byte type, bool ignorable, int valueLength)
    {
        WriteByte(type);
        WriteByte(ignorable ? (byte)0x40 : (byte)0);
        WriteUInt16((ushort)valueLength);
    }

    /// <summary>A whole object whose value is a 32-bit number.</summary>
    public void WriteUInt32Object(ObjectType type, uint value)
    {
        WriteObjectHeader((byte)type, false, 4);
        WriteUInt32(value);
    }

    /// <summary>A whole object whose value is opaque bytes.</summary>
    public void WriteBytesObject(ObjectType type, scoped ReadOnlySpan<byte> value)
    {
        WriteObjectHeader((byte)type, false, value.Length);
        WriteBytes(value);
    }

    public void WriteBytes(scoped ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(_buffer[_position..]);
        _position += bytes.Length;
    }
}
