using System.Buffers.Binary;
using System.Text;
using Peerlink.Core;

namespace Peerlink.Nat.Stun;

//   ERROR-CODE (RFC 8489 §14.8):
//   0                   1                   2                   3
//   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |           Reserved, should be 0         |Class|     Number    |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |      Reason Phrase (variable, UTF-8, at most 763 bytes)      ..
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  Code = Class × 100 + Number, 300 to 699.

/// <summary>An ERROR-CODE value: the code and its reason phrase.</summary>
/// <param name="Code">300-699: 400 Bad Request, 401 Unauthenticated, 420 Unknown Attribute, 438 Stale Nonce ...</param>
/// <param name="Reason">A phrase for people.</param>
public sealed record StunErrorCode(int Code, string Reason)
{
    /// <summary>The attribute's value.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A code outside 300-699.</exception>
    public Bytes ToValue()
    {
        if (Code is < 300 or > 699)
        {
            throw new ArgumentOutOfRangeException(nameof(Code), Code, "an ERROR-CODE is 300 to 699");
        }

        var reason = Encoding.UTF8.GetBytes(Reason);
        var value = new byte[4 + Math.Min(reason.Length, 763)];
        value[2] = (byte)(Code / 100);
        value[3] = (byte)(Code % 100);
        reason.AsSpan(0, value.Length - 4).CopyTo(value.AsSpan(4));
        return Bytes.Copy(value);
    }

    /// <summary>The error a value carries, or null for a malformed one.</summary>
    public static StunErrorCode? FromValue(ReadOnlySpan<byte> value)
    {
        if (value.Length < 4 || (value[2] & 0x07) is < 3 or > 6 || value[3] > 99)
        {
            return null;
        }

        return new StunErrorCode(((value[2] & 0x07) * 100) + value[3], Encoding.UTF8.GetString(value[4..]));
    }

    /// <summary>UNKNOWN-ATTRIBUTES' value (§14.13): the types, two bytes each.</summary>
    public static Bytes UnknownAttributes(IEnumerable<ushort> types)
    {
        ArgumentNullException.ThrowIfNull(types);
        var list = types.ToList();
        var value = new byte[list.Count * 2];
        for (var i = 0; i < list.Count; i++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(value.AsSpan(i * 2), list[i]);
        }

        return Bytes.Copy(value);
    }
}
