namespace Peerlink.Sip.Media;

/// <summary>What one frame of playout is.</summary>
public enum JitterFrameKind
{
    /// <summary>The packet due in this slot.</summary>
    Packet,

    /// <summary>The packet due is missing but later ones are held: a gap (lost, or later than the depth), to conceal.</summary>
    Concealed,

    /// <summary>Nothing to play: the buffer is empty, or is waiting out its depth after running dry.</summary>
    Silence,
}

/// <summary>One 20 ms slot of playout.</summary>
/// <param name="Kind">What fills it.</param>
/// <param name="Packet">The packet, for <see cref="JitterFrameKind.Packet"/>; null otherwise.</param>
public readonly record struct JitterFrame(JitterFrameKind Kind, RtpPacket? Packet);

/// <summary>What <see cref="JitterBuffer.Push"/> did with a packet.</summary>
public enum JitterPushResult
{
    /// <summary>Held until its slot.</summary>
    Accepted,

    /// <summary>Dropped: held already, or played already.</summary>
    Duplicate,

    /// <summary>Dropped: its slot has passed.</summary>
    Late,

    /// <summary>Held, after the buffer dropped what it held and started over from it (a jump in sequence numbers).</summary>
    Restarted,
}

/// <summary>
/// A fixed-depth jitter buffer for one RTP source, sans-IO. Packets go in with their arrival time
/// (<see cref="Push"/>); frames come out one per <see cref="JitterBufferOptions.FrameDuration"/> slot
/// (<see cref="TryTake"/>), ordered by sequence number with 16-bit wraparound (RFC 3550 §5.1).
/// <para>
/// Playout starts <see cref="JitterBufferOptions.Depth"/> after the first packet arrives, and slots follow
/// every frame duration from then on. A slot plays the packet due; when it is missing but a later one is held, the
/// slot is a gap (<see cref="JitterFrameKind.Concealed"/>) and playout moves on; when nothing is held the slot is
/// <see cref="JitterFrameKind.Silence"/> and playout does not move on: the next packet to arrive starts playout
/// again after the depth (so a sender that paused, or a burst of lateness, costs silence, not a run of drops).
/// Before the first packet of a start has played, a packet reordered in front of it still plays.
/// </para>
/// <para>
/// Duplicates (held or recently played) and late packets (their slot gone) are dropped and counted. A packet
/// <see cref="JitterBufferOptions.Capacity"/> or more ahead, or two in a row <see cref="JitterBufferOptions.MaxMisorder"/>
/// or more behind (RFC 3550 A.1's rule for a restarted source), flush the buffer and start it over.
/// One packet is one frame: a sender packetizing at another interval plays at the wrong speed. Clock drift
/// between sender and receiver is absorbed only by those starts: running dry, or overflowing.
/// </para>
/// </summary>
public sealed class JitterBuffer
{
    private readonly JitterBufferOptions _options;
    private readonly RtpPacket?[] _slots;
    private readonly InterarrivalJitter _jitter;
    private int _held;
    private ushort _next;
    private bool _started;
    private bool _dry = true;
    private bool _anchorOpen;
    private TimeSpan _nextSlot;
    private TimeSpan _holdUntil;
    private ulong _played; // bit i: sequence number _next - 1 - i was played, for telling duplicates from late packets
    private int _badSequence = -1;

    /// <summary>Creates an empty buffer.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of its range.</exception>
    public JitterBuffer(JitterBufferOptions? options = null)
    {
        _options = (options ?? new JitterBufferOptions()).Validated();
        _slots = new RtpPacket?[_options.Capacity];
        _jitter = new InterarrivalJitter(_options.ClockRate);
    }

    /// <summary>When the next slot is due (call <see cref="TryTake"/> then), or null before the first packet.</summary>
    public TimeSpan? NextDeadline => _started ? _nextSlot : null;

    /// <summary>Packets held now.</summary>
    public int Count => _held;

    /// <summary>The interarrival jitter in timestamp units (RFC 3550 A.8), over every packet pushed.</summary>
    public uint Jitter => _jitter.Value;

    /// <summary>Packets pushed.</summary>
    public long Pushed { get; private set; }

    /// <summary>Slots that played their packet.</summary>
    public long Played { get; private set; }

    /// <summary>Slots whose packet was missing while later ones were held (gaps).</summary>
    public long Concealed { get; private set; }

    /// <summary>Slots with nothing held.</summary>
    public long Underruns { get; private set; }

    /// <summary>Packets dropped as duplicates.</summary>
    public long Duplicates { get; private set; }

    /// <summary>Packets dropped because their slot had passed.</summary>
    public long Late { get; private set; }

    /// <summary>Times the buffer was flushed and started over.</summary>
    public long Restarts { get; private set; }

    /// <summary>Held packets dropped by those restarts.</summary>
    public long Flushed { get; private set; }

    /// <summary>Takes a packet that arrived at <paramref name="now"/>.</summary>
    public JitterPushResult Push(TimeSpan now, RtpPacket packet)
    {
        ArgumentNullException.ThrowIfNull(packet);
        Pushed++;
        var seq = packet.SequenceNumber;
        if (!_started)
        {
            _started = true;
            _nextSlot = now + _options.Depth;
            return Anchor(now, packet, JitterPushResult.Accepted);
        }

        var ahead = (short)(ushort)(seq - _next);
        if (_dry && _held == 0 && ahead >= 0)
        {
            // The buffer ran dry: this packet starts playout again, after the depth.
            _played = ahead >= 64 ? 0 : _played << ahead;
            return Anchor(now, packet, JitterPushResult.Accepted);
        }

        if (ahead < 0)
        {
            var behind = -ahead;
            if (_anchorOpen && behind < _options.Capacity && FitsBefore(seq))
            {
                // Nothing of this start has played yet: a packet reordered in front of the first still plays.
                _played = behind >= 64 ? 0 : _played >> behind;
                _next = seq;
                return Hold(now, packet);
            }

            if (behind >= _options.MaxMisorder)
            {
                // A.1: a big jump back is a restarted source only when the next packet follows it.
                if (_badSequence == seq)
                {
                    return Restart(now, packet);
                }

                _badSequence = (ushort)(seq + 1);
            }

            _jitter.Update(now, packet.Timestamp);
            if (behind <= 64 && (_played & (1UL << (behind - 1))) != 0)
            {
                Duplicates++;
                return JitterPushResult.Duplicate;
            }

            Late++;
            return JitterPushResult.Late;
        }

        if (ahead >= _options.Capacity)
        {
            return Restart(now, packet);
        }

        if (_slots[seq % _options.Capacity] is not null)
        {
            _jitter.Update(now, packet.Timestamp);
            Duplicates++;
            return JitterPushResult.Duplicate;
        }

        return Hold(now, packet);
    }

    /// <summary>
    /// The frame of the slot due at or before <paramref name="now"/>; false when none is due. A caller that fell
    /// behind calls again until false.
    /// </summary>
    public bool TryTake(TimeSpan now, out JitterFrame frame)
    {
        if (!_started || now < _nextSlot)
        {
            frame = default;
            return false;
        }

        var slot = _nextSlot;
        _nextSlot += _options.FrameDuration;
        if (_held == 0)
        {
            Underruns++;
            _dry = true;
            frame = new JitterFrame(JitterFrameKind.Silence, null);
            return true;
        }

        if (slot < _holdUntil)
        {
            frame = new JitterFrame(JitterFrameKind.Silence, null);
            return true;
        }

        var index = _next % _options.Capacity;
        var packet = _slots[index];
        _next++;
        _anchorOpen = false;
        if (packet is not null)
        {
            _slots[index] = null;
            _held--;
            _played = (_played << 1) | 1;
            Played++;
            frame = new JitterFrame(JitterFrameKind.Packet, packet);
            return true;
        }

        _played <<= 1;
        Concealed++;
        frame = new JitterFrame(JitterFrameKind.Concealed, null);
        return true;
    }

    /// <summary>Forgets every packet, the playout clock and the jitter estimate, as for a new source; counters stay.</summary>
    public void Reset()
    {
        Array.Clear(_slots);
        _held = 0;
        _started = false;
        _dry = true;
        _anchorOpen = false;
        _played = 0;
        _badSequence = -1;
        _jitter.Clear();
    }

    private JitterPushResult Restart(TimeSpan now, RtpPacket packet)
    {
        Restarts++;
        Flushed += _held;
        Array.Clear(_slots);
        _held = 0;
        _played = 0;
        _jitter.Restart();
        return Anchor(now, packet, JitterPushResult.Restarted);
    }

    private JitterPushResult Anchor(TimeSpan now, RtpPacket packet, JitterPushResult result)
    {
        _next = packet.SequenceNumber;
        _holdUntil = now + _options.Depth;
        _dry = false;
        _anchorOpen = true;
        _badSequence = -1;
        Hold(now, packet);
        return result;
    }

    private JitterPushResult Hold(TimeSpan now, RtpPacket packet)
    {
        _jitter.Update(now, packet.Timestamp);
        _slots[packet.SequenceNumber % _options.Capacity] = packet;
        _held++;
        _dry = false;
        _badSequence = -1;
        return JitterPushResult.Accepted;
    }

    /// <summary>Whether every held packet stays within the capacity when <paramref name="seq"/> becomes the next to play.</summary>
    private bool FitsBefore(ushort seq)
    {
        foreach (var held in _slots)
        {
            if (held is not null && (ushort)(held.SequenceNumber - seq) >= _options.Capacity)
            {
                return false;
            }
        }

        return true;
    }
}
