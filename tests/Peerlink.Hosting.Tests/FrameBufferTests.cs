using System.Buffers.Binary;
using Peerlink.Wire;

namespace Peerlink.Hosting.Tests;

public class FrameBufferTests
{
    private const int Limit = P2ppHeader.FixedLength + WireOptions.DefaultMaxBodyLength;

    [Fact]
    public void TryTake_OneByteAtATime_ReassemblesEveryFrame()
    {
        var stream = Concat(Frames.Request(1, 0), Frames.Request(2, 100), Frames.Request(3, 3000));
        var buffer = new FrameBuffer(Limit, initialCapacity: 64);
        var frames = new List<byte[]>();
        foreach (var b in stream)
        {
            frames.AddRange(Push(buffer, [b]));
        }

        Assert.Equal([1u, 2u, 3u], frames.Select(f => Frames.TransactionId(f)));
        Assert.Equal(stream, frames.SelectMany(f => f).ToArray());
        Assert.Equal(0, buffer.Buffered);
    }

    [Fact]
    public void TryTake_SeveralFramesInOneRead_TakesEachInOrder()
    {
        var stream = Concat(Frames.Request(7, 5), Frames.Indication(8, 0), Frames.Request(9, 40));
        var buffer = new FrameBuffer(Limit);
        var frames = Push(buffer, stream);

        Assert.Equal([7u, 8u, 9u], frames.Select(f => Frames.TransactionId(f)));
        Assert.Equal(Frames.Request(9, 40), frames[2]);
    }

    [Fact]
    public void TryTake_FrameAndAHalf_KeepsTheHalfForLater()
    {
        var second = Frames.Request(2, 50);
        var buffer = new FrameBuffer(Limit);
        Assert.Single(Push(buffer, Concat(Frames.Request(1, 10), second.AsSpan(0, 20).ToArray())));
        Assert.Equal(20, buffer.Buffered);

        Assert.Equal(second, Assert.Single(Push(buffer, second.AsSpan(20))));
    }

    [Fact]
    public void TryTake_64KiBBody_GrowsToFitIt()
    {
        var big = Frames.Request(5, 64 * 1024);
        var buffer = new FrameBuffer(Limit, initialCapacity: 1024);
        var frames = new List<byte[]>();
        for (var offset = 0; offset < big.Length; offset += 1000)
        {
            frames.AddRange(Push(buffer, big.AsSpan(offset, Math.Min(1000, big.Length - offset))));
            Assert.Equal(offset + 1000 >= big.Length ? 1 : 0, frames.Count);
        }

        Assert.Equal(big, Assert.Single(frames));
    }

    [Fact]
    public void TryTake_LengthOverLimit_TooLongWithoutGrowing()
    {
        var buffer = new FrameBuffer(1000, initialCapacity: 256);
        Feed(buffer, Frames.HeaderOnly(1, 1000 - 16 + 1));

        Assert.Equal(FrameStatus.TooLong, buffer.TryTake(out var frame, out var announced));
        Assert.Null(frame);
        Assert.Equal(1001, announced);
        Assert.Equal(256, buffer.Capacity);
    }

    [Fact]
    public void TryTake_MaximumLength_Accepted()
    {
        var buffer = new FrameBuffer(1000, initialCapacity: 256);
        var frame = Assert.Single(Push(buffer, Frames.Request(1, 1000 - 16)));

        Assert.Equal(1000, frame.Length);
    }

    [Fact]
    public void TryTake_HugeLengthField_TooLong()
    {
        var buffer = new FrameBuffer(Limit);
        Feed(buffer, Frames.HeaderOnly(1, uint.MaxValue));

        Assert.Equal(FrameStatus.TooLong, buffer.TryTake(out _, out var announced));
        Assert.Equal(16L + uint.MaxValue, announced);
    }

    [Fact]
    public void TryTake_WrongMagicCookie_NotP2pp()
    {
        var frame = Frames.Request(1, 4);
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(4), 0x2112A442); // STUN's cookie
        var buffer = new FrameBuffer(Limit);
        Feed(buffer, frame);

        Assert.Equal(FrameStatus.NotP2pp, buffer.TryTake(out _, out _));
    }

    [Fact]
    public void TryTake_FewerThan16Bytes_NeedMore()
    {
        var buffer = new FrameBuffer(Limit);
        Feed(buffer, Frames.Request(1, 4).AsSpan(0, 15));

        Assert.Equal(FrameStatus.NeedMore, buffer.TryTake(out _, out _));
    }

    [Fact]
    public void GetWriteMemory_AfterManyFrames_NeverEmpty()
    {
        var buffer = new FrameBuffer(Limit, initialCapacity: 64);
        var frame = Frames.Request(1, 30); // 46 bytes: frames straddle the buffer's end
        for (var i = 0; i < 200; i++)
        {
            Assert.Equal(frame, Assert.Single(Push(buffer, frame)));
        }
    }

    // Writes the bytes as the transport does (read, then take every whole frame) and returns the frames taken.
    private static List<byte[]> Push(FrameBuffer buffer, ReadOnlySpan<byte> bytes)
    {
        var frames = new List<byte[]>();
        while (!bytes.IsEmpty)
        {
            var memory = buffer.GetWriteMemory();
            Assert.False(memory.IsEmpty);
            var n = Math.Min(memory.Length, bytes.Length);
            bytes[..n].CopyTo(memory.Span);
            buffer.Advance(n);
            bytes = bytes[n..];
            while (true)
            {
                var status = buffer.TryTake(out var frame, out _);
                if (status == FrameStatus.NeedMore)
                {
                    break;
                }

                Assert.Equal(FrameStatus.Frame, status);
                frames.Add(frame!);
            }
        }

        return frames;
    }

    // Writes without taking frames (for the rejection tests, which look at one TryTake).
    private static void Feed(FrameBuffer buffer, ReadOnlySpan<byte> bytes)
    {
        var memory = buffer.GetWriteMemory();
        bytes.CopyTo(memory.Span);
        buffer.Advance(bytes.Length);
    }

    private static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();
}
