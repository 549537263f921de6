using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Peerlink.Core;
using Peerlink.Zeroconf.Dns;

namespace Peerlink.Z2z.Records;

//  A z2z record, version 1 (docs/z2z.md): one exported DNS-SD instance, one value in the rendezvous.
//  Big-endian. A plain record is at most MaxPlainLength (992) bytes so that sealed (32 bytes more)
//  it still fits the 1024-byte values of the OpenDHT-style put/get API, and one P2PP Resource-Object.
//
//   0                   1                   2                   3
//   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |   'z' (0x7A)  |   '2' (0x32)  |  Version = 1  |S|  reserved |W|
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |                                                               |
//  +                   Exporter (8 random bytes)                   +
//  |                                                               |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |                 Refreshed-At (Unix seconds)                   |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |                         TTL (seconds)                         |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |             Port              |   Type Len    | Service Type //
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  | Instance Len  |      Instance Name (UTF-8, 1..63 bytes)      //
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |   Host Len    |      Host Name (UTF-8, 0..255 bytes)         //
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  | Address Count | Family (4|6)  | Address (4 or 16 bytes) ...  //
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |          TXT Length           | TXT RDATA (RFC 6763 §6)      //
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
//  S = sealed, W = withdrawn; the reserved bits are zero. Family and address repeat Address Count
//  (0..32) times. TXT Length is at least 1 (an empty TXT record is one empty string, RFC 6763 §6.1).
//  Nothing follows the TXT RDATA.
//
//  A sealed record (S = 1, W = 0) keeps the 4-byte header and puts after it a 12-byte nonce, the
//  AES-256-GCM ciphertext of a whole plain record as drawn above, and the 16-byte tag (RecordSeal.cs).

/// <summary>
/// Encodes and decodes z2z records (docs/z2z.md). Decoding never throws on a peer's bytes: it returns
/// false with a <see cref="RecordError"/> whose <see cref="RecordDrop"/> the engine counts. Encoding
/// throws <see cref="ArgumentException"/> for a record the format cannot carry (our caller's bug, or a
/// service the exporter must skip: <see cref="FindProblem"/> tells which before it tries).
/// </summary>
public static class ServiceRecordCodec
{
    /// <summary>The format version this codec writes and the only one it reads.</summary>
    public const byte Version = 1;

    /// <summary>Magic, version and flags.</summary>
    public const int HeaderLength = 4;

    /// <summary>Length of <see cref="ServiceRecord.Exporter"/>.</summary>
    public const int ExporterLength = 8;

    /// <summary>
    /// Longest value, sealed or not: the 1 KB values of the OpenDHT put/get service the original z2z
    /// used, so a record fits any store with that API. Today's OpenDHT and a P2PP Resource-Object
    /// (16-bit value length) take far more.
    /// </summary>
    public const int MaxLength = 1024;

    /// <summary>Longest plain record: room is always left for the seal, so whether a key has a secret never decides which services fit.</summary>
    public const int MaxPlainLength = MaxLength - RecordSeal.Overhead;

    /// <summary>Most addresses one record carries; an exporter keeps the first ones of a host that has more.</summary>
    public const int MaxAddresses = 32;

    /// <summary>Address family tags, the IP version numbers.</summary>
    private const byte FamilyIPv4 = 4, FamilyIPv6 = 6;

    /// <summary>Header, exporter, refreshed-at, TTL and port: the fixed part before the first length octet.</summary>
    private const int FixedLength = HeaderLength + ExporterLength + 4 + 4 + 2;

    /// <summary>The first two bytes of every record, "z2".</summary>
    public static ReadOnlySpan<byte> Magic => "z2"u8;

    /// <summary>Why the record cannot be encoded (a field out of the format's bounds, or too long), or null when it can.</summary>
    public static string? FindProblem(ServiceRecord record) => Prepare(record, out _);

    /// <summary>Encodes a plain record into a new array of its exact length.</summary>
    /// <exception cref="ArgumentException">See <see cref="FindProblem"/>.</exception>
    public static byte[] Encode(ServiceRecord record) => Encode(record, seal: null);

    /// <summary>Encodes a record, sealed with <paramref name="seal"/> when there is one.</summary>
    /// <exception cref="ArgumentException">See <see cref="FindProblem"/>.</exception>
    public static byte[] Encode(ServiceRecord record, RecordSeal? seal)
    {
        var fields = PrepareOrThrow(record);
        var bytes = new byte[EncodedLength(fields, seal)];
        Write(record, fields, seal, bytes);
        return bytes;
    }

    /// <summary>Encodes a record into a buffer writer, sealed with <paramref name="seal"/> when there is one. Returns the bytes written.</summary>
    /// <exception cref="ArgumentException">See <see cref="FindProblem"/>.</exception>
    public static int Encode(ServiceRecord record, IBufferWriter<byte> output, RecordSeal? seal = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        var fields = PrepareOrThrow(record);
        var length = EncodedLength(fields, seal);
        Write(record, fields, seal, output.GetSpan(length)[..length]);
        output.Advance(length);
        return length;
    }

    /// <summary>Decodes a plain record; a sealed one is dropped as <see cref="RecordDrop.UnexpectedSeal"/>. Never throws.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> bytes, [NotNullWhen(true)] out ServiceRecord? record, out RecordError error) =>
        TryDecode(bytes, seal: null, out record, out error);

    /// <summary>
    /// Decodes a value read under a key: sealed with <paramref name="seal"/> when the key has a secret
    /// (a plain record is then <see cref="RecordDrop.NotSealed"/>), plain when it has none (a sealed one
    /// is <see cref="RecordDrop.UnexpectedSeal"/>). Never throws.
    /// </summary>
    public static bool TryDecode(ReadOnlySpan<byte> bytes, RecordSeal? seal, [NotNullWhen(true)] out ServiceRecord? record, out RecordError error)
    {
        record = null;
        if (bytes.Length > MaxLength)
        {
            error = new RecordError(RecordDrop.TooLarge, MaxLength, $"the value is {bytes.Length} bytes; the limit is {MaxLength}");
            return false;
        }

        if (!TryReadHeader(bytes, out var flags, out error))
        {
            return false;
        }

        if ((flags & RecordFlags.Sealed) != 0)
        {
            if (seal is null)
            {
                error = new RecordError(RecordDrop.UnexpectedSeal, 3, "a sealed record, and this key has no secret");
                return false;
            }

            return seal.TryOpen(bytes, out var plain, out error) && TryDecodePlain(plain, out record, out error);
        }

        if (seal is not null)
        {
            error = new RecordError(RecordDrop.NotSealed, 3, "a plain record under a key with a secret: its author does not know the passphrase");
            return false;
        }

        return TryDecodePlain(bytes, out record, out error);
    }

    /// <summary>
    /// Reads and checks the header every record starts with, sealed or not. The version is checked
    /// before the flags: a newer version may give them other meanings, and is dropped as such.
    /// </summary>
    internal static bool TryReadHeader(ReadOnlySpan<byte> bytes, out RecordFlags flags, out RecordError error)
    {
        flags = RecordFlags.None;
        if (bytes.Length < HeaderLength)
        {
            error = new RecordError(RecordDrop.Malformed, bytes.Length, $"truncated: a header is {HeaderLength} bytes, the value has {bytes.Length}");
            return false;
        }

        if (!bytes.StartsWith(Magic))
        {
            error = new RecordError(RecordDrop.Malformed, 0, "no \"z2\" magic: not a z2z record");
            return false;
        }

        if (bytes[2] != Version)
        {
            error = new RecordError(RecordDrop.UnsupportedVersion, 2, $"version {bytes[2]}; this reader knows {Version}");
            return false;
        }

        flags = (RecordFlags)bytes[3];
        if ((flags & ~(RecordFlags.Sealed | RecordFlags.Withdrawn)) != 0)
        {
            error = new RecordError(RecordDrop.Malformed, 3, $"reserved flag bits set (0x{bytes[3]:X2})");
            return false;
        }

        if (flags == (RecordFlags.Sealed | RecordFlags.Withdrawn))
        {
            error = new RecordError(RecordDrop.Malformed, 3, "the withdrawn bit on a sealed record: it belongs to the plain record inside");
            return false;
        }

        error = RecordError.None;
        return true;
    }

    /// <summary>Decodes a whole plain record: the value itself, or what a seal opened to.</summary>
    internal static bool TryDecodePlain(ReadOnlySpan<byte> bytes, [NotNullWhen(true)] out ServiceRecord? record, out RecordError error)
    {
        record = null;
        if (bytes.Length > MaxPlainLength)
        {
            error = new RecordError(RecordDrop.TooLarge, MaxPlainLength, $"a plain record is at most {MaxPlainLength} bytes, this one is {bytes.Length}");
            return false;
        }

        if (!TryReadHeader(bytes, out var flags, out error))
        {
            return false;
        }

        if ((flags & RecordFlags.Sealed) != 0)
        {
            error = new RecordError(RecordDrop.Malformed, 3, "a sealed record inside a sealed record");
            return false;
        }

        var reader = new RecordReader(bytes[HeaderLength..]);
        if (TryReadFields(ref reader, flags, out record))
        {
            return true;
        }

        error = reader.Error with { Offset = reader.Error.Offset + HeaderLength };
        return false;
    }

    private static bool TryReadFields(ref RecordReader reader, RecordFlags flags, [NotNullWhen(true)] out ServiceRecord? record)
    {
        record = null;
        if (!reader.TryReadSpan(ExporterLength, "the exporter", out var exporter)
            || !reader.TryReadUInt32("refreshed-at", out var refreshedAt)
            || !reader.TryReadUInt32("the TTL", out var ttl)
            || !reader.TryReadUInt16("the port", out var port)
            || !TryReadText(ref reader, "the service type", RecordFields.ServiceTypeProblem, out var type)
            || !TryReadText(ref reader, "the instance name", RecordFields.InstanceNameProblem, out var instance)
            || !TryReadText(ref reader, "the host name", RecordFields.HostNameProblem, out var host)
            || !TryReadAddresses(ref reader, out var addresses)
            || !TryReadTxt(ref reader, out var txt))
        {
            return false;
        }

        if (reader.Remaining > 0)
        {
            return reader.Fail(RecordDrop.Malformed, $"{reader.Remaining} byte(s) after the TXT data");
        }

        record = new ServiceRecord(Bytes.Copy(exporter), type, instance, port)
        {
            HostName = host,
            Addresses = addresses,
            Txt = txt,
            RefreshedAt = refreshedAt,
            Ttl = ttl,
            Withdrawn = (flags & RecordFlags.Withdrawn) != 0,
        };
        return true;
    }

    private delegate string? TextRule(ReadOnlySpan<byte> text);

    private static bool TryReadText(ref RecordReader reader, string field, TextRule rule, out string text)
    {
        text = string.Empty;
        var at = reader.Position;
        if (!reader.TryReadByte(field + "'s length", out var length) || !reader.TryReadSpan(length, field, out var bytes))
        {
            return false;
        }

        if (rule(bytes) is { } problem)
        {
            return reader.FailAt(RecordDrop.Malformed, at, problem);
        }

        text = Encoding.UTF8.GetString(bytes);
        return true;
    }

    private static bool TryReadAddresses(ref RecordReader reader, out ValueList<IPAddress> addresses)
    {
        addresses = default;
        if (!reader.TryReadByte("the address count", out var count))
        {
            return false;
        }

        if (count > MaxAddresses)
        {
            return reader.FailAt(RecordDrop.Malformed, reader.Position - 1, $"{count} addresses; the limit is {MaxAddresses}");
        }

        if (count == 0)
        {
            return true;
        }

        var list = new IPAddress[count];
        for (var i = 0; i < list.Length; i++)
        {
            if (!reader.TryReadByte("an address family", out var family))
            {
                return false;
            }

            var length = family switch { FamilyIPv4 => 4, FamilyIPv6 => 16, _ => 0 };
            if (length == 0)
            {
                return reader.FailAt(RecordDrop.Malformed, reader.Position - 1, $"address family {family}; 4 (IPv4) and 6 (IPv6) are defined");
            }

            if (!reader.TryReadSpan(length, "an address", out var address))
            {
                return false;
            }

            list[i] = new IPAddress(address);
        }

        addresses = ValueListMarshal.AsValueList(list);
        return true;
    }

    private static bool TryReadTxt(ref RecordReader reader, out TxtData txt)
    {
        txt = TxtData.Empty;
        var at = reader.Position;
        if (!reader.TryReadUInt16("the TXT length", out var length))
        {
            return false;
        }

        // A zero length would decode as the empty TXT record, which we write as one zero byte: refusing
        // it keeps one encoding per record, so what decodes re-encodes to the same bytes.
        if (length == 0)
        {
            return reader.FailAt(RecordDrop.Malformed, at, "a TXT length of 0; the empty TXT record is one empty string (RFC 6763 §6.1)");
        }

        if (!reader.TryReadSpan(length, "the TXT data", out var rdata))
        {
            return false;
        }

        var strings = new List<Bytes>();
        var position = 0;
        while (position < rdata.Length)
        {
            var size = rdata[position];
            if (position + 1 + size > rdata.Length)
            {
                return reader.FailAt(RecordDrop.Malformed, at + 2 + position, $"a TXT string of {size} bytes runs past the TXT data");
            }

            strings.Add(Bytes.Copy(rdata.Slice(position + 1, size)));
            position += 1 + size;
        }

        txt = new TxtData(strings);
        return true;
    }

    /// <summary>A record's fields in the form they are written, and its plain length.</summary>
    private readonly record struct Fields(byte[] Type, byte[] Instance, byte[] Host, int TxtLength, int Length);

    private static Fields PrepareOrThrow(ServiceRecord record) =>
        Prepare(record, out var fields) is { } problem ? throw new ArgumentException($"cannot encode z2z record: {problem}", nameof(record)) : fields;

    /// <summary>Checks every field against the format's bounds and measures the plain record.</summary>
    private static string? Prepare(ServiceRecord record, out Fields fields)
    {
        ArgumentNullException.ThrowIfNull(record);
        fields = default;
        if (record.Exporter.Length != ExporterLength)
        {
            return $"the exporter is {ExporterLength} bytes, not {record.Exporter.Length}";
        }

        if (RecordFields.ToUtf8(record.ServiceType ?? string.Empty, RecordFields.MaxLabelLength * 2, "service type", out var problem) is not { } type)
        {
            return problem;
        }

        if (RecordFields.ToUtf8(record.InstanceName ?? string.Empty, RecordFields.MaxLabelLength, "instance name", out problem) is not { } instance)
        {
            return problem;
        }

        if (RecordFields.ToUtf8(record.HostName ?? string.Empty, RecordFields.MaxHostNameLength, "host name", out problem) is not { } host)
        {
            return problem;
        }

        problem = RecordFields.ServiceTypeProblem(type) ?? RecordFields.InstanceNameProblem(instance) ?? RecordFields.HostNameProblem(host);
        if (problem is not null)
        {
            return problem;
        }

        if (record.Addresses.Count > MaxAddresses)
        {
            return $"{record.Addresses.Count} addresses; the limit is {MaxAddresses}";
        }

        var addressLength = 0;
        foreach (var address in record.Addresses)
        {
            switch (address)
            {
                case { AddressFamily: AddressFamily.InterNetwork }:
                    addressLength += 1 + 4;
                    break;
                case { AddressFamily: AddressFamily.InterNetworkV6, ScopeId: 0 }:
                    addressLength += 1 + 16;
                    break;
                case { AddressFamily: AddressFamily.InterNetworkV6 }:
                    // A scope names an interface of the exporter's host, meaningless on the importer's.
                    return $"address {address} has a scope id; strip it before exporting";
                default:
                    return $"address {address?.ToString() ?? "null"} is neither IPv4 nor IPv6";
            }
        }

        if (record.Txt is null)
        {
            return "the TXT data is null; an empty TXT record is TxtData.Empty";
        }

        var txtLength = 0;
        foreach (var s in record.Txt.Strings)
        {
            txtLength += 1 + s.Length;
        }

        var length = FixedLength + 1 + type.Length + 1 + instance.Length + 1 + host.Length + 1 + addressLength + 2 + txtLength;
        if (length > MaxPlainLength)
        {
            return $"the record is {length} bytes; the limit is {MaxPlainLength} ({MaxLength} sealed), so drop TXT attributes or addresses";
        }

        fields = new Fields(type, instance, host, txtLength, length);
        return null;
    }

    private static int EncodedLength(Fields fields, RecordSeal? seal) => fields.Length + (seal is null ? 0 : RecordSeal.Overhead);

    private static void Write(ServiceRecord record, Fields fields, RecordSeal? seal, Span<byte> destination)
    {
        if (seal is null)
        {
            WritePlain(record, fields, destination);
            return;
        }

        Span<byte> plain = stackalloc byte[MaxPlainLength];
        plain = plain[..fields.Length];
        WritePlain(record, fields, plain);
        seal.Seal(plain, destination);
        plain.Clear();
    }

    private static void WritePlain(ServiceRecord record, Fields fields, Span<byte> destination)
    {
        var writer = new RecordWriter(destination);
        writer.WriteBytes(Magic);
        writer.WriteByte(Version);
        writer.WriteByte((byte)(record.Withdrawn ? RecordFlags.Withdrawn : RecordFlags.None));
        writer.WriteBytes(record.Exporter.Span);
        writer.WriteUInt32(record.RefreshedAt);
        writer.WriteUInt32(record.Ttl);
        writer.WriteUInt16(record.Port);
        writer.WriteShortString(fields.Type);
        writer.WriteShortString(fields.Instance);
        writer.WriteShortString(fields.Host);
        writer.WriteByte((byte)record.Addresses.Count);
        Span<byte> address = stackalloc byte[16];
        foreach (var a in record.Addresses)
        {
            a.TryWriteBytes(address, out var written);
            writer.WriteByte(written == 4 ? FamilyIPv4 : FamilyIPv6);
            writer.WriteBytes(address[..written]);
        }

        writer.WriteUInt16((ushort)fields.TxtLength);
        foreach (var s in record.Txt.Strings)
        {
            writer.WriteShortString(s.Span);
        }

        if (writer.Position != fields.Length)
        {
            throw new InvalidOperationException($"wrote {writer.Position} bytes of a {fields.Length}-byte record (codec bug)");
        }
    }
}
