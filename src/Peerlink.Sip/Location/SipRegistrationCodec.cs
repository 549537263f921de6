using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Peerlink.Sip.Message;

namespace Peerlink.Sip.Location;

//  A SipRegistration, the value of a Cont-Type 123 Resource-Object, big-endian:
//
//   0                   1                   2                   3
//   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |  Version (1)  |     Kind      |  Candidates   |  Name length  |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |                                                               |
//  +       Registered at (ms since 1970-01-01T00:00Z, 64 bits)     +
//  |                                                               |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |                      Lifetime (seconds)                       |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |          AOR length           |  AOR (UTF-8 SIP URI)        ...
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |        Contact length         |  Contact, or the AOR a forwarding points to (UTF-8 SIP URI) ...
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |  Display name (UTF-8, Name length bytes; none when 0)       ...
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |   Cand type   |  IP version   |             Port              |  Candidates times:
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+  type as RFC 6940's CandType,
//  |              Address (4 bytes for 4, 16 bytes for 6)        ...   IP version 4 or 6
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |  (anything after this is ignored by version 1 readers)      ...
//
//  Kind is RFC 7904 §3's SipRegistrationType: 1 a forwarding to another AOR, 2 a contact. Bytes after the
//  candidates are ignored, so a later revision can append fields old readers skip; an incompatible change
//  takes a new Version, which version 1 readers drop with a reason. RFC 7904 wraps the route in a
//  destination list of Node-IDs for RELOAD's AppAttach; P2PP calls the contact directly, so the contact is
//  a SIP URI and the registering node's ID is the object's Owner, not repeated here.

/// <summary>
/// Encodes and decodes <see cref="SipRegistration"/> values. Decoding never throws on a peer's bytes: it gives
/// the reason instead, and the caller counts the drop. Every length is checked against its limit before use.
/// </summary>
public static class SipRegistrationCodec
{
    /// <summary>The version this codec writes and reads.</summary>
    public const byte Version = 1;

    /// <summary>Most bytes of a contact URI.</summary>
    public const int MaxContactLength = 1024;

    /// <summary>Most bytes of a display name (its length is one byte).</summary>
    public const int MaxDisplayNameLength = 255;

    /// <summary>Most candidates one registration carries (RFC 8445 gathers a few per interface).</summary>
    public const int MaxCandidates = 16;

    private const int FixedLength = 4 + 8 + 4;

    // Peers' text must be well-formed UTF-8: a lone byte 0xFF is a bad value, not a replacement character.
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The value's bytes.</summary>
    /// <exception cref="ArgumentException">A field is over its limit (our caller's bug, not a peer's input).</exception>
    public static byte[] Encode(SipRegistration registration)
    {
        var buffer = new ArrayBufferWriter<byte>();
        Encode(registration, buffer);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Writes the value into <paramref name="output"/>.</summary>
    /// <exception cref="ArgumentException">A field is over its limit (our caller's bug, not a peer's input).</exception>
    public static void Encode(SipRegistration registration, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(registration);
        ArgumentNullException.ThrowIfNull(output);
        if (string.IsNullOrEmpty(registration.Aor.User))
        {
            throw new ArgumentException($"AOR {registration.Aor} has no user part, which no reader accepts", nameof(registration));
        }

        var aor = Encoding.UTF8.GetBytes(registration.Aor.ToString());
        var contact = Encoding.UTF8.GetBytes(registration.Contact.ToString());
        var name = Utf8OfName(registration.DisplayName);
        if (aor.Length > SipAor.MaxLength || contact.Length > MaxContactLength || name.Length > MaxDisplayNameLength
            || registration.Candidates.Count > MaxCandidates || !Enum.IsDefined(registration.Kind))
        {
            throw new ArgumentException(
                $"a registration holds an AOR of at most {SipAor.MaxLength} bytes, a contact of {MaxContactLength}, a display name of " +
                $"{MaxDisplayNameLength} and {MaxCandidates} candidates, of a defined kind", nameof(registration));
        }

        var length = FixedLength + 2 + aor.Length + 2 + contact.Length + name.Length;
        foreach (var c in registration.Candidates)
        {
            length += 4 + AddressLength(c.Address);
        }

        var span = output.GetSpan(length)[..length];
        span[0] = Version;
        span[1] = (byte)registration.Kind;
        span[2] = (byte)registration.Candidates.Count;
        span[3] = (byte)name.Length;
        BinaryPrimitives.WriteInt64BigEndian(span[4..], registration.RegisteredAt.ToUnixTimeMilliseconds());
        BinaryPrimitives.WriteUInt32BigEndian(span[12..], registration.Lifetime);
        var at = FixedLength;
        at = WriteField(span, at, aor);
        at = WriteField(span, at, contact);
        name.CopyTo(span[at..]);
        at += name.Length;
        foreach (var c in registration.Candidates)
        {
            span[at] = (byte)c.Type;
            span[at + 1] = c.Address.AddressFamily == AddressFamily.InterNetwork ? (byte)4 : (byte)6;
            BinaryPrimitives.WriteUInt16BigEndian(span[(at + 2)..], c.Port);
            if (!c.Address.TryWriteBytes(span[(at + 4)..], out var written))
            {
                throw new ArgumentException($"candidate {c} has no IPv4 or IPv6 address", nameof(registration));
            }

            at += 4 + written;
        }

        output.Advance(length);
    }

    /// <summary>Reads a value; false, with the reason, for anything that is not a version 1 registration.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> value, [NotNullWhen(true)] out SipRegistration? registration, [NotNullWhen(false)] out string? error)
    {
        registration = null;
        if (value.Length < FixedLength)
        {
            error = $"{value.Length} bytes: shorter than the {FixedLength}-byte fixed part";
            return false;
        }

        if (value[0] != Version)
        {
            error = $"version {value[0]}, this reader knows {Version}";
            return false;
        }

        var kind = (SipRegistrationKind)value[1];
        if (!Enum.IsDefined(kind))
        {
            error = $"kind {value[1]} is neither 1 (forwarding) nor 2 (contact)";
            return false;
        }

        int candidateCount = value[2], nameLength = value[3];
        if (candidateCount > MaxCandidates)
        {
            error = $"{candidateCount} candidates, over the {MaxCandidates} allowed";
            return false;
        }

        var milliseconds = BinaryPrimitives.ReadInt64BigEndian(value[4..]);
        if (milliseconds < 0 || milliseconds > DateTimeOffset.MaxValue.ToUnixTimeMilliseconds())
        {
            error = $"registered at {milliseconds} ms since 1970, not a time";
            return false;
        }

        var lifetime = BinaryPrimitives.ReadUInt32BigEndian(value[12..]);
        var at = FixedLength;
        if (!TryReadUri(value, ref at, "AOR", SipAor.MaxLength, out var aor, out error)
            || !TryReadUri(value, ref at, "contact", MaxContactLength, out var contact, out error))
        {
            return false;
        }

        if (string.IsNullOrEmpty(aor.User))
        {
            error = $"AOR {aor} has no user part";
            return false;
        }

        string? name = null;
        if (nameLength > 0)
        {
            if (value.Length - at < nameLength)
            {
                error = $"display name of {nameLength} bytes, {value.Length - at} left";
                return false;
            }

            if (!TryUtf8(value.Slice(at, nameLength), out name))
            {
                error = "display name is not UTF-8";
                return false;
            }

            at += nameLength;
        }

        var candidates = new SipCandidate[candidateCount];
        for (var i = 0; i < candidateCount; i++)
        {
            if (!TryReadCandidate(value, ref at, i, out candidates[i]!, out error))
            {
                return false;
            }
        }

        registration = new SipRegistration(aor, contact)
        {
            Kind = kind,
            RegisteredAt = DateTimeOffset.FromUnixTimeMilliseconds(milliseconds),
            Lifetime = lifetime,
            DisplayName = name,
            Candidates = [.. candidates],
        };
        error = null;
        return true;
    }

    // An empty name is written as none (length 0), so it reads back as null.
    private static byte[] Utf8OfName(string? name)
    {
        try
        {
            return name is null ? [] : StrictUtf8.GetBytes(name);
        }
        catch (EncoderFallbackException e)
        {
            throw new ArgumentException($"the display name is not valid Unicode: {e.Message}", nameof(name), e);
        }
    }

    private static int WriteField(Span<byte> span, int at, byte[] field)
    {
        BinaryPrimitives.WriteUInt16BigEndian(span[at..], (ushort)field.Length);
        field.CopyTo(span[(at + 2)..]);
        return at + 2 + field.Length;
    }

    private static bool TryReadUri(ReadOnlySpan<byte> value, ref int at, string what, int max, [NotNullWhen(true)] out SipUri? uri, [NotNullWhen(false)] out string? error)
    {
        uri = null;
        if (value.Length - at < 2)
        {
            error = $"{what} length cut off at byte {at}";
            return false;
        }

        var length = BinaryPrimitives.ReadUInt16BigEndian(value[at..]);
        if (length > max)
        {
            error = $"{what} of {length} bytes, over the {max} allowed";
            return false;
        }

        if (value.Length - at - 2 < length)
        {
            error = $"{what} of {length} bytes, {value.Length - at - 2} left";
            return false;
        }

        if (!TryUtf8(value.Slice(at + 2, length), out var text))
        {
            error = $"{what} is not UTF-8";
            return false;
        }

        if (!SipUri.TryParse(text, out uri, out var why))
        {
            error = $"{what} is not a SIP URI: {why}";
            return false;
        }

        at += 2 + length;
        error = null;
        return true;
    }

    private static bool TryReadCandidate(ReadOnlySpan<byte> value, ref int at, int index, [NotNullWhen(true)] out SipCandidate? candidate, [NotNullWhen(false)] out string? error)
    {
        candidate = null;
        if (value.Length - at < 4)
        {
            error = $"candidate {index + 1} cut off at byte {at}";
            return false;
        }

        var type = (SipCandidateType)value[at];
        if (!Enum.IsDefined(type))
        {
            error = $"candidate {index + 1} has type {value[at]}, not 1-4";
            return false;
        }

        var addressLength = value[at + 1] switch { 4 => 4, 6 => 16, _ => 0 };
        if (addressLength == 0)
        {
            error = $"candidate {index + 1} has IP version {value[at + 1]}, not 4 or 6";
            return false;
        }

        if (value.Length - at - 4 < addressLength)
        {
            error = $"candidate {index + 1}'s address cut off at byte {at + 4}";
            return false;
        }

        var port = BinaryPrimitives.ReadUInt16BigEndian(value[(at + 2)..]);
        candidate = new SipCandidate(new IPAddress(value.Slice(at + 4, addressLength)), port, type);
        at += 4 + addressLength;
        error = null;
        return true;
    }

    private static bool TryUtf8(ReadOnlySpan<byte> bytes, [NotNullWhen(true)] out string? text)
    {
        try
        {
            text = StrictUtf8.GetString(bytes);
            return true;
        }
        catch (DecoderFallbackException)
        {
            text = null;
            return false;
        }
    }

    private static int AddressLength(IPAddress address) => address.AddressFamily switch
    {
        AddressFamily.InterNetwork => 4,
        AddressFamily.InterNetworkV6 => 16,
        _ => throw new ArgumentException($"{address} is neither IPv4 nor IPv6", nameof(address)),
    };
}
