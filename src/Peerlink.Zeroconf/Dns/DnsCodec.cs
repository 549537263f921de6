using System.Buffers;
using Peerlink.Core;

namespace Peerlink.Zeroconf.Dns;

/// <summary>
/// Encodes and decodes whole DNS messages (one UDP datagram each). Decoding throws only
/// <see cref="DnsFormatException"/>, whatever the bytes; encoding compresses names (RFC 1035 §4.1.4,
/// RFC 6762 §18.14) and refuses to make a message longer than <see cref="DnsOptions.MaxMessageLength"/>.
/// </summary>
public static class DnsCodec
{
    /// <summary>The smallest question: the root name (1 byte), QTYPE and QCLASS.</summary>
    private const int MinQuestionLength = 1 + 4;

    /// <summary>The smallest record: the root name (1 byte), TYPE, CLASS, TTL, RDLENGTH and no RDATA.</summary>
    private const int MinRecordLength = 1 + 10;

    /// <summary>Encodes a message into a new array of its exact length.</summary>
    /// <exception cref="ArgumentException">The message is over the length limit or breaks a rule of the format (our bug, not a peer's).</exception>
    public static byte[] Encode(DnsMessage message, DnsOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        options ??= DnsOptions.Default;
        var buffer = ArrayPool<byte>.Shared.Rent(options.MaxMessageLength);
        try
        {
            var length = Write(message, buffer.AsSpan(0, options.MaxMessageLength), options);
            ThrowIfTooLong(length, options);
            return buffer.AsSpan(0, length).ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Encodes a message into a buffer writer, in one piece. Returns the bytes written.</summary>
    /// <exception cref="ArgumentException">The message is over the length limit or breaks a rule of the format.</exception>
    public static int Encode(DnsMessage message, IBufferWriter<byte> output, DnsOptions? options = null)
    {
        options ??= DnsOptions.Default;
        if (!TryEncode(message, output, out var written, options))
        {
            ThrowIfTooLong(written, options);
        }

        return written;
    }

    /// <summary>
    /// Encodes a message into a buffer writer, unless it would be longer than the limit: then nothing
    /// is advanced, <paramref name="written"/> is the length it would have had, and the result is false.
    /// An engine uses this to find how many records fit one packet.
    /// </summary>
    /// <exception cref="ArgumentException">The message breaks a rule of the format.</exception>
    public static bool TryEncode(DnsMessage message, IBufferWriter<byte> output, out int written, DnsOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(output);
        options ??= DnsOptions.Default;
        written = Write(message, output.GetSpan(options.MaxMessageLength)[..options.MaxMessageLength], options);
        if (written > options.MaxMessageLength)
        {
            return false;
        }

        output.Advance(written);
        return true;
    }

    /// <summary>Decodes one whole message.</summary>
    /// <exception cref="DnsFormatException">The bytes are not a DNS message we accept; nothing else is thrown.</exception>
    public static DnsMessage Decode(ReadOnlySpan<byte> bytes, DnsOptions? options = null)
    {
        options ??= DnsOptions.Default;
        if (bytes.Length > options.MaxMessageLength)
        {
            DnsReader.Fail(DnsDecodeError.TooLarge, options.MaxMessageLength, $"the message is {bytes.Length} bytes; the limit is {options.MaxMessageLength} (RFC 6762 §17)");
        }

        if (bytes.Length < DnsMessage.HeaderLength)
        {
            DnsReader.Fail(DnsDecodeError.Truncated, 0, $"a DNS header is {DnsMessage.HeaderLength} bytes, got {bytes.Length}");
        }

        var reader = new DnsReader(bytes);
        var id = reader.ReadUInt16();
        var flags = reader.ReadUInt16();
        int questions = reader.ReadUInt16(), answers = reader.ReadUInt16(), authorities = reader.ReadUInt16(), additionals = reader.ReadUInt16();

        // Both checks use the header alone, so a hostile count costs nothing: no list is made for it.
        var entries = questions + answers + authorities + additionals;
        if (entries > options.MaxEntries)
        {
            DnsReader.Fail(DnsDecodeError.TooManyEntries, 4, $"the header counts {entries} questions and records; the limit is {options.MaxEntries}");
        }

        var least = DnsMessage.HeaderLength + (questions * MinQuestionLength) + ((entries - questions) * MinRecordLength);
        if (least > bytes.Length)
        {
            DnsReader.Fail(DnsDecodeError.Truncated, 4, $"the header counts need at least {least} bytes, the message has {bytes.Length}");
        }

        var message = DnsMessage.FromHeader(id, flags) with
        {
            Questions = ReadSection(ref reader, questions, DnsQuestion.Read),
            Answers = ReadSection(ref reader, answers, DnsRecord.Read),
            Authorities = ReadSection(ref reader, authorities, DnsRecord.Read),
            Additionals = ReadSection(ref reader, additionals, DnsRecord.Read),
        };

        if (reader.Remaining > 0)
        {
            reader.Fail(DnsDecodeError.TrailingBytes, $"{reader.Remaining} byte(s) after the last record the header counts");
        }

        return message;
    }

    /// <summary>Decodes one whole message, or says why not without throwing.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> bytes, DnsOptions? options, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out DnsMessage? message, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out DnsFormatException? error)
    {
        try
        {
            message = Decode(bytes, options);
            error = null;
            return true;
        }
        catch (DnsFormatException e)
        {
            message = null;
            error = e;
            return false;
        }
    }

    /// <summary>Reads one question or record.</summary>
    private delegate T EntryReader<T>(ref DnsReader reader);

    private static ValueList<T> ReadSection<T>(ref DnsReader reader, int count, EntryReader<T> read)
    {
        if (count == 0)
        {
            return default;
        }

        var items = new T[count];
        for (var i = 0; i < items.Length; i++)
        {
            items[i] = read(ref reader);
        }

        return ValueListMarshal.AsValueList(items);
    }

    /// <summary>Writes the message and returns its length, which is more than the span when it did not fit.</summary>
    private static int Write(DnsMessage message, Span<byte> destination, DnsOptions options)
    {
        if (message.EntryCount > options.MaxEntries)
        {
            throw new ArgumentException($"{message.EntryCount} questions and records; the limit is {options.MaxEntries} (DnsOptions.MaxEntries), which receivers with the same options enforce");
        }

        var writer = new DnsWriter(destination, new NameCompressor());
        writer.WriteUInt16(message.Id);
        writer.WriteUInt16(message.Flags);
        writer.WriteUInt16(Count(message.Questions.Count));
        writer.WriteUInt16(Count(message.Answers.Count));
        writer.WriteUInt16(Count(message.Authorities.Count));
        writer.WriteUInt16(Count(message.Additionals.Count));
        foreach (var q in message.Questions)
        {
            q.Write(ref writer);
        }

        WriteRecords(ref writer, message.Answers);
        WriteRecords(ref writer, message.Authorities);
        WriteRecords(ref writer, message.Additionals);
        return writer.Position;
    }

    private static void WriteRecords(ref DnsWriter writer, ValueList<DnsRecord> records)
    {
        foreach (var r in records)
        {
            r.Write(ref writer);
        }
    }

    private static ushort Count(int count) =>
        count <= ushort.MaxValue ? (ushort)count : throw new ArgumentException($"a section of {count} entries does not fit its 16-bit count");

    private static void ThrowIfTooLong(int length, DnsOptions options)
    {
        if (length > options.MaxMessageLength)
        {
            throw new ArgumentException($"the message is {length} bytes; the limit is {options.MaxMessageLength} (DnsOptions.MaxMessageLength, RFC 6762 §17): split it, setting TC on queries whose known answers continue (RFC 6762 §7.2)");
        }
    }
}
