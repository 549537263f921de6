using System.Numerics;

namespace Peerlink.Sip.Media;

/// <summary>
/// ITU-T G.711 companding of 16-bit linear PCM: mu-law (PCMU) and A-law (PCMA), 8 bits a sample.
/// Computed from the segment structure of the standard, not from a table:
/// <list type="bullet">
/// <item>mu-law (G.711 Table 2): a sign bit, a 3-bit segment e and a 4-bit step m, all bits inverted on the line.
/// Decoded magnitude = ((2m + 33) × 2^e − 33) in the standard's 14-bit units (0 to 8031), which is
/// ((8m + 132) × 2^e − 132) here, 4 times larger: 0 to 32,124. Encoding adds the bias 33 (132), clips at
/// 8159 (32,635) and reads e and m off the biased magnitude.</item>
/// <item>A-law (G.711 Table 1): a sign bit (1 = positive), a 3-bit segment and a 4-bit step, the even bits
/// inverted on the line (XOR 0x55). Decoded magnitudes in the standard's 13-bit units are 1, 3, ... 31 in
/// segment 0, 33, 35, ... 63 in segment 1, then the step doubles each segment up to 4032; here they are 8 times
/// larger (8 to 32,256). A-law has no zero level.</item>
/// </list>
/// Each code decodes to the middle of the interval it encodes, so encoding picks the nearest level.
/// </summary>
public static class G711
{
    private const int MuLawBias = 0x84;
    private const int MuLawClip = 32635;

    /// <summary>Encodes one sample as mu-law.</summary>
    public static byte MuLawEncode(short sample)
    {
        int value = sample;
        var sign = 0;
        if (value < 0)
        {
            value = -value;
            sign = 0x80;
        }

        value = Math.Min(value, MuLawClip) + MuLawBias;

        // The biased magnitude is 132 to 32767: its top bit is bit 7 to bit 14, which is segment 0 to 7.
        var segment = BitOperations.Log2((uint)value) - 7;
        var step = (value >> (segment + 3)) & 0x0F;
        return (byte)~(sign | (segment << 4) | step);
    }

    /// <summary>Decodes one mu-law code.</summary>
    public static short MuLawDecode(byte code)
    {
        var bits = ~code & 0xFF;
        var segment = (bits >> 4) & 0x07;
        var magnitude = ((((bits & 0x0F) << 3) + MuLawBias) << segment) - MuLawBias;
        return (short)((bits & 0x80) != 0 ? -magnitude : magnitude);
    }

    /// <summary>Encodes one sample as A-law.</summary>
    public static byte ALawEncode(short sample)
    {
        // A-law works on 13 bits (G.711 Table 1); the 3 low bits of a 16-bit sample are below its resolution.
        var value = sample >> 3;
        int mask;
        if (value >= 0)
        {
            mask = 0xD5; // the sign bit set (positive), and the even bits inverted
        }
        else
        {
            mask = 0x55;
            value = -value - 1; // ones' complement: -1 .. -4096 map onto 0 .. 4095, as the decision values do
        }

        // Segment 0 covers 0-31 with a step of 2, like segment 1 (32-63); then each segment doubles.
        var segment = value < 32 ? 0 : BitOperations.Log2((uint)value) - 4;
        var step = segment < 2 ? (value >> 1) & 0x0F : (value >> segment) & 0x0F;
        return (byte)(((segment << 4) | step) ^ mask);
    }

    /// <summary>Decodes one A-law code.</summary>
    public static short ALawDecode(byte code)
    {
        var bits = code ^ 0x55;
        var segment = (bits >> 4) & 0x07;

        // The middle of the interval: step m of segment 0 is 2m + 1, of segment s >= 1 (2m + 33) × 2^(s-1), in 13-bit units.
        var magnitude = ((bits & 0x0F) << 4) + (segment == 0 ? 8 : 0x108);
        if (segment > 1)
        {
            magnitude <<= segment - 1;
        }

        return (short)((bits & 0x80) != 0 ? magnitude : -magnitude);
    }
}
