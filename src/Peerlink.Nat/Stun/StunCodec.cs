using System.Buffers.Binary;
using System.Security.Cryptography;
using Peerlink.Core;

namespace Peerlink.Nat.Stun;

//  A STUN message (RFC 8489 §5), big-endian:
//
//   0                   1                   2                   3
//   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |0 0|     STUN Message Type     |         Message Length        |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |                  Magic Cookie (0x2112A442)                    |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |                     Transaction ID (96 bits)                  |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |         Type                  |            Length             |  one attribute (§14),
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+  its value padded to
//  |                         Value (variable)                ....     4 bytes; then more
//
//  Message Type: M11..M7 C1 M6..M4 C0 M3..M0 (method M, class C). Message Length counts the bytes
//  after the 20-byte header, a multiple of 4.

/// <summary>
/// Decodes and encodes STUN messages (RFC 8489). Decoding never throws on a peer's bytes; it checks the
/// header (top bits, cookie, length) and the attribute framing, and keeps every attribute as bytes.
/// MESSAGE-INTEGRITY(-SHA256) and FINGERPRINT are checked with <see cref="CheckIntegrity"/> and
/// <see cref="CheckFingerprint"/>, and added by <see cref="Encode"/>.
/// </summary>
public static class StunCodec
{
    /// <summary>The fixed header's length.</summary>
    public const int HeaderLength = 20;

    /// <summary>The magic cookie (§6).</summary>
    public const uint MagicCookie = 0x2112A442;

    /// <summary>FINGERPRINT is the CRC-32 XORed with this ("STUN", §14.7).</summary>
    private const uint FingerprintXor = 0x5354554E;

    /// <summary>Reads a message; false, with a reason, for anything that is not a well-framed STUN message.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> bytes, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out StunMessage? message, out string? error)
    {
        message = null;
        if (bytes.Length < HeaderLength)
        {
            error = $"{bytes.Length} bytes: shorter than the 20-byte header";
            return false;
        }

        var type = BinaryPrimitives.ReadUInt16BigEndian(bytes);
        var length = BinaryPrimitives.ReadUInt16BigEndian(bytes[2..]);
        if ((type & 0xC000) != 0)
        {
            error = "the two top bits of the message type are not zero";
            return false;
        }

        if (BinaryPrimitives.ReadUInt32BigEndian(bytes[4..]) != MagicCookie)
        {
            error = "no magic cookie";
            return false;
        }

        if (length % 4 != 0 || HeaderLength + length != bytes.Length)
        {
            error = $"Message Length {length} does not fit the {bytes.Length - HeaderLength} bytes after the header in 4-byte units";
            return false;
        }

        var attributes = new List<StunAttributeEntry>();
        var at = HeaderLength;
        while (at < bytes.Length)
        {
            if (bytes.Length - at < 4)
            {
                error = $"an attribute header at byte {at} is cut off";
                return false;
            }

            var attributeType = BinaryPrimitives.ReadUInt16BigEndian(bytes[at..]);
            var valueLength = BinaryPrimitives.ReadUInt16BigEndian(bytes[(at + 2)..]);
            var padded = (valueLength + 3) & ~3;
            if (bytes.Length - at - 4 < padded)
            {
                error = $"attribute 0x{attributeType:x4} at byte {at} says {valueLength} bytes; {bytes.Length - at - 4} follow";
                return false;
            }

            attributes.Add(new StunAttributeEntry(attributeType, Bytes.Copy(bytes.Slice(at + 4, valueLength))));
            at += 4 + padded;
        }

        var method = (ushort)((type & 0x000F) | ((type & 0x00E0) >> 1) | ((type & 0x3E00) >> 2));
        var @class = (StunClass)(((type >> 4) & 1) | ((type >> 7) & 2));
        message = new StunMessage(@class, method, Bytes.Copy(bytes.Slice(8, 12))) { Attributes = [.. attributes] };
        error = null;
        return true;
    }

    /// <summary>
    /// Encodes <paramref name="message"/>, padding values with zeros; then, with <paramref name="integrityKey"/>,
    /// appends MESSAGE-INTEGRITY (HMAC-SHA1) or MESSAGE-INTEGRITY-SHA256 (§14.5, §14.6); then, with
    /// <paramref name="fingerprint"/>, FINGERPRINT (§14.7).
    /// </summary>
    /// <exception cref="ArgumentException">A 12-bit method, a 12-byte transaction ID or a 16-bit value length is exceeded.</exception>
    public static byte[] Encode(StunMessage message, ReadOnlySpan<byte> integrityKey = default, bool sha256 = false, bool fingerprint = false)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.Method > 0xFFF || message.TransactionId.Length != 12)
        {
            throw new ArgumentException("a STUN method is 12 bits and a transaction ID 12 bytes", nameof(message));
        }

        var integrityLength = integrityKey.IsEmpty ? 0 : 4 + (sha256 ? 32 : 20);
        var size = HeaderLength + integrityLength + (fingerprint ? 8 : 0);
        foreach (var a in message.Attributes)
        {
            size += 4 + ((a.Value.Length + 3) & ~3);
        }

        var bytes = new byte[size];
        var m = message.Method;
        var c = (int)message.Class;
        var type = (m & 0x000F) | ((m & 0x0070) << 1) | ((m & 0x0F80) << 2) | ((c & 1) << 4) | ((c & 2) << 7);
        BinaryPrimitives.WriteUInt16BigEndian(bytes, (ushort)type);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(4), MagicCookie);
        message.TransactionId.Span.CopyTo(bytes.AsSpan(8));
        var at = HeaderLength;
        foreach (var a in message.Attributes)
        {
            if (a.Value.Length > ushort.MaxValue)
            {
                throw new ArgumentException($"attribute 0x{a.Type:x4} is {a.Value.Length} bytes; at most 65,535", nameof(message));
            }

            BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(at), a.Type);
            BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(at + 2), (ushort)a.Value.Length);
            a.Value.Span.CopyTo(bytes.AsSpan(at + 4));
            at += 4 + ((a.Value.Length + 3) & ~3);
        }

        if (integrityLength > 0)
        {
            // §14.5: the HMAC covers the message up to the attribute, with the length already counting it.
            BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(2), (ushort)(at + integrityLength - HeaderLength));
            var mac = Hmac(integrityKey, bytes.AsSpan(0, at), sha256);
            BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(at), sha256 ? StunAttributeType.MessageIntegritySha256 : StunAttributeType.MessageIntegrity);
            BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(at + 2), (ushort)mac.Length);
            mac.CopyTo(bytes.AsSpan(at + 4));
            at += integrityLength;
        }

        if (fingerprint)
        {
            BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(2), (ushort)(at + 8 - HeaderLength));
            var crc = StunCrc32.Compute(bytes.AsSpan(0, at)) ^ FingerprintXor;
            BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(at), StunAttributeType.Fingerprint);
            BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(at + 2), 4);
            BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(at + 4), crc);
            at += 8;
        }

        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(2), (ushort)(at - HeaderLength));
        return bytes;
    }

    /// <summary>
    /// Checks the message's MESSAGE-INTEGRITY (or, with <paramref name="sha256"/>, MESSAGE-INTEGRITY-SHA256)
    /// against <paramref name="key"/> (§14.5, §14.6): false when there is none, or it does not match.
    /// </summary>
    public static bool CheckIntegrity(ReadOnlySpan<byte> bytes, ReadOnlySpan<byte> key, bool sha256 = false)
    {
        var wanted = sha256 ? StunAttributeType.MessageIntegritySha256 : StunAttributeType.MessageIntegrity;
        if (Locate(bytes, wanted) is not { } at)
        {
            return false;
        }

        var length = BinaryPrimitives.ReadUInt16BigEndian(bytes[(at + 2)..]);
        if (length != (sha256 ? 32 : 20))
        {
            return false;
        }

        var copy = bytes[..at].ToArray();
        BinaryPrimitives.WriteUInt16BigEndian(copy.AsSpan(2), (ushort)(at + 4 + length - HeaderLength));
        var mac = Hmac(key, copy, sha256);
        return CryptographicOperations.FixedTimeEquals(mac, bytes.Slice(at + 4, length));
    }

    /// <summary>True when the message ends with a FINGERPRINT that matches (§14.7).</summary>
    public static bool CheckFingerprint(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < HeaderLength + 8 || Locate(bytes, StunAttributeType.Fingerprint) is not { } at || at != bytes.Length - 8
            || BinaryPrimitives.ReadUInt16BigEndian(bytes[(at + 2)..]) != 4)
        {
            return false;
        }

        return (StunCrc32.Compute(bytes[..at]) ^ FingerprintXor) == BinaryPrimitives.ReadUInt32BigEndian(bytes[(at + 4)..]);
    }

    /// <summary>The long-term credential key (§9.2.2): MD5(username ":" realm ":" password), the strings already OpaqueString-prepared.</summary>
    public static byte[] LongTermKey(string username, string realm, string password) =>
#pragma warning disable CA5351 // MD5 is what RFC 8489 §9.2.2 defines for the SHA-1 integrity's key; not our choice.
        MD5.HashData(System.Text.Encoding.UTF8.GetBytes($"{username}:{realm}:{password}"));
#pragma warning restore CA5351

    private static byte[] Hmac(ReadOnlySpan<byte> key, ReadOnlySpan<byte> data, bool sha256) =>
#pragma warning disable CA5350 // HMAC-SHA1 is MESSAGE-INTEGRITY's algorithm (RFC 8489 §14.5); SHA-256 is offered beside it.
        sha256 ? HMACSHA256.HashData(key, data) : HMACSHA1.HashData(key, data);
#pragma warning restore CA5350

    /// <summary>
    /// The offset of the first attribute of <paramref name="type"/>, or null when there is none or the bytes are
    /// not a well-framed message (a peer's bytes reach the integrity checks, so this must not trust them).
    /// </summary>
    private static int? Locate(ReadOnlySpan<byte> bytes, ushort type)
    {
        if (bytes.Length < HeaderLength || HeaderLength + BinaryPrimitives.ReadUInt16BigEndian(bytes[2..]) != bytes.Length)
        {
            return null;
        }

        var at = HeaderLength;
        while (at + 4 <= bytes.Length)
        {
            var t = BinaryPrimitives.ReadUInt16BigEndian(bytes[at..]);
            var length = BinaryPrimitives.ReadUInt16BigEndian(bytes[(at + 2)..]);
            if (at + 4 + length > bytes.Length)
            {
                return null;
            }

            if (t == type)
            {
                return at;
            }

            at += 4 + ((length + 3) & ~3);
        }

        return null;
    }
}
