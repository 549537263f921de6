using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;

namespace Peerlink.Sip.Media;

//  A telephone-event payload (RFC 4733 §2.3), big-endian:
//
//   0                   1                   2                   3
//   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |     event     |E|R| volume    |          duration             |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
//  event: 0-9 the digits, 10 '*', 11 '#', 12-15 A-D (§3.2); E: the end of the event; volume: 0 to -63 dBm0
//  as 0-63; duration: in timestamp units since the event began (the packet's timestamp).

/// <summary>One telephone-event payload (RFC 4733 §2.3).</summary>
/// <param name="Event">The event code: 0-9, 10 for '*', 11 for '#', 12-15 for A-D.</param>
/// <param name="End">The E bit: the event has ended.</param>
/// <param name="Volume">The power level, 0 to 63 (in -dBm0).</param>
/// <param name="Duration">The duration so far, in timestamp units.</param>
public readonly record struct TelephoneEvent(byte Event, bool End, byte Volume, ushort Duration)
{
    /// <summary>The payload's length.</summary>
    public const int Length = 4;

    /// <summary>Reads a payload; false, with a reason, when it is shorter than 4 octets.</summary>
    public static bool TryRead(ReadOnlySpan<byte> payload, out TelephoneEvent telephoneEvent, [NotNullWhen(false)] out string? error)
    {
        // §2.5.2.x: several events may be stacked in one packet (redundancy, RFC 2198); the first is the one read.
        if (payload.Length < Length)
        {
            telephoneEvent = default;
            error = $"{payload.Length} octets: a telephone event has 4";
            return false;
        }

        telephoneEvent = new TelephoneEvent(payload[0], (payload[1] & 0x80) != 0, (byte)(payload[1] & 0x3F), BinaryPrimitives.ReadUInt16BigEndian(payload[2..]));
        error = null;
        return true;
    }

    /// <summary>The 4 octets, R zero.</summary>
    /// <exception cref="ArgumentException">The volume is over 63.</exception>
    public byte[] ToBytes()
    {
        if (Volume > 63)
        {
            throw new ArgumentException($"volume {Volume} is over 6 bits");
        }

        var bytes = new byte[Length];
        bytes[0] = Event;
        bytes[1] = (byte)((End ? 0x80 : 0) | Volume);
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(2), Duration);
        return bytes;
    }

    /// <summary>The event code of a DTMF digit ("0"-"9", "*", "#", "A"-"D"), or null.</summary>
    public static byte? FromDigit(char digit) => char.ToUpperInvariant(digit) switch
    {
        >= '0' and <= '9' => (byte)(digit - '0'),
        '*' => 10,
        '#' => 11,
        var c and >= 'A' and <= 'D' => (byte)(12 + c - 'A'),
        _ => null,
    };
}
