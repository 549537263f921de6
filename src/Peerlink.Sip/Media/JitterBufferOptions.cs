namespace Peerlink.Sip.Media;

/// <summary>Settings of a <see cref="JitterBuffer"/>, validated when the buffer is made.</summary>
public sealed record JitterBufferOptions
{
    /// <summary>
    /// How long a packet that starts playout (the first, or the first after the buffer ran dry) waits before it
    /// plays: the delay that absorbs jitter. 60 ms by default, three frames: loopback and a LAN jitter by well
    /// under a frame, and three frames ride out a scheduling hiccup of the host.
    /// </summary>
    public TimeSpan Depth { get; init; } = TimeSpan.FromMilliseconds(60);

    /// <summary>What one packet holds and one frame plays: 20 ms (RFC 3551 §4.5's default packetization for G.711).</summary>
    public TimeSpan FrameDuration { get; init; } = TimeSpan.FromMilliseconds(20);

    /// <summary>
    /// Packets held at most, counted from the next to play; a packet further ahead restarts the buffer. 32 frames
    /// of 20 ms are 640 ms. A power of two.
    /// </summary>
    public int Capacity { get; init; } = 32;

    /// <summary>The RTP clock rate, for the interarrival jitter (A.8): 8000 Hz for G.711.</summary>
    public int ClockRate { get; init; } = 8000;

    /// <summary>
    /// A packet this many sequence numbers or more behind the next to play is not merely late: when the one after
    /// it follows, the source restarted its sequence, and the buffer restarts too (RFC 3550 A.1's MAX_MISORDER).
    /// </summary>
    public int MaxMisorder { get; init; } = 100;

    internal JitterBufferOptions Validated()
    {
        if (FrameDuration <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(FrameDuration), FrameDuration, "a frame lasts more than zero");
        }

        if (Depth < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(Depth), Depth, "the depth is not negative");
        }

        if (Capacity is < 2 or > 1024 || !System.Numerics.BitOperations.IsPow2(Capacity))
        {
            // A power of two, so that slots indexed by sequence number modulo the capacity stay distinct across the 16-bit wrap.
            throw new ArgumentOutOfRangeException(nameof(Capacity), Capacity, "a power of two from 2 to 1024 packets");
        }

        if (ClockRate <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(ClockRate), ClockRate, "a clock rate is positive");
        }

        if (MaxMisorder < Capacity || MaxMisorder > 0x7FFF)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxMisorder), MaxMisorder, $"from Capacity ({Capacity}) to 32767");
        }

        return this;
    }
}
