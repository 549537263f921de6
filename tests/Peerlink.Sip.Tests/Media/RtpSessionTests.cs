using FsCheck.Xunit;
using Peerlink.Core;
using Peerlink.Sip.Media;

namespace Peerlink.Sip.Tests.Media;

public class RtpSessionTests
{
    private static TimeSpan Ms(double ms) => TimeSpan.FromMilliseconds(ms);

    private static short[] Tone(int samples, double hz = 1000, double amplitude = 8000) =>
        [.. Enumerable.Range(0, samples).Select(i => (short)Math.Round(amplitude * Math.Sin(2 * Math.PI * hz * i / 8000)))];

    private static List<RtpPacket> RtpOf(IEnumerable<RtpDatagram> datagrams) =>
        [.. datagrams.Where(d => d.Channel == RtpChannel.Rtp).Select(d => RtpCodec.TryRead(d.Bytes, out var p, out _) ? p : throw new InvalidOperationException("bad RTP"))];

    private static List<IReadOnlyList<RtcpPacket>> RtcpOf(IEnumerable<RtpDatagram> datagrams) =>
        [.. datagrams.Where(d => d.Channel == RtpChannel.Rtcp).Select(d => RtcpCodec.TryReadCompound(d.Bytes, out var p, out _) ? p : throw new InvalidOperationException("bad RTCP"))];

    [Fact]
    public void Poll_QueuedFrames_OnePacketPerSlotWithSequenceAndTimestampSteps()
    {
        var session = new RtpSession(new Random(1));
        var seq0 = session.NextSequenceNumber;
        var ts0 = session.NextTimestamp;
        session.Start(Ms(1000));
        Assert.Equal(Ms(1000), session.NextDeadline);
        Assert.Equal(480, session.EnqueueAudio(Tone(480)));
        session.Poll(Ms(1000));
        Assert.Equal(Ms(1020), session.NextDeadline);
        session.Poll(Ms(1020));
        session.Poll(Ms(1040));
        session.Poll(Ms(1060)); // nothing queued: no packet, but the timestamp moves on
        session.EnqueueAudio(Tone(160));
        session.Poll(Ms(1080));
        var packets = RtpOf(session.DrainDatagrams());

        Assert.Equal([seq0, (ushort)(seq0 + 1), (ushort)(seq0 + 2), (ushort)(seq0 + 3)], packets.Select(p => p.SequenceNumber));
        Assert.Equal([ts0, ts0 + 160, ts0 + 320, ts0 + 640], packets.Select(p => p.Timestamp));
        Assert.Equal([true, false, false, true], packets.Select(p => p.Marker)); // RFC 3551 §4.1: a talkspurt's first
        Assert.All(packets, p => Assert.Equal(session.Ssrc, p.Ssrc));
        Assert.All(packets, p => Assert.Equal(0, p.PayloadType));
        Assert.All(packets, p => Assert.Equal(160, p.Payload.Length));
        Assert.Equal(4, session.PacketsSent);
        Assert.Equal(640, session.OctetsSent);
    }

    [Fact]
    public void Poll_Pcma_PayloadIsTheALawOfTheQueuedSamples()
    {
        var session = new RtpSession(new Random(2), new RtpSessionOptions { Codec = G711Codec.Pcma });
        var pcm = Tone(160);
        session.EnqueueAudio(pcm);
        session.Start(TimeSpan.Zero);
        session.Poll(TimeSpan.Zero);
        var packet = Assert.Single(RtpOf(session.DrainDatagrams()));
        Assert.Equal(8, packet.PayloadType);
        Assert.Equal(pcm.Select(G711.ALawEncode), packet.Payload.Span.ToArray());
    }

    [Fact]
    public void Constructor_SameSeed_SameSsrcSequenceAndTimestamp_OtherSeedOther()
    {
        var a = new RtpSession(new Random(7));
        var b = new RtpSession(new Random(7));
        var c = new RtpSession(new Random(8));
        Assert.Equal((a.Ssrc, a.NextSequenceNumber, a.NextTimestamp), (b.Ssrc, b.NextSequenceNumber, b.NextTimestamp));
        Assert.NotEqual(a.Ssrc, c.Ssrc);
        Assert.Equal($"peerlink-{a.Ssrc:x8}", a.Cname);
    }

    [Fact]
    public void EnqueueAudio_OverTheQueueLimit_TakesWhatFits()
    {
        var session = new RtpSession(new Random(1), new RtpSessionOptions { MaxQueuedSamples = 400 });
        Assert.Equal(400, session.EnqueueAudio(new short[1000]));
        Assert.Equal(0, session.EnqueueAudio(new short[10]));
    }

    [Fact]
    public void Poll_StalledForSeconds_NoBurstAndTheTimestampStaysOnTheClock()
    {
        var session = new RtpSession(new Random(1));
        var ts0 = session.NextTimestamp;
        session.Start(TimeSpan.Zero);
        session.EnqueueAudio(new short[160 * 200]);
        session.Poll(TimeSpan.FromSeconds(10));
        var packets = RtpOf(session.DrainDatagrams());
        Assert.InRange(packets.Count, 1, 51);
        Assert.Equal(ts0 + (uint)(500 * 160), packets[^1].Timestamp); // slot 500 is at 10 s
        Assert.True(packets[0].Marker);
    }

    [Fact]
    public void Call_OverALink_PlaysThePeersAudioDecodedWithNoLoss()
    {
        var link = new Link(TimeSpan.FromMilliseconds(5));
        var pcm = Tone(160 * 50);
        link.A.EnqueueAudio(pcm);
        link.Run(TimeSpan.FromSeconds(1.5));

        var frames = link.AudioAtB.Where(f => f.Kind == JitterFrameKind.Packet).ToList();
        Assert.Equal(50, frames.Count);
        Assert.Equal(pcm.Select(s => G711.MuLawDecode(G711.MuLawEncode(s))), frames.SelectMany(f => f.Samples));
        Assert.Equal(link.A.Ssrc, link.B.RemoteSsrc);
        Assert.Contains(new RemoteSourceChanged(link.A.Ssrc), link.EventsAtB);
        var reception = link.B.Reception;
        Assert.Equal(50, reception.Expected);
        Assert.Equal(50, reception.Received);
        Assert.Equal(0, reception.CumulativeLost);
        Assert.Equal(0, link.B.JitterBuffer.Concealed);
    }

    [Fact]
    public void Call_TwoPacketsLost_CountedAndReportedAsA3Says()
    {
        var link = new Link(TimeSpan.FromMilliseconds(5)) { DropFromA = seqIndex => seqIndex is 7 or 13 };
        link.A.EnqueueAudio(Tone(160 * 20));
        link.Run(TimeSpan.FromSeconds(4)); // past B's first report (1.25-3.75 s)

        Assert.Equal(2, link.B.Reception.CumulativeLost);
        Assert.Equal(2, link.B.JitterBuffer.Concealed);

        // B's first RR reports on A: 2 of 20 lost is 25/256 (A.3: (2 << 8) / 20).
        var block = link.ReportsFromB.SelectMany(c => c).OfType<RtcpReceiverReport>().SelectMany(r => r.Reports).First();
        Assert.Equal(link.A.Ssrc, block.Ssrc);
        Assert.Equal(25, block.FractionLost);
        Assert.Equal(2, block.CumulativeLost);
        Assert.Equal((uint)(ushort)(link.FirstSequenceOfA + 19), block.ExtendedHighestSequence & 0xFFFF);

        // A hears it about itself.
        var reported = Assert.Single(link.EventsAtA.OfType<ReceptionReported>());
        Assert.Equal(25, reported.Report.FractionLost);
    }

    [Fact]
    public void Call_ConcealedGapOfOne_RepeatsThePreviousFrame()
    {
        var link = new Link(TimeSpan.FromMilliseconds(5)) { DropFromA = i => i == 3 };
        link.A.EnqueueAudio(Tone(160 * 6));
        link.Run(TimeSpan.FromSeconds(0.5));
        var frames = link.AudioAtB.SkipWhile(f => f.Kind != JitterFrameKind.Packet).Take(6).ToList();
        Assert.Equal(JitterFrameKind.Concealed, frames[3].Kind);
        Assert.Equal(frames[2].Samples, frames[3].Samples);
    }

    [Fact]
    public void Reports_SrWhileSendingRrWhileNot_EachWithCnameAtRandomizedIntervals()
    {
        var link = new Link(TimeSpan.FromMilliseconds(5));
        link.A.EnqueueAudio(Tone(160 * 100)); // 2 s of audio, then A only listens
        link.Run(TimeSpan.FromSeconds(40));

        var times = link.ReportTimesFromA;
        Assert.InRange(times[0].TotalSeconds, 1.25, 3.75); // §6.2: the first after half the interval, randomized
        foreach (var (earlier, later) in times.Zip(times.Skip(1)))
        {
            Assert.InRange((later - earlier).TotalSeconds, 2.5, 7.5); // §6.3.1: 0.5-1.5 times 5 s
        }

        var fromA = link.ReportsFromA;
        Assert.IsType<RtcpSenderReport>(fromA[0][0]);
        Assert.IsType<RtcpReceiverReport>(fromA[^1][0]);
        Assert.All(fromA, c => Assert.Equal(link.A.Cname, Assert.IsType<RtcpSourceDescription>(c[1]).Chunks[0].Items[0].Text));
        var sr = (RtcpSenderReport)fromA[0][0];
        Assert.Equal((uint)link.SentBeforeReportFromA[0], sr.PacketCount);
        Assert.Equal((uint)(160 * link.SentBeforeReportFromA[0]), sr.OctetCount);
        Assert.InRange(sr.PacketCount, 1u, 99u);
    }

    [Fact]
    public void Reports_SenderReportAnsweredWithLsrAndDlsr_RoundTripIsTheLinkDelay()
    {
        // 30 ms each way: A's SR reaches B, B's RR carries LSR and DLSR, A computes A - LSR - DLSR = 60 ms.
        var link = new Link(TimeSpan.FromMilliseconds(30));
        link.A.EnqueueAudio(Tone(160 * 500));
        link.B.EnqueueAudio(Tone(160 * 500));
        link.Run(TimeSpan.FromSeconds(20));

        var withRtt = link.EventsAtA.OfType<ReceptionReported>().Where(r => r.RoundTrip is not null).ToList();
        Assert.NotEmpty(withRtt);
        Assert.All(withRtt, r => Assert.InRange(r.RoundTrip!.Value.TotalMilliseconds, 59.9, 60.1));
        Assert.All(withRtt, r => Assert.NotEqual(0u, r.Report.DelaySinceLastSenderReport));
    }

    [Fact]
    public void SenderReport_WallClockGiven_NtpTimestampIsThatTime()
    {
        var wall = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var session = new RtpSession(new Random(3), new RtpSessionOptions { WallClockAtZero = wall });
        session.Start(TimeSpan.Zero);
        session.EnqueueAudio(new short[160]);
        session.Poll(TimeSpan.Zero);
        session.Poll(TimeSpan.FromSeconds(4)); // the first report is due by 3.75 s
        var sr = RtcpOf(session.DrainDatagrams()).Select(c => c[0]).OfType<RtcpSenderReport>().Single();
        var seconds = (long)(sr.NtpTimestamp >> 32);
        Assert.Equal((long)(wall - new DateTimeOffset(1900, 1, 1, 0, 0, 0, TimeSpan.Zero)).TotalSeconds + 4, seconds);
    }

    [Fact]
    public void Stop_SendsReportSdesAndBye_PeerHearsTheGoodbye()
    {
        var link = new Link(TimeSpan.FromMilliseconds(5));
        link.A.EnqueueAudio(Tone(160 * 5));
        link.Run(TimeSpan.FromSeconds(0.2));
        link.A.Stop(Ms(200), "hangup");
        var bye = link.Flush(Ms(200));
        Assert.Equal([typeof(RtcpSenderReport), typeof(RtcpSourceDescription), typeof(RtcpGoodbye)], bye.Select(p => p.GetType()));
        Assert.Contains(new RemoteGoodbye(link.A.Ssrc, "hangup"), link.B.DrainEvents());
        Assert.Null(link.A.NextDeadline);
    }

    [Fact]
    public void SendTelephoneEvent_Digit_Rfc4733PacketsInsteadOfAudio_PeerGetsItOnce()
    {
        var link = new Link(TimeSpan.FromMilliseconds(5));
        link.A.EnqueueAudio(Tone(160 * 20));
        link.A.SendTelephoneEvent(TelephoneEvent.FromDigit('5')!.Value, Ms(100));
        link.Run(TimeSpan.FromSeconds(1));

        var events = link.RtpFromA.Where(p => p.PayloadType == 101).ToList();
        Assert.Equal(5 + 2, events.Count); // 160 .. 800 samples, then the end twice more (§2.5.1.4)
        Assert.All(events, p => Assert.Equal(events[0].Timestamp, p.Timestamp));
        Assert.Equal([true, false, false, false, false, false, false], events.Select(p => p.Marker));
        var payloads = events.Select(p => TelephoneEvent.TryRead(p.Payload.Span, out var e, out _) ? e : default).ToList();
        Assert.Equal([160, 320, 480, 640, 800, 800, 800], payloads.Select(e => (int)e.Duration));
        Assert.Equal([false, false, false, false, true, true, true], payloads.Select(e => e.End));
        Assert.All(payloads, e => Assert.Equal(5, e.Event));

        // The event took the first 7 slots; audio follows, a new talkspurt, 13 frames of the 20 left.
        var audio = link.RtpFromA.Where(p => p.PayloadType == 0).ToList();
        Assert.Equal(13, audio.Count);
        Assert.True(audio[0].Marker);
        Assert.Equal(events[0].Timestamp + (7 * 160), audio[0].Timestamp);
        Assert.Equal(Enumerable.Range(0, 20).Select(i => (ushort)(link.FirstSequenceOfA + i)), link.RtpFromA.Select(p => p.SequenceNumber));

        Assert.Equal([new TelephoneEventReceived(5, Ms(100))], link.EventsAtB.OfType<TelephoneEventReceived>());
    }

    [Fact]
    public void Receive_BadBytesUnknownPayloadTypeNewSource_CountedOrAnnounced()
    {
        var session = new RtpSession(new Random(4));
        session.Start(TimeSpan.Zero);
        Assert.False(session.ReceiveRtp(TimeSpan.Zero, [1, 2, 3]));
        Assert.False(session.ReceiveRtcp(TimeSpan.Zero, [0x80, 0xCA, 0, 0]));
        Assert.Equal(2, session.Malformed);

        Assert.False(session.ReceiveRtp(TimeSpan.Zero, RtpCodec.Encode(new RtpPacket(18, 1, 0, 9, Bytes.FromHex("00")))));
        Assert.Equal(1, session.UnknownPayloadType);

        Assert.True(session.ReceiveRtp(TimeSpan.Zero, RtpCodec.Encode(new RtpPacket(0, 1, 0, 9, Bytes.FromHex("ff")))));
        Assert.True(session.ReceiveRtp(Ms(20), RtpCodec.Encode(new RtpPacket(0, 500, 0, 10, Bytes.FromHex("ff")))));
        Assert.Equal([new RemoteSourceChanged(9), new RemoteSourceChanged(10)], session.DrainEvents());
        Assert.Equal(1, session.Reception.Received);
    }

    [Fact]
    public void Receive_RtcpMux_RtcpToldApartByPayloadType()
    {
        var session = new RtpSession(new Random(4));
        session.Start(TimeSpan.Zero);
        session.Receive(TimeSpan.Zero, RtcpCodec.EncodeCompound([new RtcpReceiverReport(5)]));
        session.Receive(TimeSpan.Zero, RtpCodec.Encode(new RtpPacket(0, 1, 0, 9, Bytes.FromHex("ff"))));
        Assert.Equal(1, session.ReportsReceived);
        Assert.Equal(1, session.PacketsReceived);
    }

    [Property(Replay = Replay.Seed, MaxTest = 100)]
    public void Call_JitteryLossyLink_PlaysWhatArrivesInOrderAndCountsTheRest(int seed)
    {
        // Each packet is delayed 0-55 ms (less than the 60 ms depth) or, one in ten, lost.
        var random = new Random(seed);
        var sender = new RtpSession(new Random(seed ^ 1));
        var receiver = new RtpSession(new Random(seed ^ 2));
        var frames = 50;
        // Frame k is all one mu-law level (code 0x80 + k), which G.711 carries exactly.
        var pcm = Enumerable.Range(0, 160 * frames).Select(i => G711.MuLawDecode((byte)(0x80 + (i / 160)))).ToArray();
        sender.EnqueueAudio(pcm);
        sender.Start(TimeSpan.Zero);
        receiver.Start(TimeSpan.Zero);
        var inFlight = new List<(TimeSpan At, byte[] Bytes, int Index)>();
        var delivered = new List<int>();
        var arrived = new List<int>();
        var played = new List<ReceivedAudio>();
        var index = 0;
        for (var tick = 0; tick <= 2000; tick++)
        {
            var now = Ms(tick);
            foreach (var f in inFlight.Where(f => f.At <= now).OrderBy(f => f.At).ToList())
            {
                inFlight.Remove(f);
                receiver.ReceiveRtp(now, f.Bytes);
                arrived.Add(f.Index);
            }

            sender.Poll(now);
            foreach (var d in sender.DrainDatagrams().Where(d => d.Channel == RtpChannel.Rtp))
            {
                if (random.Next(10) != 0)
                {
                    inFlight.Add((now + Ms(random.Next(56)), d.Bytes, index));
                    delivered.Add(index);
                }

                index++;
            }

            receiver.Poll(now);
            played.AddRange(receiver.DrainAudio());
        }

        var levels = played.Where(f => f.Kind == JitterFrameKind.Packet).Select(f => G711.MuLawEncode(f.Samples[0]) - 0x80).ToList();
        Assert.Equal(delivered, levels);
        // A.3: expected counts from the first packet to arrive (not the first sent) to the highest.
        Assert.Equal(arrived.Max() - arrived[0] + 1 - arrived.Count, receiver.Reception.CumulativeLost);
        Assert.Equal(0, receiver.JitterBuffer.Late);
    }

    [Property(Replay = Replay.Seed, MaxTest = 1000)]
    public void Receive_ArbitraryBytes_NeverThrows(byte[] bytes, bool asRtpHeader, byte payloadType)
    {
        var session = new RtpSession(new Random(4));
        session.Start(TimeSpan.Zero);
        if (asRtpHeader && bytes.Length >= 2)
        {
            bytes[0] = (byte)(0x80 | (bytes[0] & 0x3F));
            bytes[1] = payloadType;
        }

        session.Receive(TimeSpan.Zero, bytes);
        session.Receive(Ms(10), bytes);
        session.Poll(TimeSpan.FromSeconds(4));
        Assert.True(session.Malformed + session.UnknownPayloadType + session.PacketsReceived + session.ReportsReceived + session.SequenceJumps >= 2);
    }

    [Theory]
    [InlineData('0', 0)]
    [InlineData('9', 9)]
    [InlineData('*', 10)]
    [InlineData('#', 11)]
    [InlineData('a', 12)]
    [InlineData('D', 15)]
    public void TelephoneEvent_FromDigit_Rfc4733Section3Codes(char digit, int code) => Assert.Equal((byte)code, TelephoneEvent.FromDigit(digit));

    [Theory]
    [InlineData(128, 101)]
    [InlineData(0, 0)]
    public void Options_BadPayloadTypes_Refused(int pt, int te) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new RtpSession(new Random(1), new RtpSessionOptions { PayloadType = (byte)pt, TelephoneEventPayloadType = (byte)te }));

    /// <summary>Two sessions joined by a virtual link with a fixed one-way delay, driven in virtual time.</summary>
    private sealed class Link
    {
        private readonly TimeSpan _delay;
        private readonly List<(TimeSpan At, bool ToB, RtpDatagram Datagram)> _inFlight = [];
        private int _rtpFromACount;

        public Link(TimeSpan delay)
        {
            _delay = delay;
            A = new RtpSession(new Random(100));
            B = new RtpSession(new Random(200));
            FirstSequenceOfA = A.NextSequenceNumber;
            A.Start(TimeSpan.Zero);
            B.Start(TimeSpan.Zero);
        }

        public RtpSession A { get; }

        public RtpSession B { get; }

        public ushort FirstSequenceOfA { get; }

        public Func<int, bool> DropFromA { get; init; } = _ => false;

        public List<ReceivedAudio> AudioAtB { get; } = [];

        public List<RtpSessionEvent> EventsAtA { get; } = [];

        public List<RtpSessionEvent> EventsAtB { get; } = [];

        public List<RtpPacket> RtpFromA { get; } = [];

        public List<IReadOnlyList<RtcpPacket>> ReportsFromA { get; } = [];

        public List<TimeSpan> ReportTimesFromA { get; } = [];

        public List<int> SentBeforeReportFromA { get; } = [];

        public List<IReadOnlyList<RtcpPacket>> ReportsFromB { get; } = [];

        public int PacketsFromA => RtpFromA.Count;

        public void Run(TimeSpan until)
        {
            var now = TimeSpan.Zero;
            while (true)
            {
                var next = new[] { A.NextDeadline, B.NextDeadline, _inFlight.Count > 0 ? _inFlight.Min(f => f.At) : (TimeSpan?)null }
                    .Where(t => t is not null).Select(t => t!.Value).DefaultIfEmpty(until + TimeSpan.FromTicks(1)).Min();
                if (next > until)
                {
                    break;
                }

                now = next;
                foreach (var f in _inFlight.Where(f => f.At <= now).ToList())
                {
                    _inFlight.Remove(f);
                    var to = f.ToB ? B : A;
                    if (f.Datagram.Channel == RtpChannel.Rtp)
                    {
                        to.ReceiveRtp(now, f.Datagram.Bytes);
                    }
                    else
                    {
                        to.ReceiveRtcp(now, f.Datagram.Bytes);
                    }
                }

                A.Poll(now);
                B.Poll(now);
                Collect(now);
            }
        }

        public IReadOnlyList<RtcpPacket> Flush(TimeSpan now)
        {
            Collect(now);
            var last = ReportsFromA[^1];
            foreach (var f in _inFlight.ToList())
            {
                _inFlight.Remove(f);
                if (f.ToB && f.Datagram.Channel == RtpChannel.Rtcp)
                {
                    B.ReceiveRtcp(f.At, f.Datagram.Bytes);
                }
            }

            return last;
        }

        private void Collect(TimeSpan now)
        {
            foreach (var d in A.DrainDatagrams())
            {
                if (d.Channel == RtpChannel.Rtp)
                {
                    RtpFromA.Add(RtpOf([d])[0]);
                    if (DropFromA(_rtpFromACount++))
                    {
                        continue;
                    }
                }
                else
                {
                    ReportsFromA.Add(RtcpOf([d])[0]);
                    ReportTimesFromA.Add(now);
                    SentBeforeReportFromA.Add(RtpFromA.Count);
                }

                _inFlight.Add((now + _delay, true, d));
            }

            foreach (var d in B.DrainDatagrams())
            {
                if (d.Channel == RtpChannel.Rtcp)
                {
                    ReportsFromB.Add(RtcpOf([d])[0]);
                }

                _inFlight.Add((now + _delay, false, d));
            }

            AudioAtB.AddRange(B.DrainAudio());
            EventsAtA.AddRange(A.DrainEvents());
            EventsAtB.AddRange(B.DrainEvents());
        }
    }
}
