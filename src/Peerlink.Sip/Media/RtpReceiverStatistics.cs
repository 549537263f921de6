namespace Peerlink.Sip.Media;

/// <summary>What a receiver knows of one source's packets (RFC 3550 A.1 and A.3).</summary>
/// <param name="ExtendedHighestSequence">The highest sequence number received, wraps counted in the high 16 bits.</param>
/// <param name="Expected">Packets expected: the extended highest minus the first, plus one.</param>
/// <param name="Received">Packets received, duplicates included (A.3).</param>
/// <param name="CumulativeLost">Expected minus received, clamped to 24 bits signed.</param>
public readonly record struct RtpReceptionStatistics(uint ExtendedHighestSequence, long Expected, long Received, int CumulativeLost);

/// <summary>
/// The per-source sequence state of RFC 3550 A.1 and the loss figures of A.3. A.1's probation
/// (MIN_SEQUENTIAL packets before a source counts) is left out: in a two-party call the source is the one the
/// signalling named, and the host already filters by address. MAX_DROPOUT and MAX_MISORDER are kept.
/// </summary>
internal sealed class RtpReceiverStatistics
{
    private const int MaxDropout = 3000;
    private const int MaxMisorder = 100;
    private const uint SequenceMod = 1 << 16;

    private ushort _maxSeq;
    private uint _cycles;
    private uint _baseSeq;
    private uint _badSeq = SequenceMod + 1;
    private long _received;
    private long _expectedPrior;
    private long _receivedPrior;
    private bool _started;

    /// <summary>Whether any packet was counted.</summary>
    public bool Started => _started;

    /// <summary>Packets counted since the last <see cref="TakeFractionLost"/>.</summary>
    public long ReceivedSinceReport => _received - _receivedPrior;

    /// <summary>
    /// Counts a packet (A.1's update_seq); false when it is a big jump that is not yet believed (the next packet
    /// in sequence after it restarts the count).
    /// </summary>
    public bool Update(ushort seq)
    {
        if (!_started)
        {
            Init(seq);
            _started = true;
            _received++;
            return true;
        }

        var delta = (ushort)(seq - _maxSeq);
        if (delta < MaxDropout)
        {
            // In order, with a permissible gap; wrapping past zero counts a cycle.
            if (seq < _maxSeq)
            {
                _cycles += SequenceMod;
            }

            _maxSeq = seq;
        }
        else if (delta <= SequenceMod - MaxMisorder)
        {
            // A very large jump: believe it only when the next packet follows it (the source restarted).
            if (seq == _badSeq)
            {
                Init(seq);
            }
            else
            {
                _badSeq = (uint)((seq + 1) & (SequenceMod - 1));
                return false;
            }
        }

        // Otherwise a duplicate or reordered packet: counted, not moving the highest.
        _received++;
        return true;
    }

    /// <summary>Forgets the source (another replaced it).</summary>
    public void Reset()
    {
        _started = false;
        Init(0);
    }

    /// <summary>The figures now (A.3).</summary>
    public RtpReceptionStatistics Snapshot()
    {
        var extendedMax = _cycles + _maxSeq;
        var expected = (long)extendedMax - _baseSeq + 1;
        var lost = Math.Clamp(expected - _received, -0x800000, 0x7FFFFF);
        return new RtpReceptionStatistics(extendedMax, _started ? expected : 0, _received, _started ? (int)lost : 0);
    }

    /// <summary>The fraction lost since the previous call, in 1/256 (A.3), and starts the next interval.</summary>
    public byte TakeFractionLost()
    {
        var expected = Snapshot().Expected;
        var expectedInterval = expected - _expectedPrior;
        _expectedPrior = expected;
        var receivedInterval = _received - _receivedPrior;
        _receivedPrior = _received;
        var lostInterval = expectedInterval - receivedInterval;
        return expectedInterval == 0 || lostInterval <= 0 ? (byte)0 : (byte)Math.Min(255, (lostInterval << 8) / expectedInterval);
    }

    private void Init(ushort seq)
    {
        _baseSeq = seq;
        _maxSeq = seq;
        _badSeq = SequenceMod + 1;
        _cycles = 0;
        _received = 0;
        _receivedPrior = 0;
        _expectedPrior = 0;
    }
}
