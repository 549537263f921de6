using Peerlink.Core;

namespace Peerlink.Wire;

//  Messages-Received (§9.3.15), repeated:
//   0                   1                   2                   3
//   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |   Msg Type    |           Number of messages                  |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |                       ......                                  |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+

/// <summary>One Messages-Received entry: a request type (254 = responses, 255 = ACKs) and a 24-bit count.</summary>
/// <param name="MessageType">Request type code, or 254 for responses, 255 for ACKs.</param>
/// <param name="Count">Messages received in the time window, at most 2^24 - 1.</param>
public sealed record MessageCount(byte MessageType, uint Count)
{
    /// <summary>Msg Type that counts responses.</summary>
    public const byte Responses = 254;

    /// <summary>Msg Type that counts ACKs.</summary>
    public const byte Acks = 255;

    /// <summary>Largest count that fits 24 bits.</summary>
    public const uint MaxCount = 0xFF_FFFF;
}

/// <summary>Messages-Received (§9.3.15).</summary>
/// <param name="Counts">Counts per message type.</param>
public sealed record MessagesReceived(ValueList<MessageCount> Counts) : P2ppObject
{
    /// <inheritdoc/>
    public override ObjectType Type => ObjectType.MessagesReceived;

    internal override int ValueLength => 4 * Counts.Count;

    internal override void WriteValue(ref WireWriter writer)
    {
        foreach (var c in Counts)
        {
            if (c.Count > MessageCount.MaxCount)
            {
                throw new ArgumentException($"a message count is 24 bits; {c.Count} does not fit");
            }

            writer.WriteByte(c.MessageType);
            writer.WriteUInt24(c.Count);
        }
    }

    internal static MessagesReceived ReadValue(ref WireReader value)
    {
        if (value.Remaining % 4 != 0)
        {
            value.Fail(DecodeError.BadObject, $"Messages-Received of {value.Remaining} bytes is not a whole number of 4-byte entries");
        }

        var counts = new MessageCount[value.Remaining / 4];
        for (var i = 0; i < counts.Length; i++)
        {
            counts[i] = new MessageCount(value.ReadByte(), value.ReadUInt24());
        }

        return new MessagesReceived(ValueListMarshal.AsValueList(counts));
    }
}
