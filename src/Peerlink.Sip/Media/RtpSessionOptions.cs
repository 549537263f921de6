namespace Peerlink.Sip.Media;

/// <summary>Settings of an <see cref="RtpSession"/>, validated when the session is made.</summary>
public sealed record RtpSessionOptions
{
    /// <summary>The codec audio is sent with (and, by default, its payload type): PCMU unless told.</summary>
    public G711Codec Codec { get; init; } = G711Codec.Pcmu;

    /// <summary>The payload type to send audio with, when the offer/answer named another than the codec's static one.</summary>
    public byte? PayloadType { get; init; }

    /// <summary>The payload type of telephone-event (RFC 4733), as negotiated; 101 by custom.</summary>
    public byte TelephoneEventPayloadType { get; init; } = 101;

    /// <summary>The SDES CNAME (RFC 3550 §6.5.1), "user@host"; by default "peerlink-" and the SSRC in hex.</summary>
    public string? Cname { get; init; }

    /// <summary>The jitter buffer for what the peer sends.</summary>
    public JitterBufferOptions JitterBuffer { get; init; } = new();

    /// <summary>
    /// The mean RTCP report interval: RFC 3550's 5 s minimum (§6.2), which is what two parties get at any sane
    /// bandwidth; each interval is randomized to 0.5-1.5 times it (§6.3.1), the first is half (§6.2).
    /// </summary>
    public TimeSpan ReportInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The wallclock time at <c>now</c> = 0, for the NTP timestamp of sender reports; without it the NTP timestamp
    /// is the time since <c>now</c> = 0, which §6.4.1 allows ("elapsed time").
    /// </summary>
    public DateTimeOffset? WallClockAtZero { get; init; }

    /// <summary>Samples of audio waiting to be sent at most (60 s at 8 kHz by default); more are refused.</summary>
    public int MaxQueuedSamples { get; init; } = 8000 * 60;

    /// <summary>Received frames kept for <see cref="RtpSession.DrainAudio"/> at most (5 s of 20 ms frames); older ones are dropped.</summary>
    public int MaxReceivedFrames { get; init; } = 250;

    /// <summary>The payload type audio goes out with.</summary>
    public byte AudioPayloadType => PayloadType ?? Codec.PayloadType;

    internal RtpSessionOptions Validated()
    {
        ArgumentNullException.ThrowIfNull(Codec);
        ArgumentNullException.ThrowIfNull(JitterBuffer);
        JitterBuffer.Validated();
        if (AudioPayloadType > 127 || TelephoneEventPayloadType > 127 || AudioPayloadType == TelephoneEventPayloadType)
        {
            throw new ArgumentOutOfRangeException(nameof(PayloadType), $"payload types {AudioPayloadType} and {TelephoneEventPayloadType}: 7 bits each, and distinct");
        }

        if (ReportInterval < TimeSpan.FromMilliseconds(100))
        {
            throw new ArgumentOutOfRangeException(nameof(ReportInterval), ReportInterval, "at least 100 ms");
        }

        if (Cname is { } cname && (cname.Length == 0 || System.Text.Encoding.UTF8.GetByteCount(cname) > 255))
        {
            throw new ArgumentOutOfRangeException(nameof(Cname), cname, "1 to 255 octets of UTF-8");
        }

        if (MaxQueuedSamples < 160 || MaxReceivedFrames < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxQueuedSamples), "at least one frame each way");
        }

        return this;
    }
}
