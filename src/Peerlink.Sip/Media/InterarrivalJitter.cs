namespace Peerlink.Sip.Media;

/// <summary>
/// The interarrival jitter of RFC 3550 §6.4.1, computed as A.8 does: the mean deviation of the difference in
/// transit time between consecutive packets, smoothed by 1/16, in timestamp units. Kept in the integer form
/// of A.8 (scaled by 16) so it matches what other implementations report.
/// </summary>
internal sealed class InterarrivalJitter(int clockRate)
{
    private readonly int _clockRate = clockRate > 0 ? clockRate : throw new ArgumentOutOfRangeException(nameof(clockRate));
    private uint _transit;
    private bool _hasTransit;
    private uint _scaled; // J × 16

    /// <summary>The jitter in timestamp units, as a report block carries it.</summary>
    public uint Value => _scaled >> 4;

    /// <summary>Takes one packet's RTP timestamp and its arrival time.</summary>
    public void Update(TimeSpan arrival, uint rtpTimestamp)
    {
        // A.8: transit = arrival - timestamp, both in the media clock; only differences matter, so wrapping is fine.
        var transit = unchecked(ToClock(arrival) - rtpTimestamp);
        if (_hasTransit)
        {
            var d = Math.Abs((long)unchecked((int)(transit - _transit)));
            _scaled = (uint)Math.Clamp(_scaled + d - ((_scaled + 8) >> 4), 0, uint.MaxValue);
        }

        _transit = transit;
        _hasTransit = true;
    }

    /// <summary>Forgets the previous transit time (the source restarted its timestamps), keeping the estimate.</summary>
    public void Restart() => _hasTransit = false;

    /// <summary>Forgets everything, as for a new source.</summary>
    public void Clear()
    {
        _hasTransit = false;
        _scaled = 0;
    }

    private uint ToClock(TimeSpan time)
    {
        var ticks = time.Ticks;
        return unchecked((uint)((ticks / TimeSpan.TicksPerSecond * _clockRate) + (ticks % TimeSpan.TicksPerSecond * _clockRate / TimeSpan.TicksPerSecond)));
    }
}
