using Peerlink.Wire;

namespace Peerlink.Hosting;

/// <summary>What <see cref="FrameBuffer.TryTake"/> found.</summary>
internal enum FrameStatus
{
    /// <summary>A whole frame was taken.</summary>
    Frame,

    /// <summary>The next frame is not all here yet; read more.</summary>
    NeedMore,

    /// <summary>The next 16 bytes are not a P2PP header (wrong magic cookie or version).</summary>
    NotP2pp,

    /// <summary>The header announces a frame longer than the limit.</summary>
    TooLong,
}

/// <summary>
/// Cuts a TCP byte stream into P2PP messages by the header's Message Length (draft §9.1: it counts
/// every byte after the 16 fixed ones, so framing needs no ID length). The caller reads into
/// <see cref="GetWriteMemory"/>, reports it with <see cref="Advance"/>, then takes frames until
/// <see cref="FrameStatus.NeedMore"/>. A bad header is final: there is no way to find the next message
/// boundary in a stream, so the connection must close.
/// </summary>
/// <remarks>
/// The buffer grows to the announced frame length only after the header has been checked against
/// the limit, so a peer cannot make it allocate more than <c>maxFrameLength</c> bytes.
/// </remarks>
internal sealed class FrameBuffer
{
    private readonly int _maxFrameLength;
    private byte[] _buffer;
    private int _start;
    private int _end;

    public FrameBuffer(int maxFrameLength, int initialCapacity = 16 * 1024)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxFrameLength, P2ppHeader.FixedLength);
        _maxFrameLength = maxFrameLength;
        _buffer = new byte[Math.Clamp(initialCapacity, P2ppHeader.FixedLength, maxFrameLength)];
    }

    /// <summary>Bytes received and not yet taken as frames.</summary>
    public int Buffered => _end - _start;

    /// <summary>Capacity now (for tests of the growth rule).</summary>
    public int Capacity => _buffer.Length;

    /// <summary>Free space to receive into; never empty.</summary>
    public Memory<byte> GetWriteMemory()
    {
        if (_end == _buffer.Length)
        {
            Compact();
        }

        if (_end == _buffer.Length)
        {
            // Only reachable when a whole, unchecked header does not fit, which the clamp in the
            // constructor rules out; keep the invariant "never empty" anyway.
            Grow(_buffer.Length * 2);
        }

        return _buffer.AsMemory(_end);
    }

    /// <summary>Records that <paramref name="count"/> bytes were written into <see cref="GetWriteMemory"/>.</summary>
    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, _buffer.Length - _end);
        _end += count;
    }

    /// <summary>
    /// Takes the next whole frame, copied into an array of its own (the receiver keeps it), or says
    /// why it cannot. <paramref name="announcedLength"/> is the length the header announced, when one
    /// was read.
    /// </summary>
    public FrameStatus TryTake(out byte[]? frame, out long announcedLength)
    {
        frame = null;
        var buffered = _buffer.AsSpan(_start, _end - _start);
        if (!P2ppFixedHeader.TryRead(buffered, out var header))
        {
            announcedLength = 0;
            return FrameStatus.NeedMore;
        }

        announcedLength = P2ppHeader.FixedLength + (long)header.MessageLength;
        if (!header.IsP2pp)
        {
            return FrameStatus.NotP2pp;
        }

        if (announcedLength > _maxFrameLength)
        {
            return FrameStatus.TooLong;
        }

        var length = (int)announcedLength;
        if (buffered.Length < length)
        {
            if (length > _buffer.Length)
            {
                Grow(length);
            }
            else if (_start + length > _buffer.Length)
            {
                Compact();
            }

            return FrameStatus.NeedMore;
        }

        frame = buffered[..length].ToArray();
        _start += length;
        if (_start == _end)
        {
            _start = _end = 0;
        }

        return FrameStatus.Frame;
    }

    private void Compact()
    {
        if (_start == 0)
        {
            return;
        }

        _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
        _end -= _start;
        _start = 0;
    }

    private void Grow(int atLeast)
    {
        var size = Math.Min(Math.Max(atLeast, _buffer.Length * 2), Math.Max(atLeast, _maxFrameLength));
        var bigger = new byte[size];
        _buffer.AsSpan(_start, _end - _start).CopyTo(bigger);
        _end -= _start;
        _start = 0;
        _buffer = bigger;
    }
}
