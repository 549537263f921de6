using FsCheck.Xunit;
using Peerlink.Core;
using Peerlink.Zeroconf.Dns;

namespace Peerlink.Zeroconf.Tests;

/// <summary>
/// The decoder's contract: any input decodes or throws <see cref="DnsFormatException"/> with the right
/// reason and offset, never anything else; and what it accepts encodes again to an equal message.
/// </summary>
public class MalformedInputTests
{
    private const string Header1Question = "0000 0000 0001 0000 0000 0000";
    private const string Header1Answer = "0000 8400 0000 0001 0000 0000";
    private const string Header2Answers = "0000 8400 0000 0002 0000 0000";

    private static DnsFormatException Malformed(string hex, DnsOptions? options = null) =>
        Assert.Throws<DnsFormatException>(() => DnsCodec.Decode(Hex.Parse(hex), options));

    /// <summary>Decodes; when that works, the message must survive another encode and decode.</summary>
    internal static void DecodeOrMalformed(byte[] bytes, string what)
    {
        DnsMessage decoded;
        try
        {
            decoded = DnsCodec.Decode(bytes);
        }
        catch (DnsFormatException)
        {
            return;
        }
        catch (Exception e)
        {
            Assert.Fail($"{what}: {e.GetType().Name} escaped Decode: {e.Message}\n{Hex.Format(bytes)}");
            return;
        }

        // A peer's pointers into raw RDATA can make our re-encoding longer than theirs: no size limit here.
        var roomy = new DnsOptions { MaxMessageLength = ushort.MaxValue };
        Assert.Equal(decoded, DnsCodec.Decode(DnsCodec.Encode(decoded, roomy), roomy));
    }

    // ---- names -------------------------------------------------------------------------------------

    [Theory]
    [InlineData("c00c 0001 0001", DnsDecodeError.BadPointer, 12)]          // a pointer to itself
    [InlineData("c010 0001 0001 00", DnsDecodeError.BadPointer, 12)]       // a pointer forward
    [InlineData("01 61 c0 04 0001 0001", DnsDecodeError.BadPointer, 14)]   // "a", then a pointer into the header
    [InlineData("01 61 c00c 0001 0001", DnsDecodeError.PointerLoop, 14)]   // "a", then back to "a": a, a, a, ... without end
    public void Decode_BadCompressionPointerInQuestion_RefusedAtThePointer(string question, DnsDecodeError error, int offset)
    {
        var e = Malformed(Header1Question + " " + question);

        Assert.Equal(error, e.Error);
        Assert.Equal(offset, e.Offset);
    }

    [Fact]
    public void Decode_LoopThroughRawRecordData_PointerLoop()
    {
        // Record 1 (unknown type 0xff00) carries raw bytes that look like "b" + a pointer forward to
        // record 2's name; record 2's name points back into them. Each pointer alone points somewhere
        // plausible; together they loop: 27 jumps to 23, reads "b", and 25 jumps back to 27.
        // 25's pointer does not point before 23, the previous target, so it is refused.
        var hex = Header2Answers
            + " 00 ff00 0001 00000000 0004 01 62 c01b"  // 12..26; RDATA at 23: "b" then a pointer to 27
            + " c017 0001 0001 00000000 0004 7f000001"; // 27: name = pointer to 23 (the RDATA)
        var e = Malformed(hex);

        Assert.Equal(DnsDecodeError.PointerLoop, e.Error);
        Assert.Equal(25, e.Offset);
    }

    [Fact]
    public void Decode_PointerChainLongerThanLimit_PointerLoop()
    {
        // Record 1's raw RDATA is 200 pointers, each to the one before; record 2's name points at the last.
        const int chain = 200;
        var rdataStart = 12 + 11;
        var pointers = string.Concat(Enumerable.Range(0, chain).Select(i => i == 0 ? "c00c" : (0xC000 | (rdataStart + (2 * (i - 1)))).ToString("x4", System.Globalization.CultureInfo.InvariantCulture)));
        var last = 0xC000 | (rdataStart + (2 * (chain - 1)));
        var hex = Header2Answers
            + " 00 ff00 0001 00000000 " + (2 * chain).ToString("x4", System.Globalization.CultureInfo.InvariantCulture) + " " + pointers
            + " " + last.ToString("x4", System.Globalization.CultureInfo.InvariantCulture) + " 0001 0001 00000000 0004 7f000001";
        var e = Malformed(hex);

        Assert.Equal(DnsDecodeError.PointerLoop, e.Error);
        Assert.Contains("more than 127", e.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("40", DnsDecodeError.BadLabelType)] // 64: length bits 01 (extended label, retired)
    [InlineData("80", DnsDecodeError.BadLabelType)] // 10: reserved
    [InlineData("7f", DnsDecodeError.BadLabelType)] // 127 looks like a long label, but its top bits are 01
    public void Decode_LabelLengthOver63_BadLabelType(string first, DnsDecodeError error)
    {
        var e = Malformed(Header1Question + " " + first + string.Concat(Enumerable.Repeat("61", 127)) + " 00 0001 0001");

        Assert.Equal(error, e.Error);
        Assert.Equal(12, e.Offset);
    }

    [Fact]
    public void Decode_Label63Bytes_Accepted()
    {
        var m = DnsCodec.Decode(Hex.Parse(Header1Question + " 3f" + string.Concat(Enumerable.Repeat("61", 63)) + " 00 0001 0001"));

        Assert.Equal(63, m.Questions[0].Name.GetLabel(0).Length);
    }

    [Fact]
    public void Decode_NameOver255Bytes_NameTooLong()
    {
        // Four 63-byte labels: 4 * 64 + 1 = 257 bytes.
        var label = "3f" + string.Concat(Enumerable.Repeat("61", 63));
        var e = Malformed(Header1Question + " " + label + label + label + label + " 00 0001 0001");

        Assert.Equal(DnsDecodeError.NameTooLong, e.Error);
        Assert.Equal(12 + (3 * 64), e.Offset);
    }

    [Fact]
    public void Decode_NameOver255BytesOnlyOnceDecompressed_NameTooLong()
    {
        // Question 1: 250 bytes of name (legal). Question 2: a 10-byte label + pointer to it = 261 bytes.
        var label = "3f" + string.Concat(Enumerable.Repeat("61", 63));
        var first = label + label + label + "39" + string.Concat(Enumerable.Repeat("62", 57)) + "00"; // 3*64 + 58 + 1 = 251
        var hex = "0000 0000 0002 0000 0000 0000 " + first + " 0001 0001 0a 00000000000000000000 c00c 0001 0001";
        var e = Malformed(hex);

        Assert.Equal(DnsDecodeError.NameTooLong, e.Error);
    }

    [Fact]
    public void Decode_NameExactly255Bytes_Accepted()
    {
        var label = "3f" + string.Concat(Enumerable.Repeat("61", 63));
        var name = label + label + label + "3d" + string.Concat(Enumerable.Repeat("62", 61)) + "00";

        Assert.Equal(255, DnsCodec.Decode(Hex.Parse(Header1Question + " " + name + " 0001 0001")).Questions[0].Name.WireLength);
    }

    [Fact]
    public void Decode_NameRunsPastRecordData_BadRecordData()
    {
        // PTR with RDLENGTH 3 whose name needs 7 bytes.
        var e = Malformed(Header1Answer + " 00 000c 0001 00000078 0003 05 6c6f63616c 00");

        Assert.Equal(DnsDecodeError.BadRecordData, e.Error);
    }

    // ---- counts, lengths, sections -----------------------------------------------------------------

    [Fact]
    public void Decode_EveryProperPrefixOfEveryVector_Truncated()
    {
        foreach (var vector in MessageVectors.All)
        {
            var wire = vector.Wire;
            for (var n = 0; n < wire.Length; n++)
            {
                var e = Assert.Throws<DnsFormatException>(() => DnsCodec.Decode(wire.AsSpan(0, n)));
                Assert.True(e.Error == DnsDecodeError.Truncated, $"{vector.Name}, {n} bytes: {e.Error} {e.Message}");
            }
        }
    }

    [Theory]
    [InlineData("0000 0000 0001 0000 0000 0000", 4)]    // a question counted, none there
    [InlineData("0000 8400 0000 0000 0000 0001 00", 4)] // a record counted, 1 byte there
    [InlineData("0000 8400 0000 0001 0000 0000 00 0001 0001 00000078 0004 c0a8", 23)] // RDLENGTH 4, 2 bytes left
    public void Decode_CountsOrLengthsBeyondTheBytes_Truncated(string hex, int offset)
    {
        var e = Malformed(hex);

        Assert.Equal(DnsDecodeError.Truncated, e.Error);
        Assert.Equal(offset, e.Offset);
    }

    [Fact]
    public void Decode_BytesAfterTheLastRecord_TrailingBytes()
    {
        var e = Malformed(MessageVectors.Aaaa.Hex + " 00");

        Assert.Equal(DnsDecodeError.TrailingBytes, e.Error);
        Assert.Equal(MessageVectors.Aaaa.Wire.Length, e.Offset);
    }

    [Theory]
    [InlineData("0001 8001 00000078 0005 c0a8010a00")]  // A of 5 bytes
    [InlineData("0001 8001 00000078 0003 c0a801")]      // A of 3 bytes
    [InlineData("001c 8001 00000078 0004 c0a8010a")]    // AAAA of 4 bytes
    [InlineData("0021 8001 00000078 0004 00000000")]    // SRV cut before port
    [InlineData("0021 8001 00000078 0008 000000001f90 00 00")] // SRV with a byte after the target
    [InlineData("000c 0001 00000078 0002 00 00")]       // PTR with a byte after the name
    [InlineData("0010 8001 00000078 0003 05 6162")]     // TXT string longer than the RDATA
    [InlineData("002f 8001 00000078 0003 00 00 00")]    // NSEC bitmap length 0
    [InlineData("002f 8001 00000078 0024 00 00 21 " + "0000000000000000000000000000000000000000000000000000000000000000 00")] // NSEC bitmap length 33
    [InlineData("002f 8001 00000078 0007 00 01 01 40 00 01 40")] // NSEC window 1 then window 0
    [InlineData("002f 8001 00000078 0007 00 00 01 40 00 01 40")] // NSEC window 0 twice
    [InlineData("002f 8001 00000078 0003 00 00 01")]    // NSEC bitmap cut
    public void Decode_RecordDataNotMatchingItsType_BadRecordData(string afterName)
    {
        var e = Malformed(Header1Answer + " 00 " + afterName);

        Assert.Equal(DnsDecodeError.BadRecordData, e.Error);
        Assert.InRange(e.Offset, 23, 100);
    }

    [Fact]
    public void Decode_NsecWithTrailingZeroBitmapBytes_ReadNotRefused()
    {
        var m = DnsCodec.Decode(Hex.Parse(Header1Answer + " 00 002f 8001 00000078 0006 00 00 03 400000"));

        Assert.Equal([DnsRecordType.A], Assert.IsType<NsecData>(m.Answers[0].Data).Types);
    }

    [Fact]
    public void Decode_TxtWithZeroLengthRdata_OneEmptyString()
    {
        var m = DnsCodec.Decode(Hex.Parse(Header1Answer + " 00 0010 8001 00001194 0000"));

        Assert.Equal(TxtData.Empty, m.Answers[0].Data);
    }

    // ---- arbitrary bytes ---------------------------------------------------------------------------

    [Theory]
    [MemberData(nameof(MessageVectorTests.VectorNames), MemberType = typeof(MessageVectorTests))]
    public void Decode_EveryByteValueAtEveryPositionOfVector_DecodesOrThrowsMalformed(string name)
    {
        var bytes = MessageVectors.Named(name).Wire;

        for (var i = 0; i < bytes.Length; i++)
        {
            var original = bytes[i];
            for (var value = 0; value < 256; value++)
            {
                bytes[i] = (byte)value;
                DecodeOrMalformed(bytes, $"{name}, byte {i} = {value:x2}");
            }

            bytes[i] = original;
        }
    }

    [Property(Replay = DnsGenerators.Seed, MaxTest = 2000)]
    public void Decode_NoiseBehindPlausibleHeader_DecodesOrThrowsMalformed(byte[] noise, byte questions, byte records)
    {
        // Small counts so the noise reaches the name and record readers instead of failing the count check.
        var header = new byte[] { 0, 0, 0x84, 0, 0, (byte)(questions % 3), 0, (byte)(records % 4), 0, (byte)(records % 2), 0, (byte)(questions % 2) };

        DecodeOrMalformed([.. header, .. noise ?? []], "noise");
    }

    [Property(Arbitrary = new[] { typeof(DnsGenerators) }, Replay = DnsGenerators.Seed, MaxTest = 300)]
    public void Decode_MutatedGeneratedMessage_DecodesOrThrowsMalformed(DnsMessage message, int at, byte xor)
    {
        var bytes = DnsCodec.Encode(message);
        var n = (int)((uint)at % (uint)bytes.Length);
        bytes[n] ^= xor == 0 ? (byte)0x80 : xor;

        DecodeOrMalformed(bytes, $"byte {n} ^ {xor:x2}");
    }

    [Fact]
    public void Decode_NoiseProperty_ReachesTheRecordReaders()
    {
        // The noise property is only worth something if much of it gets past the header checks.
        var random = new Random(5353);
        var outcomes = Enumerable.Range(0, 3000)
            .Select(i =>
            {
                var bytes = new byte[12 + random.Next(0, 60)];
                random.NextBytes(bytes.AsSpan(12));
                bytes[5] = 1; // one question
                bytes[7] = 1; // one answer
                return DnsCodec.TryDecode(bytes, null, out _, out var error) ? "ok" : error.Error.ToString();
            })
            .ToHashSet();

        Assert.Contains(nameof(DnsDecodeError.BadLabelType), outcomes);
        Assert.Contains(nameof(DnsDecodeError.BadPointer), outcomes);
        Assert.Contains(nameof(DnsDecodeError.Truncated), outcomes);
    }
}
