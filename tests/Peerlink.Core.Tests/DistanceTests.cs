using System.Numerics;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Peerlink.Core.Tests;

public class DistanceTests
{
    private const string Ones20 = "ffffffffffffffffffffffffffffffffffffffff";
    private const string Zeros20 = "0000000000000000000000000000000000000000";
    private const string One20 = "0000000000000000000000000000000000000001";

    private static readonly Arbitrary<byte[]> Bytes20 =
        Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b), 20).ToArbitrary();

    private static NodeId Id(string hex) => NodeId.Parse(hex);

    /// <summary>A 2-byte identifier built by hand from an integer (not through the code under test).</summary>
    private static NodeId Id16(int value) => NodeId.FromBytes([(byte)(value >> 8), (byte)value]);

    /// <summary>A 2-byte identifier read back as an integer by hand.</summary>
    private static int ToInt(NodeId id)
    {
        Assert.Equal(2, id.Length);
        return (id.Span[0] << 8) | id.Span[1];
    }

    private static BigInteger ToBig(ReadOnlySpan<byte> bytes) => new(bytes, isUnsigned: true, isBigEndian: true);

    // ---- RingDistance -------------------------------------------------------------------------

    [Theory]
    [InlineData("10", "30", "20")]
    [InlineData("30", "10", "e0")] // 0x10 - 0x30 + 0x100
    [InlineData("ff", "00", "01")] // wraps past the top
    [InlineData("00", "ff", "ff")]
    [InlineData("80", "7f", "ff")]
    [InlineData("1234", "5678", "4444")]
    [InlineData("00ff", "0100", "0001")] // borrow across bytes
    [InlineData("0100", "00ff", "ffff")]
    [InlineData("f000", "0010", "1010")] // 0x10010 - 0xf000
    [InlineData("8001", "7fff", "fffe")]
    [InlineData("00ffffffffffffffffffffffffffffffffffffff", "0100000000000000000000000000000000000000", One20)]
    [InlineData("0100000000000000000000000000000000000000", "00ffffffffffffffffffffffffffffffffffffff", Ones20)]
    [InlineData(Ones20, Zeros20, One20)]
    [InlineData(Zeros20, Ones20, Ones20)]
    public void RingDistance_FromTo_ClockwiseDifferenceMod2PowM(string from, string to, string expected)
    {
        Assert.Equal(expected, NodeId.RingDistance(Id(from), Id(to)).ToString());
    }

    [Theory]
    [InlineData("00")]
    [InlineData("a5")]
    [InlineData("ffff")]
    [InlineData("0123456789abcdef0123456789abcdef01234567")]
    public void RingDistance_ToSelf_Zero(string hex)
    {
        var d = NodeId.RingDistance(Id(hex), Id(hex));

        Assert.True(d.IsZero());
        Assert.Equal(hex.Length / 2, d.Length);
    }

    [Property(Replay = Replay.Seed, MaxTest = Replay.MaxTest)]
    public void RingDistance_UShortIds_EqualsIntegerDifferenceMod65536(DoNotSize<ushort> from, DoNotSize<ushort> to)
    {
        var d = NodeId.RingDistance(Id16(from.Item), Id16(to.Item));

        Assert.Equal((to.Item - from.Item + 0x10000) % 0x10000, ToInt(d));
    }

    [Property(Replay = Replay.Seed, MaxTest = Replay.MaxTest)]
    public void RingDistance_BothWaysBetweenDistinctUShortIds_SumTo2Pow16(DoNotSize<ushort> a, DoNotSize<ushort> b)
    {
        var x = Id16(a.Item);
        var y = Id16(b.Item);

        var sum = ToInt(NodeId.RingDistance(x, y)) + ToInt(NodeId.RingDistance(y, x));

        Assert.Equal(a.Item == b.Item ? 0 : 0x10000, sum);
    }

    [Property(Replay = Replay.Seed, MaxTest = Replay.MaxTest)]
    public Property RingDistance_TwentyByteIds_EqualsBigIntegerDifferenceMod2Pow160() =>
        Prop.ForAll(Bytes20, Bytes20, (from, to) =>
        {
            var d = NodeId.RingDistance(NodeId.FromBytes(from), NodeId.FromBytes(to));
            var modulus = BigInteger.One << 160;
            var expected = (((ToBig(to) - ToBig(from)) % modulus) + modulus) % modulus;
            return d.Length == 20 && ToBig(d.Span) == expected;
        });

    [Fact]
    public void RingDistance_Inputs_Unchanged()
    {
        var from = Id("00ff");
        var to = Id("0100");

        _ = NodeId.RingDistance(from, to);

        Assert.Equal("00ff", from.ToString());
        Assert.Equal("0100", to.ToString());
    }

    // ---- XorDistance --------------------------------------------------------------------------

    [Theory]
    [InlineData("a5", "0f", "aa")]
    [InlineData("ff", "00", "ff")]
    [InlineData("80", "7f", "ff")]
    [InlineData("1234", "5678", "444c")]
    [InlineData("0001", "0100", "0101")]
    [InlineData("0123456789abcdef0123456789abcdef01234567", "fedcba9876543210fedcba9876543210fedcba98", Ones20)]
    [InlineData("0123456789abcdef0123456789abcdef01234567", "0123456789abcdef0123456789abcdef01234566", One20)]
    public void XorDistance_TwoIds_BitwiseXor(string a, string b, string expected)
    {
        Assert.Equal(expected, NodeId.XorDistance(Id(a), Id(b)).ToString());
        Assert.Equal(expected, NodeId.XorDistance(Id(b), Id(a)).ToString());
    }

    [Property(Replay = Replay.Seed, MaxTest = Replay.MaxTest)]
    public void XorDistance_UShortIds_EqualsIntegerXorAndIsSymmetric(DoNotSize<ushort> a, DoNotSize<ushort> b)
    {
        var x = Id16(a.Item);
        var y = Id16(b.Item);

        Assert.Equal(a.Item ^ b.Item, ToInt(NodeId.XorDistance(x, y)));
        Assert.Equal(NodeId.XorDistance(x, y), NodeId.XorDistance(y, x));
    }

    [Property(Replay = Replay.Seed, MaxTest = Replay.MaxTest)]
    public void XorDistance_UShortIds_ZeroIffEqual(DoNotSize<ushort> a, DoNotSize<ushort> b)
    {
        Assert.True(NodeId.XorDistance(Id16(a.Item), Id16(a.Item)).IsZero());
        Assert.Equal(a.Item == b.Item, NodeId.XorDistance(Id16(a.Item), Id16(b.Item)).IsZero());
    }

    [Property(Replay = Replay.Seed, MaxTest = Replay.MaxTest)]
    public void XorDistance_UShortIds_TriangleInequality(DoNotSize<ushort> a, DoNotSize<ushort> b, DoNotSize<ushort> c)
    {
        var x = Id16(a.Item);
        var y = Id16(b.Item);
        var z = Id16(c.Item);

        Assert.True(ToInt(NodeId.XorDistance(x, y)) <= ToInt(NodeId.XorDistance(x, z)) + ToInt(NodeId.XorDistance(z, y)));
    }

    [Property(Replay = Replay.Seed, MaxTest = Replay.MaxTest)]
    public void XorDistance_FixedStartAndDistance_LeadsBackToTheOneTarget(DoNotSize<ushort> a, DoNotSize<ushort> b)
    {
        var x = Id16(a.Item);
        var y = Id16(b.Item);

        // Unidirectional: b is the only point at distance d(a, b) from a.
        Assert.Equal(y, NodeId.XorDistance(x, NodeId.XorDistance(x, y)));
    }

    [Fact]
    public void XorDistance_FromOneByteIdToAllOthers_AllDistancesDistinct()
    {
        var a = Id("5c");

        var distances = Enumerable.Range(0, 256)
            .Select(b => NodeId.XorDistance(a, NodeId.FromBytes([(byte)b])).Span[0])
            .ToHashSet();

        Assert.Equal(256, distances.Count);
    }

    [Property(Replay = Replay.Seed, MaxTest = Replay.MaxTest)]
    public Property XorDistance_TwentyByteIds_EqualsBigIntegerXor() =>
        Prop.ForAll(Bytes20, Bytes20, (a, b) =>
        {
            var d = NodeId.XorDistance(NodeId.FromBytes(a), NodeId.FromBytes(b));
            return d.Length == 20 && ToBig(d.Span) == (ToBig(a) ^ ToBig(b));
        });

    // ---- width checks -------------------------------------------------------------------------

    public static TheoryData<string> TwoArgumentMetrics => ["ring", "xor", "prefix", "shared", "arc"];

    private static void Measure(string metric, NodeId a, NodeId b)
    {
        switch (metric)
        {
            case "ring":
                NodeId.RingDistance(a, b);
                break;
            case "xor":
                NodeId.XorDistance(a, b);
                break;
            case "prefix":
                NodeId.CommonPrefixBits(a, b);
                break;
            case "shared":
                NodeId.SharedPrefixLength(a, b, 4);
                break;
            default:
                NodeId.InArcExclusiveInclusive(a, a, b);
                break;
        }
    }

    [Theory]
    [MemberData(nameof(TwoArgumentMetrics))]
    public void Metric_DifferentWidths_ThrowsArgumentException(string metric)
    {
        Assert.Throws<ArgumentException>(() => Measure(metric, Id("01"), Id("0001")));
        Assert.Throws<ArgumentException>(() => Measure(metric, Id(One20), Id("0001")));
    }

    [Theory]
    [MemberData(nameof(TwoArgumentMetrics))]
    public void Metric_DefaultIds_ThrowsArgumentException(string metric)
    {
        Assert.Throws<ArgumentException>(() => Measure(metric, default, default));
    }

    // ---- CommonPrefixBits and SharedPrefixLength ----------------------------------------------

    [Theory]
    [InlineData("a5", "a4", 7)]
    [InlineData("a5", "25", 0)]
    [InlineData("a5", "ad", 4)] // 1010 0101 vs 1010 1101
    [InlineData("a5", "a5", 8)]
    [InlineData("a5a5", "a5a4", 15)]
    [InlineData("0000", "0080", 8)]
    [InlineData("0000", "0001", 15)]
    [InlineData("0000", "8000", 0)]
    [InlineData("0000", "0100", 7)]
    [InlineData("1234", "1234", 16)]
    [InlineData("0123456789abcdef0123456789abcdef01234567", "0123456789abcdef0123456789abcdef01234566", 159)]
    [InlineData("0123456789abcdef0123456789abcdef01234567", "0123456789abcdef0123456789abcdef01234567", 160)]
    [InlineData("0123456789abcdef0123456789abcdef01234567", "0123456789abcdef0123c56789abcdef01234567", 80)]
    public void CommonPrefixBits_TwoIds_LeadingEqualBits(string a, string b, int expected)
    {
        Assert.Equal(expected, NodeId.CommonPrefixBits(Id(a), Id(b)));
        Assert.Equal(expected, NodeId.CommonPrefixBits(Id(b), Id(a)));
    }

    [Property(Replay = Replay.Seed, MaxTest = Replay.MaxTest)]
    public void CommonPrefixBits_UShortIds_CountsEqualBitsFromTheTop(DoNotSize<ushort> a, DoNotSize<ushort> b)
    {
        var expected = 0;
        while (expected < 16 && ((a.Item >> (15 - expected)) & 1) == ((b.Item >> (15 - expected)) & 1))
        {
            expected++;
        }

        Assert.Equal(expected, NodeId.CommonPrefixBits(Id16(a.Item), Id16(b.Item)));
    }

    [Theory]
    // 0xA5 = 1010 0101 and 0xA4 = 1010 0100 share 7 bits.
    [InlineData("a5", "a4", 1, 7)]
    [InlineData("a5", "a4", 2, 3)] // base 4: 2 2 1 1 vs 2 2 1 0
    [InlineData("a5", "a4", 3, 2)]
    [InlineData("a5", "a4", 4, 1)] // base 16: a 5 vs a 4
    [InlineData("a5", "a4", 8, 0)]
    [InlineData("a5", "25", 1, 0)]
    [InlineData("a5", "25", 4, 0)]
    // Equal ids share every digit, including a padded last one.
    [InlineData("a5", "a5", 1, 8)]
    [InlineData("a5", "a5", 2, 4)]
    [InlineData("a5", "a5", 3, 3)]
    [InlineData("a5", "a5", 4, 2)]
    [InlineData("a5", "a5", 8, 1)]
    // 0xA5C3 and 0xA5C7 share 13 bits.
    [InlineData("a5c3", "a5c7", 1, 13)]
    [InlineData("a5c3", "a5c7", 2, 6)]
    [InlineData("a5c3", "a5c7", 3, 4)]
    [InlineData("a5c3", "a5c7", 4, 3)]
    [InlineData("a5c3", "a5c7", 8, 1)]
    // 20 bytes sharing the first 80 bits (differing in the top bit of byte 10).
    [InlineData("0123456789abcdef0123456789abcdef01234567", "0123456789abcdef0123c56789abcdef01234567", 1, 80)]
    [InlineData("0123456789abcdef0123456789abcdef01234567", "0123456789abcdef0123c56789abcdef01234567", 2, 40)]
    [InlineData("0123456789abcdef0123456789abcdef01234567", "0123456789abcdef0123c56789abcdef01234567", 4, 20)]
    [InlineData("0123456789abcdef0123456789abcdef01234567", "0123456789abcdef0123c56789abcdef01234567", 8, 10)]
    [InlineData(Ones20, Ones20, 4, 40)]
    [InlineData(Ones20, Ones20, 3, 54)]
    public void SharedPrefixLength_TwoIds_WholeSharedDigits(string a, string b, int bitsPerDigit, int expected)
    {
        Assert.Equal(expected, NodeId.SharedPrefixLength(Id(a), Id(b), bitsPerDigit));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(9)]
    [InlineData(-4)]
    public void SharedPrefixLength_BitsPerDigitOutside1To8_ThrowsArgumentOutOfRangeException(int bitsPerDigit)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => NodeId.SharedPrefixLength(Id("a5"), Id("a4"), bitsPerDigit));
    }

    // ---- AddPowerOfTwo ------------------------------------------------------------------------

    [Theory]
    [InlineData("00", 0, "01")]
    [InlineData("0f", 4, "1f")]
    [InlineData("0f", 0, "10")]
    [InlineData("ff", 0, "00")] // wraps at the top
    [InlineData("80", 7, "00")]
    [InlineData("00ff", 0, "0100")] // carry across bytes
    [InlineData("00ff", 8, "01ff")]
    [InlineData("0080", 7, "0100")]
    [InlineData("ffff", 0, "0000")] // 0xFFFF + 2^0 = 0x0000
    [InlineData("8000", 15, "0000")]
    [InlineData("7fff", 15, "ffff")]
    [InlineData("fffe", 1, "0000")]
    [InlineData("00ffffffffffffffffffffffffffffffffffffff", 0, "0100000000000000000000000000000000000000")]
    [InlineData(Zeros20, 159, "8000000000000000000000000000000000000000")]
    [InlineData(Ones20, 0, Zeros20)]
    [InlineData(Zeros20, 9, "0000000000000000000000000000000000000200")]
    public void AddPowerOfTwo_IdAndPower_SumMod2PowM(string id, int power, string expected)
    {
        Assert.Equal(expected, Id(id).AddPowerOfTwo(power).ToString());
    }

    [Fact]
    public void AddPowerOfTwo_Receiver_Unchanged()
    {
        var id = Id("00ff");

        _ = id.AddPowerOfTwo(0);

        Assert.Equal("00ff", id.ToString());
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(16)]
    [InlineData(64)]
    public void AddPowerOfTwo_PowerOutsideWidth_ThrowsArgumentOutOfRangeException(int power)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Id("0000").AddPowerOfTwo(power));
    }

    [Property(Replay = Replay.Seed, MaxTest = Replay.MaxTest)]
    public void AddPowerOfTwo_UShortIds_EqualsIntegerAdditionMod65536(DoNotSize<ushort> a, byte p)
    {
        var power = p % 16;

        var sum = Id16(a.Item).AddPowerOfTwo(power);

        Assert.Equal((a.Item + (1 << power)) & 0xFFFF, ToInt(sum));
    }

    // ---- InArcExclusiveInclusive --------------------------------------------------------------

    [Theory]
    // A normal arc (0x10, 0x30].
    [InlineData("20", "10", "30", true)]
    [InlineData("11", "10", "30", true)]
    [InlineData("30", "10", "30", true)] // end is included
    [InlineData("10", "10", "30", false)] // start is excluded
    [InlineData("31", "10", "30", false)]
    [InlineData("05", "10", "30", false)]
    [InlineData("f0", "10", "30", false)]
    // A wrapping arc (0xF0, 0x10].
    [InlineData("f8", "f0", "10", true)]
    [InlineData("ff", "f0", "10", true)]
    [InlineData("00", "f0", "10", true)]
    [InlineData("10", "f0", "10", true)]
    [InlineData("f0", "f0", "10", false)]
    [InlineData("11", "f0", "10", false)]
    [InlineData("80", "f0", "10", false)]
    [InlineData("ef", "f0", "10", false)]
    // start == end: the whole ring, start itself included.
    [InlineData("40", "40", "40", true)]
    [InlineData("41", "40", "40", true)]
    [InlineData("3f", "40", "40", true)]
    [InlineData("00", "40", "40", true)]
    // Two bytes, wrapping (0xFFF0, 0x000F].
    [InlineData("0000", "fff0", "000f", true)]
    [InlineData("fff1", "fff0", "000f", true)]
    [InlineData("0010", "fff0", "000f", false)]
    [InlineData("fff0", "fff0", "000f", false)]
    [InlineData("00f0", "fff0", "000f", false)]
    // Twenty bytes.
    [InlineData(Zeros20, Ones20, One20, true)]
    [InlineData(Ones20, Ones20, One20, false)]
    [InlineData(One20, Ones20, One20, true)]
    [InlineData("0000000000000000000000000000000000000002", Ones20, One20, false)]
    public void InArcExclusiveInclusive_Point_OnClockwiseArcFromStartExclusiveToEndInclusive(string x, string start, string end, bool expected)
    {
        Assert.Equal(expected, NodeId.InArcExclusiveInclusive(Id(x), Id(start), Id(end)));
    }

    [Property(Replay = Replay.Seed, MaxTest = Replay.MaxTest)]
    public void InArcExclusiveInclusive_UShortIds_MatchesIntegerDefinition(DoNotSize<ushort> x, DoNotSize<ushort> start, DoNotSize<ushort> end)
    {
        var toX = (x.Item - start.Item + 0x10000) % 0x10000;
        var toEnd = (end.Item - start.Item + 0x10000) % 0x10000;
        var expected = start.Item == end.Item || (toX != 0 && toX <= toEnd);

        Assert.Equal(expected, NodeId.InArcExclusiveInclusive(Id16(x.Item), Id16(start.Item), Id16(end.Item)));
    }

    [Property(Replay = Replay.Seed, MaxTest = Replay.MaxTest)]
    public void InArcExclusiveInclusive_EndAndStart_EndInStartNot(DoNotSize<ushort> start, DoNotSize<ushort> end)
    {
        var s = Id16(start.Item);
        var e = Id16(end.Item);

        Assert.True(NodeId.InArcExclusiveInclusive(e, s, e));
        Assert.Equal(start.Item == end.Item, NodeId.InArcExclusiveInclusive(s, s, e));
    }
}
