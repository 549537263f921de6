using Peerlink.Core;

namespace Peerlink.Sip.Media;

/// <summary>
/// One end of a two-party G.711 audio call over RTP and RTCP (RFC 3550, RFC 3551), sans-IO.
/// <para>
/// Sending: <see cref="EnqueueAudio"/> queues 16-bit PCM at 8 kHz; from <see cref="Start"/> on, every 20 ms slot
/// takes 160 samples and sends them as one packet. Sequence numbers go up by one a packet and timestamps by 160 a
/// slot, from random starting points (§5.1), so a slot with no audio queued sends nothing but still moves the
/// timestamp, and the next packet carries the marker bit (a new talkspurt, RFC 3551 §4.1).
/// <see cref="SendTelephoneEvent"/> sends an RFC 4733 event in the slots that follow instead of audio.
/// </para>
/// <para>
/// Receiving: RTP from the peer goes through A.1's sequence checks (<see cref="Reception"/>) into a
/// <see cref="JitterBuffer"/>; its slots come out decoded by <see cref="DrainAudio"/>, a gap repeating the previous
/// frame once and silence after that. A new SSRC replaces the old one (a two-party call has one remote source).
/// </para>
/// <para>
/// RTCP: a compound SR (when we sent since the last report) or RR, with a report block on the peer when it sent,
/// and SDES CNAME, every <see cref="RtpSessionOptions.ReportInterval"/> randomized to 0.5-1.5 times (§6.3.1), the
/// first after half of it (§6.2). That is A.7's computation for two parties: at any bandwidth a call has, the
/// 5 s minimum wins, so the bandwidth share, the member count, the 1/(e − 3/2) compensation and timer
/// reconsideration are left out. <see cref="Stop"/> sends a last report with a BYE.
/// </para>
/// The caller hands in <c>now</c> (monotonic), calls <see cref="Poll"/> at <see cref="NextDeadline"/>, and sends
/// what <see cref="DrainDatagrams"/> gives. SSRC collision handling (§8.2) is not done: a call has two sources
/// with random 32-bit identifiers.
/// </summary>
public sealed class RtpSession
{
    private static readonly TimeSpan Frame = TimeSpan.FromMilliseconds(20);
    private const int FrameSamples = 160;

    // §2.5.1.4 of RFC 4733: the end of an event is sent three times, in case one is lost.
    private const int TelephoneEventEndRepeats = 3;

    private readonly RtpSessionOptions _options;
    private readonly Random _random;
    private readonly string _cname;
    private readonly JitterBuffer _buffer;
    private readonly RtpReceiverStatistics _statistics = new();
    private readonly short[] _queue;
    private readonly List<RtpDatagram> _datagrams = [];
    private readonly List<ReceivedAudio> _audio = [];
    private readonly List<RtpSessionEvent> _events = [];
    private readonly Queue<(byte Event, byte Volume, int Samples)> _pendingEvents = new();
    private int _queueHead;
    private int _queueCount;
    private bool _started;
    private bool _stopped;
    private TimeSpan _startedAt;
    private readonly uint _firstTimestamp;
    private long _slot; // slots since Start: slot k is at _startedAt + 20k ms with timestamp _firstTimestamp + 160k
    private ushort _sequence;
    private bool _talkspurt;
    private TimeSpan _nextReport;
    private bool _sentSinceReport;
    private ActiveEvent? _event;
    private short[]? _lastFrame;
    private bool _concealedOnce;
    private uint? _remoteSsrc;
    private uint _remoteLsr;
    private TimeSpan _remoteSrArrival;
    private uint? _lastEndedEventTimestamp;

    /// <summary>Creates a session; <paramref name="random"/> draws the SSRC, the first sequence number and timestamp (§5.1), and the report times.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of its range.</exception>
    public RtpSession(Random random, RtpSessionOptions? options = null)
    {
        _random = random ?? throw new ArgumentNullException(nameof(random));
        _options = (options ?? new RtpSessionOptions()).Validated();
        Ssrc = NextUInt32();
        _sequence = (ushort)_random.Next(0x10000);
        _firstTimestamp = NextUInt32();
        _cname = _options.Cname ?? $"peerlink-{Ssrc:x8}";
        _buffer = new JitterBuffer(_options.JitterBuffer);
        _queue = new short[_options.MaxQueuedSamples];
    }

    /// <summary>Our SSRC.</summary>
    public uint Ssrc { get; }

    /// <summary>Our SDES CNAME.</summary>
    public string Cname => _cname;

    /// <summary>The peer's SSRC, once it sent RTP.</summary>
    public uint? RemoteSsrc => _remoteSsrc;

    /// <summary>The sequence number the next packet gets.</summary>
    public ushort NextSequenceNumber => _sequence;

    /// <summary>The timestamp of the next slot.</summary>
    public uint NextTimestamp => unchecked(_firstTimestamp + (uint)(_slot * FrameSamples));

    /// <summary>Samples queued and not yet sent.</summary>
    public int QueuedSamples => _queueCount;

    /// <summary>The jitter buffer the peer's packets go through, for its counters.</summary>
    public JitterBuffer JitterBuffer => _buffer;

    /// <summary>How the peer's packets arrive (A.1, A.3), for the source now heard.</summary>
    public RtpReceptionStatistics Reception => _statistics.Snapshot();

    /// <summary>RTP packets sent.</summary>
    public long PacketsSent { get; private set; }

    /// <summary>Payload octets sent (what an SR's octet count says).</summary>
    public long OctetsSent { get; private set; }

    /// <summary>RTCP compound packets sent.</summary>
    public long ReportsSent { get; private set; }

    /// <summary>RTP packets received and accepted.</summary>
    public long PacketsReceived { get; private set; }

    /// <summary>Datagrams dropped because they were not RTP or RTCP (the reason is lost, the count is not).</summary>
    public long Malformed { get; private set; }

    /// <summary>RTP packets dropped for a payload type that is neither G.711 nor the telephone-event type.</summary>
    public long UnknownPayloadType { get; private set; }

    /// <summary>RTP packets dropped by A.1's sequence checks (a big jump not yet believed).</summary>
    public long SequenceJumps { get; private set; }

    /// <summary>RTCP compound packets received.</summary>
    public long ReportsReceived { get; private set; }

    /// <summary>Received frames dropped because nobody drained them.</summary>
    public long AudioOverflow { get; private set; }

    /// <summary>When <see cref="Poll"/> next has something to do; null before <see cref="Start"/> and after <see cref="Stop"/>.</summary>
    public TimeSpan? NextDeadline
    {
        get
        {
            if (!_started || _stopped)
            {
                return null;
            }

            var next = SlotTime(_slot) < _nextReport ? SlotTime(_slot) : _nextReport;
            return _buffer.NextDeadline is { } play && play < next ? play : next;
        }
    }

    /// <summary>Starts the send clock and the report timer at <paramref name="now"/>; the first slot is at once.</summary>
    /// <exception cref="InvalidOperationException">Started already.</exception>
    public void Start(TimeSpan now)
    {
        if (_started)
        {
            throw new InvalidOperationException("the session has started already");
        }

        _started = true;
        _startedAt = now;
        _talkspurt = false;
        _nextReport = now + (Randomized(_options.ReportInterval) / 2);
    }

    /// <summary>Queues PCM to send; returns how many samples fit (the rest is refused: the queue holds <see cref="RtpSessionOptions.MaxQueuedSamples"/>).</summary>
    public int EnqueueAudio(ReadOnlySpan<short> pcm)
    {
        var take = Math.Min(pcm.Length, _queue.Length - _queueCount);
        for (var i = 0; i < take; i++)
        {
            _queue[(_queueHead + _queueCount + i) % _queue.Length] = pcm[i];
        }

        _queueCount += take;
        return take;
    }

    /// <summary>
    /// Sends an RFC 4733 telephone event of <paramref name="duration"/> (at most 8 s, the 16-bit duration field) in
    /// the slots after those already given to events, instead of audio; the audio queued for those slots is dropped.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">An event code over 255, a volume over 63, or a duration outside 20 ms to 8 s.</exception>
    public void SendTelephoneEvent(byte @event, TimeSpan duration, byte volume = 10)
    {
        if (volume > 63)
        {
            throw new ArgumentOutOfRangeException(nameof(volume), volume, "0 to 63 (-dBm0)");
        }

        if (duration < Frame || duration > TimeSpan.FromSeconds(8))
        {
            throw new ArgumentOutOfRangeException(nameof(duration), duration, "20 ms to 8 s");
        }

        _pendingEvents.Enqueue((@event, volume, (int)(duration.Ticks * _options.Codec.ClockRate / TimeSpan.TicksPerSecond)));
    }

    /// <summary>Hands in a datagram from the media port, RTP and RTCP told apart by RFC 5761 §4 (rtcp-mux): PT 192-223 is RTCP.</summary>
    public void Receive(TimeSpan now, ReadOnlySpan<byte> datagram)
    {
        if (datagram.Length >= 2 && datagram[1] is >= 192 and <= 223)
        {
            ReceiveRtcp(now, datagram);
        }
        else
        {
            ReceiveRtp(now, datagram);
        }
    }

    /// <summary>Hands in an RTP datagram; false when it was dropped (and counted).</summary>
    public bool ReceiveRtp(TimeSpan now, ReadOnlySpan<byte> datagram)
    {
        if (_stopped)
        {
            return false;
        }

        if (!RtpCodec.TryRead(datagram, out var packet, out _))
        {
            Malformed++;
            return false;
        }

        var isEvent = packet.PayloadType == _options.TelephoneEventPayloadType;
        if (!isEvent && G711Codec.FromPayloadType(packet.PayloadType) is null && packet.PayloadType != _options.AudioPayloadType)
        {
            UnknownPayloadType++;
            return false;
        }

        if (packet.Ssrc != _remoteSsrc)
        {
            // §8: a call has one remote source; another SSRC means the peer restarted its stream.
            _remoteSsrc = packet.Ssrc;
            _statistics.Reset();
            _buffer.Reset();
            _remoteLsr = 0;
            _lastEndedEventTimestamp = null;
            _events.Add(new RemoteSourceChanged(packet.Ssrc));
        }

        if (!_statistics.Update(packet.SequenceNumber))
        {
            SequenceJumps++;
            return false;
        }

        PacketsReceived++;
        if (isEvent)
        {
            // Events share the stream's sequence numbers but not its jitter buffer: their slots play as gaps.
            if (TelephoneEvent.TryRead(packet.Payload.Span, out var telephoneEvent, out _) && telephoneEvent.End && _lastEndedEventTimestamp != packet.Timestamp)
            {
                _lastEndedEventTimestamp = packet.Timestamp;
                _events.Add(new TelephoneEventReceived(telephoneEvent.Event, TimeSpan.FromTicks(telephoneEvent.Duration * TimeSpan.TicksPerSecond / _options.Codec.ClockRate)));
            }

            return true;
        }

        _buffer.Push(now, packet);
        return true;
    }

    /// <summary>Hands in an RTCP datagram; false when it was dropped (and counted).</summary>
    public bool ReceiveRtcp(TimeSpan now, ReadOnlySpan<byte> datagram)
    {
        if (_stopped)
        {
            return false;
        }

        if (!RtcpCodec.TryReadCompound(datagram, out var packets, out _))
        {
            Malformed++;
            return false;
        }

        ReportsReceived++;
        foreach (var packet in packets)
        {
            switch (packet)
            {
                case RtcpSenderReport sr:
                    if (sr.Ssrc == _remoteSsrc)
                    {
                        // §6.4.1: LSR is the middle 32 bits of the SR's NTP timestamp; DLSR counts from its arrival.
                        _remoteLsr = (uint)(sr.NtpTimestamp >> 16);
                        _remoteSrArrival = now;
                    }

                    TakeReports(now, sr.Reports);
                    break;
                case RtcpReceiverReport rr:
                    TakeReports(now, rr.Reports);
                    break;
                case RtcpGoodbye bye:
                    foreach (var ssrc in bye.Ssrcs)
                    {
                        if (ssrc == _remoteSsrc)
                        {
                            _events.Add(new RemoteGoodbye(ssrc, bye.Reason));
                        }
                    }

                    break;
            }
        }

        return true;
    }

    /// <summary>Sends what is due at <paramref name="now"/>: audio and event slots, playout slots, reports.</summary>
    public void Poll(TimeSpan now)
    {
        if (!_started || _stopped)
        {
            return;
        }

        // A caller that stalled for over a second does not get a burst: the skipped slots are passed by (their
        // timestamps too, so the clock stays true), as if the audio had been silent.
        var behind = (now - SlotTime(_slot)).Ticks / Frame.Ticks;
        if (behind > 50)
        {
            _slot += behind - 50;
            _talkspurt = false;
        }

        while (SlotTime(_slot) <= now)
        {
            SendSlot();
            _slot++;
        }

        while (_buffer.TryTake(now, out var frame))
        {
            Play(frame);
        }

        if (now >= _nextReport)
        {
            SendReport(now, goodbye: null);
            _nextReport = now + Randomized(_options.ReportInterval);
        }
    }

    /// <summary>Sends a last report with an RTCP BYE (§6.6) and stops; later calls do nothing.</summary>
    public void Stop(TimeSpan now, string? reason = null)
    {
        if (_stopped)
        {
            return;
        }

        if (_started)
        {
            SendReport(now, new RtcpGoodbye([Ssrc]) { Reason = reason });
        }

        _stopped = true;
    }

    /// <summary>The datagrams to send, in order; the list is emptied.</summary>
    public IReadOnlyList<RtpDatagram> DrainDatagrams() => Drain(_datagrams);

    /// <summary>The peer's audio played out since the last call, 20 ms a frame; the list is emptied.</summary>
    public IReadOnlyList<ReceivedAudio> DrainAudio() => Drain(_audio);

    /// <summary>What the peer told us since the last call; the list is emptied.</summary>
    public IReadOnlyList<RtpSessionEvent> DrainEvents() => Drain(_events);

    private static T[] Drain<T>(List<T> list)
    {
        var items = list.ToArray();
        list.Clear();
        return items;
    }

    private TimeSpan SlotTime(long slot) => _startedAt + (slot * Frame);

    private uint SlotTimestamp(long slot) => unchecked(_firstTimestamp + (uint)(slot * FrameSamples));

    private void SendSlot()
    {
        var audio = _queueCount >= FrameSamples;
        if (_event is null && _pendingEvents.TryDequeue(out var next))
        {
            _event = new ActiveEvent(next.Event, next.Volume, next.Samples, SlotTimestamp(_slot));
        }

        if (_event is { } active)
        {
            if (audio)
            {
                DropQueued(FrameSamples);
            }

            SendEventSlot(active);
            return;
        }

        if (!audio)
        {
            _talkspurt = false;
            return;
        }

        var payload = new byte[FrameSamples];
        for (var i = 0; i < FrameSamples; i++)
        {
            payload[i] = _options.Codec.Encode(_queue[(_queueHead + i) % _queue.Length]);
        }

        DropQueued(FrameSamples);
        SendRtp(new RtpPacket(_options.AudioPayloadType, _sequence, SlotTimestamp(_slot), Ssrc, Bytes.Copy(payload)) { Marker = !_talkspurt });
        _talkspurt = true;
    }

    private void SendEventSlot(ActiveEvent active)
    {
        // RFC 4733 §2.5.1: every packet of an event has the timestamp of its start and the duration so far;
        // the first has the marker bit; the last, with E set, goes three times.
        var elapsed = Math.Min(active.Samples, (int)(SlotTimestamp(_slot + 1) - active.Timestamp));
        var end = elapsed >= active.Samples;
        var payload = new TelephoneEvent(active.Event, end, active.Volume, (ushort)elapsed).ToBytes();
        SendRtp(new RtpPacket(_options.TelephoneEventPayloadType, _sequence, active.Timestamp, Ssrc, Bytes.Copy(payload)) { Marker = active.Sent == 0 });
        active.Sent++;
        if (end && ++active.EndsSent >= TelephoneEventEndRepeats)
        {
            _event = null;
            _talkspurt = false;
        }
    }

    private void SendRtp(RtpPacket packet)
    {
        _datagrams.Add(new RtpDatagram(RtpChannel.Rtp, RtpCodec.Encode(packet)));
        _sequence++;
        PacketsSent++;
        OctetsSent += packet.Payload.Length;
        _sentSinceReport = true;
    }

    private void DropQueued(int samples)
    {
        _queueHead = (_queueHead + samples) % _queue.Length;
        _queueCount -= samples;
    }

    private void Play(JitterFrame frame)
    {
        short[] samples;
        switch (frame.Kind)
        {
            case JitterFrameKind.Packet:
                var payload = frame.Packet!.Payload.Span;
                samples = new short[payload.Length];
                (G711Codec.FromPayloadType(frame.Packet.PayloadType) ?? _options.Codec).Decode(payload, samples);
                _lastFrame = samples;
                _concealedOnce = false;
                break;
            case JitterFrameKind.Concealed when _lastFrame is not null && !_concealedOnce:
                // One lost frame is hidden by repeating the last; a longer gap falls silent.
                samples = (short[])_lastFrame.Clone();
                _concealedOnce = true;
                break;
            default:
                samples = new short[FrameSamples];
                break;
        }

        if (_audio.Count >= _options.MaxReceivedFrames)
        {
            _audio.RemoveAt(0);
            AudioOverflow++;
        }

        _audio.Add(new ReceivedAudio(frame.Kind, samples));
    }

    private void TakeReports(TimeSpan now, ValueList<RtcpReportBlock> reports)
    {
        foreach (var block in reports)
        {
            if (block.Ssrc != Ssrc)
            {
                continue;
            }

            TimeSpan? roundTrip = null;
            if (block.LastSenderReport != 0)
            {
                // §6.4.1: RTT = A - LSR - DLSR, all in 1/65536 s of our NTP clock's middle bits.
                var arrival = unchecked((uint)(Ntp(now) >> 16));
                var rtt = unchecked(arrival - block.LastSenderReport - block.DelaySinceLastSenderReport);
                if (rtt < 0x8000_0000)
                {
                    roundTrip = TimeSpan.FromTicks((long)rtt * TimeSpan.TicksPerSecond / 65536);
                }
            }

            _events.Add(new ReceptionReported(block, roundTrip));
        }
    }

    private void SendReport(TimeSpan now, RtcpGoodbye? goodbye)
    {
        var blocks = new List<RtcpReportBlock>();
        if (_remoteSsrc is { } remote && _statistics.Started && _statistics.ReceivedSinceReport > 0)
        {
            var reception = _statistics.Snapshot();
            var dlsr = _remoteLsr == 0 ? 0u : (uint)Math.Min(uint.MaxValue, (now - _remoteSrArrival).Ticks * 65536 / TimeSpan.TicksPerSecond);
            blocks.Add(new RtcpReportBlock(remote, _statistics.TakeFractionLost(), reception.CumulativeLost, reception.ExtendedHighestSequence, _buffer.Jitter, _remoteLsr, dlsr));
        }

        RtcpPacket report = _sentSinceReport
            ? new RtcpSenderReport(Ssrc, Ntp(now), RtpTimestampAt(now), unchecked((uint)PacketsSent), unchecked((uint)OctetsSent)) { Reports = [.. blocks] }
            : new RtcpReceiverReport(Ssrc) { Reports = [.. blocks] };
        var sdes = new RtcpSourceDescription([new RtcpSdesChunk(Ssrc, [RtcpSdesItem.FromText(RtcpSdesType.Cname, _cname)])]);
        _datagrams.Add(new RtpDatagram(RtpChannel.Rtcp, RtcpCodec.EncodeCompound(goodbye is null ? [report, sdes] : [report, sdes, goodbye])));
        _sentSinceReport = false;
        ReportsSent++;
    }

    /// <summary>The RTP timestamp of <paramref name="now"/> on the send clock (slots are 160 units apart).</summary>
    private uint RtpTimestampAt(TimeSpan now) =>
        unchecked(_firstTimestamp + (uint)((now - _startedAt).Ticks * _options.Codec.ClockRate / TimeSpan.TicksPerSecond));

    /// <summary>The 64-bit NTP timestamp of <paramref name="now"/> (seconds since 1900 and a binary fraction).</summary>
    private ulong Ntp(TimeSpan now)
    {
        var ntpEpoch = new DateTimeOffset(1900, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var since = _options.WallClockAtZero is { } zero ? zero - ntpEpoch + now : now;
        var seconds = (ulong)(since.Ticks / TimeSpan.TicksPerSecond);
        var fraction = (ulong)(since.Ticks % TimeSpan.TicksPerSecond) * (1UL << 32) / TimeSpan.TicksPerSecond;
        return unchecked((seconds << 32) | fraction);
    }

    private TimeSpan Randomized(TimeSpan interval) => interval * (0.5 + _random.NextDouble());

    private uint NextUInt32()
    {
        Span<byte> bytes = stackalloc byte[4];
        _random.NextBytes(bytes);
        return BitConverter.ToUInt32(bytes);
    }

    private sealed class ActiveEvent(byte @event, byte volume, int samples, uint timestamp)
    {
        public byte Event { get; } = @event;

        public byte Volume { get; } = volume;

        public int Samples { get; } = samples;

        public uint Timestamp { get; } = timestamp;

        public int Sent { get; set; }

        public int EndsSent { get; set; }
    }
}
