using Peerlink.Sip.Media;

namespace Peerlink.Sip.Tests.Media;

/// <summary>The path the interop test checks, in virtual time: a tone sent over RTP, recorded to WAV, found again.</summary>
public class MediaPipelineTests
{
    [Theory]
    [InlineData(0, 440)]
    [InlineData(8, 1000)]
    public void ToneOverRtp_RecordedToWav_ContainsTheTone(int payloadType, double hz)
    {
        var codec = G711Codec.FromPayloadType(payloadType)!;
        var sender = new RtpSession(new Random(11), new RtpSessionOptions { Codec = codec });
        var receiver = new RtpSession(new Random(12), new RtpSessionOptions { Codec = codec });
        sender.EnqueueAudio(new ToneGenerator(hz, 6000).Next(8000 * 2));
        sender.Start(TimeSpan.Zero);
        receiver.Start(TimeSpan.Zero);
        var recording = new List<short>();
        for (var ms = 0; ms <= 2500; ms += 20)
        {
            var now = TimeSpan.FromMilliseconds(ms);
            sender.Poll(now);
            foreach (var d in sender.DrainDatagrams())
            {
                if (d.Channel == RtpChannel.Rtp)
                {
                    receiver.ReceiveRtp(now + TimeSpan.FromMilliseconds(3), d.Bytes);
                }
            }

            receiver.Poll(now + TimeSpan.FromMilliseconds(4));
            recording.AddRange(receiver.DrainAudio().SelectMany(f => f.Samples));
        }

        Assert.True(WavFile.TryRead(WavFile.Encode(8000, [.. recording]), out var wav, out var error, requiredSampleRate: 8000), error);
        var tone = ToneDetector.DetectTone(wav.Samples, wav.SampleRate);
        Assert.NotNull(tone);
        Assert.InRange(tone.Value.Frequency, hz - 10, hz + 10);
        Assert.Equal(100, receiver.JitterBuffer.Played);
    }
}
