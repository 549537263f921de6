using System.Buffers.Binary;

namespace Peerlink.Zeroconf.Dns;

/// <summary>
/// Writes big-endian fields and compressed names into a span as long as the message may be. A write
/// past the end is not made but still counted, so one pass both encodes and measures: the caller
/// checks <see cref="Overflowed"/> once at the end instead of every write checking and throwing.
/// </summary>
internal ref struct DnsWriter
{
    /// <summary>A pointer has 14 bits of offset (RFC 1035 §4.1.4): names written later than this cannot be pointed at.</summary>
    private const int MaxPointerTarget = 0x3FFF;

    private readonly Span<byte> _buffer;
    private readonly NameCompressor _names;
    private int _position;

    public DnsWriter(Span<byte> buffer, NameCompressor names)
    {
        _buffer = buffer;
        _names = names;
        _position = 0;
    }

    /// <summary>Bytes the message has so far (more than the span holds when <see cref="Overflowed"/>).</summary>
    public readonly int Position => _position;

    /// <summary>True when the message no longer fits the span.</summary>
    public readonly bool Overflowed => _position > _buffer.Length;

    public void WriteByte(byte value)
    {
        if (_position < _buffer.Length)
        {
            _buffer[_position] = value;
        }

        _position++;
    }

    public void WriteUInt16(ushort value)
    {
        PatchUInt16(_position, value);
        _position += 2;
    }

    public void WriteUInt32(uint value)
    {
        if (_position + 4 <= _buffer.Length)
        {
            BinaryPrimitives.WriteUInt32BigEndian(_buffer[_position..], value);
        }

        _position += 4;
    }

    public void WriteBytes(scoped ReadOnlySpan<byte> bytes)
    {
        if (_position + bytes.Length <= _buffer.Length)
        {
            bytes.CopyTo(_buffer[_position..]);
        }

        _position += bytes.Length;
    }

    /// <summary>Writes a 16-bit value at an earlier offset (an RDLENGTH once the RDATA is written).</summary>
    public readonly void PatchUInt16(int offset, ushort value)
    {
        if (offset + 2 <= _buffer.Length)
        {
            BinaryPrimitives.WriteUInt16BigEndian(_buffer[offset..], value);
        }
    }

    /// <summary>
    /// Writes a name, replacing its longest suffix already in the message with a pointer (RFC 1035
    /// §4.1.4). RFC 6762 §18.14 asks for compression in every mDNS message, of record names and of the
    /// names inside PTR, SRV and NSEC data too. Suffixes match byte for byte, case included, so the
    /// receiver gets each name exactly as it was given.
    /// </summary>
    public void WriteName(DnsName name)
    {
        var wire = name.Wire;
        var at = 0;
        while (wire[at] != 0)
        {
            if (_names.TryFind(name, at, out var target))
            {
                WriteUInt16((ushort)(0xC000 | target));
                return;
            }

            if (_position <= MaxPointerTarget)
            {
                _names.Add(name, at, _position);
            }

            var labelLength = 1 + wire[at];
            WriteBytes(wire.Slice(at, labelLength));
            at += labelLength;
        }

        WriteByte(0);
    }
}
