using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;

namespace Peerlink.Sip.Media;

//  A RIFF/WAVE file (Microsoft's RIFF and WAVE format; RFC 2361 registers WAVE's format codes), little-endian:
//
//   "RIFF" | size (4) | "WAVE" | chunk | chunk | ...          size: the bytes after it
//   chunk:  id (4) | size (4) | data (size bytes) | 0 or 1 pad byte to an even offset
//
//   "fmt " chunk, 16 bytes or more:
//   | format (2): 1 PCM, 0xFFFE extensible | channels (2) | sample rate (4) | byte rate (4) |
//   | block align (2) | bits per sample (2) | [cbSize (2) | valid bits (2) | channel mask (4) | subformat GUID (16)]
//
//   "data" chunk: the samples, interleaved by channel; 16-bit samples are signed.
//
//  Other chunks (LIST/INFO, fact, cue, ...) are skipped. Writers that stream sometimes leave the RIFF and data
//  sizes at 0 or 0xFFFFFFFF, or too large: the data then runs to the end of the file.

/// <summary>Mono 16-bit PCM audio and its sampling rate.</summary>
/// <param name="SampleRate">Samples a second.</param>
/// <param name="Samples">The samples.</param>
public sealed record WavAudio(int SampleRate, short[] Samples)
{
    /// <summary>How long the audio lasts.</summary>
    public TimeSpan Duration => TimeSpan.FromTicks(Samples.LongLength * TimeSpan.TicksPerSecond / SampleRate);
}

/// <summary>
/// Reads and writes WAV files of mono 16-bit linear PCM, what a G.711 call plays and records (at 8000 Hz).
/// <see cref="TryRead"/> never throws on a file's bytes; it refuses any other format with a reason that names it.
/// </summary>
public static class WavFile
{
    /// <summary>The length of the header <see cref="Write"/> and <see cref="WriteHeader"/> produce.</summary>
    public const int HeaderLength = 44;

    private const int FormatPcm = 1;
    private const int FormatExtensible = 0xFFFE;

    // KSDATAFORMAT_SUBTYPE_PCM, 00000001-0000-0010-8000-00aa00389b71, as its 16 bytes appear in the file.
    private static ReadOnlySpan<byte> PcmSubformat => [0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71];

    /// <summary>
    /// Reads a WAV file of mono 16-bit PCM; false, with a reason, for anything else, or for another sampling rate
    /// than <paramref name="requiredSampleRate"/> when one is given.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> file, [NotNullWhen(true)] out WavAudio? audio, [NotNullWhen(false)] out string? error, int? requiredSampleRate = null)
    {
        audio = null;
        if (file.Length < 12 || !file[..4].SequenceEqual("RIFF"u8) || !file.Slice(8, 4).SequenceEqual("WAVE"u8))
        {
            error = "not a WAV file: no RIFF/WAVE header";
            return false;
        }

        // The RIFF size is not trusted: streaming writers leave it 0, 0xFFFFFFFF or stale. Chunks run to the file's end.
        var end = file.Length;
        var at = 12;
        ReadOnlySpan<byte> format = default;
        ReadOnlySpan<byte> data = default;
        var haveFormat = false;
        var haveData = false;
        while (end - at >= 8)
        {
            var id = file.Slice(at, 4);
            var size = BinaryPrimitives.ReadUInt32LittleEndian(file[(at + 4)..]);
            var start = at + 8;
            var length = size <= (uint)(end - start) ? (int)size : end - start;
            if (id.SequenceEqual("fmt "u8) && !haveFormat)
            {
                format = file.Slice(start, length);
                haveFormat = true;
            }
            else if (id.SequenceEqual("data"u8) && !haveData)
            {
                data = file.Slice(start, length);
                haveData = true;
            }

            // A chunk of odd size is followed by a pad byte.
            at = start + length + (length % 2);
        }

        if (!haveFormat)
        {
            error = "no fmt chunk";
            return false;
        }

        if (!TryCheckFormat(format, out var sampleRate, out error))
        {
            return false;
        }

        if (requiredSampleRate is { } required && sampleRate != required)
        {
            error = $"the file is sampled at {sampleRate} Hz; {required} Hz is needed";
            return false;
        }

        if (!haveData)
        {
            error = "no data chunk";
            return false;
        }

        var samples = new short[data.Length / 2];
        for (var i = 0; i < samples.Length; i++)
        {
            samples[i] = BinaryPrimitives.ReadInt16LittleEndian(data[(2 * i)..]);
        }

        audio = new WavAudio(sampleRate, samples);
        error = null;
        return true;
    }

    private static bool TryCheckFormat(ReadOnlySpan<byte> format, out int sampleRate, [NotNullWhen(false)] out string? error)
    {
        sampleRate = 0;
        if (format.Length < 16)
        {
            error = $"a {format.Length}-byte fmt chunk; it has at least 16";
            return false;
        }

        var code = BinaryPrimitives.ReadUInt16LittleEndian(format);
        var channels = BinaryPrimitives.ReadUInt16LittleEndian(format[2..]);
        var rate = BinaryPrimitives.ReadUInt32LittleEndian(format[4..]);
        var bits = BinaryPrimitives.ReadUInt16LittleEndian(format[14..]);
        if (code == FormatExtensible && (format.Length < 40 || !format.Slice(24, 16).SequenceEqual(PcmSubformat)))
        {
            error = "an extensible format whose subformat is not PCM: only 16-bit PCM is read";
            return false;
        }

        if (code is not (FormatPcm or FormatExtensible))
        {
            error = code switch
            {
                3 => "IEEE float samples (format 3): only 16-bit PCM is read",
                6 => "A-law samples (format 6): only 16-bit PCM is read",
                7 => "mu-law samples (format 7): only 16-bit PCM is read",
                _ => $"format 0x{code:x4}: only 16-bit PCM (format 1) is read",
            };
            return false;
        }

        if (channels != 1)
        {
            error = $"{channels} channels: only mono is read";
            return false;
        }

        if (bits != 16)
        {
            error = $"{bits}-bit samples: only 16-bit PCM is read";
            return false;
        }

        if (rate is 0 or > 768_000)
        {
            error = $"a sampling rate of {rate} Hz";
            return false;
        }

        sampleRate = (int)rate;
        error = null;
        return true;
    }

    /// <summary>Writes a whole WAV file: the 44-byte header and the samples.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The rate is not 1 to 768,000 Hz, or the data exceeds 4 GiB.</exception>
    public static void Write(IBufferWriter<byte> output, int sampleRate, ReadOnlySpan<short> samples)
    {
        ArgumentNullException.ThrowIfNull(output);
        WriteHeader(output.GetSpan(HeaderLength), sampleRate, 2L * samples.Length);
        output.Advance(HeaderLength);
        WriteSamples(output, samples);
    }

    /// <summary>Encodes a whole WAV file into a new array.</summary>
    public static byte[] Encode(int sampleRate, ReadOnlySpan<short> samples)
    {
        var buffer = new ArrayBufferWriter<byte>(HeaderLength + (2 * samples.Length));
        Write(buffer, sampleRate, samples);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// Writes the 44-byte header of a mono 16-bit PCM file with <paramref name="dataBytes"/> of samples after it.
    /// A recorder writes it first with 0, appends samples (<see cref="WriteSamples"/>), and writes it again at the end.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="header"/> is shorter than 44 bytes.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The rate is not 1 to 768,000 Hz, or the data is negative, odd or over 4 GiB less the header.</exception>
    public static void WriteHeader(Span<byte> header, int sampleRate, long dataBytes)
    {
        if (header.Length < HeaderLength)
        {
            throw new ArgumentException($"the header is {HeaderLength} bytes; {header.Length} given", nameof(header));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(sampleRate, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(sampleRate, 768_000);
        if (dataBytes < 0 || dataBytes % 2 != 0 || dataBytes > uint.MaxValue - 36)
        {
            throw new ArgumentOutOfRangeException(nameof(dataBytes), dataBytes, "whole 16-bit samples, under 4 GiB");
        }

        "RIFF"u8.CopyTo(header);
        BinaryPrimitives.WriteUInt32LittleEndian(header[4..], (uint)(36 + dataBytes));
        "WAVE"u8.CopyTo(header[8..]);
        "fmt "u8.CopyTo(header[12..]);
        BinaryPrimitives.WriteUInt32LittleEndian(header[16..], 16);
        BinaryPrimitives.WriteUInt16LittleEndian(header[20..], FormatPcm);
        BinaryPrimitives.WriteUInt16LittleEndian(header[22..], 1);
        BinaryPrimitives.WriteUInt32LittleEndian(header[24..], (uint)sampleRate);
        BinaryPrimitives.WriteUInt32LittleEndian(header[28..], (uint)sampleRate * 2);
        BinaryPrimitives.WriteUInt16LittleEndian(header[32..], 2);
        BinaryPrimitives.WriteUInt16LittleEndian(header[34..], 16);
        "data"u8.CopyTo(header[36..]);
        BinaryPrimitives.WriteUInt32LittleEndian(header[40..], (uint)dataBytes);
    }

    /// <summary>Appends samples, little-endian, as a data chunk holds them.</summary>
    public static void WriteSamples(IBufferWriter<byte> output, ReadOnlySpan<short> samples)
    {
        ArgumentNullException.ThrowIfNull(output);
        var span = output.GetSpan(2 * samples.Length);
        for (var i = 0; i < samples.Length; i++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(span[(2 * i)..], samples[i]);
        }

        output.Advance(2 * samples.Length);
    }
}
