using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;

namespace Peerlink.Zeroconf.Dns;

/// <summary>
/// Reads big-endian fields and compressed names from one whole message and reports faults with their
/// offset from the message's first byte. Every read checks the bytes left first. While a record's
/// RDATA is being read the reader stops at its RDLENGTH, so no RDATA reader can run into the next record.
/// </summary>
internal ref struct DnsReader
{
    /// <summary>
    /// Most compression pointers followed for one name. Each must point before the last (see
    /// <see cref="ReadName"/>), so loops are impossible anyway; the cap bounds the work on a message
    /// made of pointer chains. A 255-byte name has at most 127 labels, and encoders point once per name.
    /// </summary>
    public const int MaxPointers = 127;

    private readonly ReadOnlySpan<byte> _message;
    private int _position;
    private int _limit;
    private bool _inRecordData;

    public DnsReader(ReadOnlySpan<byte> message)
    {
        _message = message;
        _position = 0;
        _limit = message.Length;
        _inRecordData = false;
    }

    /// <summary>Offset of the next byte from the start of the message.</summary>
    public readonly int Position => _position;

    /// <summary>Bytes left in the message, or in the RDATA being read.</summary>
    public readonly int Remaining => _limit - _position;

    public byte ReadByte()
    {
        Need(1);
        return _message[_position++];
    }

    public ushort ReadUInt16()
    {
        Need(2);
        var v = BinaryPrimitives.ReadUInt16BigEndian(_message[_position..]);
        _position += 2;
        return v;
    }

    public uint ReadUInt32()
    {
        Need(4);
        var v = BinaryPrimitives.ReadUInt32BigEndian(_message[_position..]);
        _position += 4;
        return v;
    }

    public ReadOnlySpan<byte> ReadSpan(int count)
    {
        Need(count);
        var s = _message.Slice(_position, count);
        _position += count;
        return s;
    }

    /// <summary>Limits reading to the next <paramref name="length"/> bytes (a record's RDATA). Returns what <see cref="EndRecordData"/> needs.</summary>
    public int BeginRecordData(int length)
    {
        if (length > Remaining)
        {
            Fail(DnsDecodeError.Truncated, $"RDLENGTH is {length}, {Remaining} byte(s) left");
        }

        var outer = _limit;
        _limit = _position + length;
        _inRecordData = true;
        return outer;
    }

    /// <summary>Fails unless the RDATA was read to its last byte, then lifts the limit.</summary>
    public void EndRecordData(int outer, DnsRecordType type)
    {
        if (_position != _limit)
        {
            Fail(DnsDecodeError.BadRecordData, $"{Remaining} byte(s) of {Describe(type)} RDATA left unread");
        }

        _limit = outer;
        _inRecordData = false;
    }

    /// <summary>
    /// Reads a name, following compression pointers (RFC 1035 §4.1.4). Guards against hostile input:
    /// the first pointer must point before itself and each further one before the previous target, so
    /// every jump moves strictly backwards and no loop can exist (an encoder only points at names it
    /// has already written, so real messages always satisfy this); at most <see cref="MaxPointers"/>
    /// jumps; at most 255 bytes once decompressed; no pointer into the 12-byte header.
    /// </summary>
    public DnsName ReadName()
    {
        Span<byte> wire = stackalloc byte[DnsName.MaxLength];
        var length = 0;
        var labels = 0;
        var at = _position;
        var limit = _limit;
        var jumps = 0;
        var lastTarget = -1;
        while (true)
        {
            if (at >= limit)
            {
                FailShortName(at, limit);
            }

            var b = _message[at];
            switch (b >> 6)
            {
                case 0 when b == 0:
                    wire[length++] = 0;
                    if (jumps == 0)
                    {
                        _position = at + 1;
                    }

                    return labels == 0 ? DnsName.Root : new DnsName(wire[..length].ToArray(), labels);

                case 0:
                    if (at + 1 + b > limit)
                    {
                        FailShortName(at, limit);
                    }

                    if (length + 1 + b + 1 > DnsName.MaxLength)
                    {
                        Fail(DnsDecodeError.NameTooLong, at, $"the name is over {DnsName.MaxLength} bytes once decompressed");
                    }

                    _message.Slice(at, 1 + b).CopyTo(wire[length..]);
                    length += 1 + b;
                    labels++;
                    at += 1 + b;
                    break;

                case 3:
                    if (at + 2 > limit)
                    {
                        FailShortName(at, limit);
                    }

                    var target = ((b & 0x3F) << 8) | _message[at + 1];
                    if (jumps == 0)
                    {
                        if (target >= at)
                        {
                            Fail(DnsDecodeError.BadPointer, at, $"compression pointer to {target} does not point before itself");
                        }

                        _position = at + 2;
                    }
                    else if (target >= lastTarget)
                    {
                        Fail(DnsDecodeError.PointerLoop, at, $"compression pointer to {target} does not point before the previous target {lastTarget}");
                    }

                    if (target < DnsMessage.HeaderLength)
                    {
                        Fail(DnsDecodeError.BadPointer, at, $"compression pointer to {target} points into the header");
                    }

                    if (++jumps > MaxPointers)
                    {
                        Fail(DnsDecodeError.PointerLoop, at, $"more than {MaxPointers} compression pointers in one name");
                    }

                    lastTarget = target;
                    at = target;

                    // Labels reached through a pointer belong to an earlier part of the message, not to this RDATA.
                    limit = _message.Length;
                    break;

                default:
                    Fail(DnsDecodeError.BadLabelType, at, $"label type 0x{b & 0xC0:x2} is reserved (RFC 6891 §5 retired the extended labels)");
                    break;
            }
        }
    }

    /// <summary>Fails unless <paramref name="count"/> more bytes are there (in the message, or in the RDATA being read).</summary>
    public readonly void Need(int count)
    {
        if (count < 0 || Remaining < count)
        {
            if (_inRecordData)
            {
                Fail(DnsDecodeError.BadRecordData, $"the RDATA ends {count - Remaining} byte(s) short of a field");
            }

            Fail(DnsDecodeError.Truncated, $"needs {count} byte(s), {Remaining} left");
        }
    }

    [DoesNotReturn]
    public readonly void Fail(DnsDecodeError error, string reason) => throw new DnsFormatException(error, _position, reason);

    [DoesNotReturn]
    public static void Fail(DnsDecodeError error, int offset, string reason) => throw new DnsFormatException(error, offset, reason);

    public static string Describe(DnsRecordType type) => Enum.IsDefined(type) ? type.ToString().ToUpperInvariant() : $"TYPE{(ushort)type}";

    [DoesNotReturn]
    private readonly void FailShortName(int at, int limit)
    {
        if (_inRecordData && limit != _message.Length)
        {
            Fail(DnsDecodeError.BadRecordData, at, "a name runs past the end of its RDATA");
        }

        Fail(DnsDecodeError.Truncated, at, "the message ends inside a name");
    }
}
