namespace Peerlink.Sip.Media;

/// <summary>
/// A G.711 audio codec as RTP carries it (RFC 3551 §4.5.14): 8000 Hz, one octet a sample, so a 20 ms frame is
/// 160 samples in 160 octets. <see cref="Pcmu"/> and <see cref="Pcma"/> are the two; they hold no state.
/// </summary>
public sealed class G711Codec
{
    private readonly bool _aLaw;

    private G711Codec(byte payloadType, string encodingName, bool aLaw)
    {
        PayloadType = payloadType;
        EncodingName = encodingName;
        _aLaw = aLaw;
    }

    /// <summary>mu-law, static payload type 0 (RFC 3551 §6).</summary>
    public static G711Codec Pcmu { get; } = new(0, "PCMU", aLaw: false);

    /// <summary>A-law, static payload type 8 (RFC 3551 §6).</summary>
    public static G711Codec Pcma { get; } = new(8, "PCMA", aLaw: true);

    /// <summary>The static RTP payload type.</summary>
    public byte PayloadType { get; }

    /// <summary>The encoding name in SDP's a=rtpmap (RFC 3551 §6).</summary>
    public string EncodingName { get; }

    /// <summary>The RTP clock rate, which is the sampling rate: 8000 Hz.</summary>
    public int ClockRate { get; } = 8000;

    /// <summary>The code for a zero sample (0xFF mu-law, 0xD5 A-law).</summary>
    public byte Silence => Encode(0);

    /// <summary>The codec with static payload type <paramref name="payloadType"/>, or null (only 0 and 8 are G.711).</summary>
    public static G711Codec? FromPayloadType(int payloadType) => payloadType switch
    {
        0 => Pcmu,
        8 => Pcma,
        _ => null,
    };

    /// <summary>Encodes one sample.</summary>
    public byte Encode(short sample) => _aLaw ? G711.ALawEncode(sample) : G711.MuLawEncode(sample);

    /// <summary>Decodes one code.</summary>
    public short Decode(byte code) => _aLaw ? G711.ALawDecode(code) : G711.MuLawDecode(code);

    /// <summary>Encodes <paramref name="pcm"/> into the first <c>pcm.Length</c> octets of <paramref name="output"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="output"/> is shorter than <paramref name="pcm"/>.</exception>
    public void Encode(ReadOnlySpan<short> pcm, Span<byte> output)
    {
        if (output.Length < pcm.Length)
        {
            throw new ArgumentException($"{pcm.Length} samples need {pcm.Length} octets; the output holds {output.Length}", nameof(output));
        }

        for (var i = 0; i < pcm.Length; i++)
        {
            output[i] = Encode(pcm[i]);
        }
    }

    /// <summary>Decodes <paramref name="codes"/> into the first <c>codes.Length</c> samples of <paramref name="output"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="output"/> is shorter than <paramref name="codes"/>.</exception>
    public void Decode(ReadOnlySpan<byte> codes, Span<short> output)
    {
        if (output.Length < codes.Length)
        {
            throw new ArgumentException($"{codes.Length} codes need {codes.Length} samples; the output holds {output.Length}", nameof(output));
        }

        for (var i = 0; i < codes.Length; i++)
        {
            output[i] = Decode(codes[i]);
        }
    }

    /// <inheritdoc/>
    public override string ToString() => $"{EncodingName}/{ClockRate} (PT {PayloadType})";
}
