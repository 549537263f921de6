namespace Peerlink.Core.Tests;

public class NodeIdTests
{
    // ---- construction -------------------------------------------------------------------------

    [Fact]
    public void FromBytes_TwoBytes_KeepsBytesMostSignificantFirst()
    {
        var id = NodeId.FromBytes([0x01, 0xA2]);

        Assert.Equal(2, id.Length);
        Assert.Equal(16, id.BitLength);
        Assert.False(id.IsEmpty);
        Assert.Equal(new byte[] { 0x01, 0xA2 }, id.Span.ToArray());
    }

    [Fact]
    public void FromBytes_SourceMutatedAfterwards_IdUnchanged()
    {
        byte[] source = [0x01, 0x02];
        var id = NodeId.FromBytes(source);

        source[0] = 0xFF;

        Assert.Equal("0102", id.ToString());
    }

    [Fact]
    public void FromBytes_MaxLength_Accepted()
    {
        var id = NodeId.FromBytes(new byte[64]);

        Assert.Equal(64, NodeId.MaxLength);
        Assert.Equal(64, id.Length);
        Assert.Equal(512, id.BitLength);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(65)]
    [InlineData(100)]
    public void FromBytes_LengthOutsideOneTo64_ThrowsArgumentException(int length)
    {
        Assert.Throws<ArgumentException>(() => NodeId.FromBytes(new byte[length]));
    }

    [Theory]
    [InlineData("00AbCdEF", "00abcdef")]
    [InlineData("DEADBEEF", "deadbeef")]
    [InlineData("de ad\tbe\nef", "deadbeef")]
    [InlineData("7f", "7f")]
    public void Parse_MixedCaseOrWhitespace_ToStringIsLowercaseHex(string text, string expected)
    {
        Assert.Equal(expected, NodeId.Parse(text).ToString());
    }

    [Fact]
    public void Parse_Hex_SameAsFromBytes()
    {
        Assert.Equal(NodeId.FromBytes([0xAB, 0x01]), NodeId.Parse("ab01"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Parse_NoDigits_ThrowsArgumentException(string text)
    {
        Assert.Throws<ArgumentException>(() => NodeId.Parse(text));
    }

    [Fact]
    public void Parse_65Bytes_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => NodeId.Parse(new string('a', 130)));
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("0xab")]
    [InlineData("zz")]
    public void Parse_NotEvenHex_ThrowsFormatException(string text)
    {
        Assert.Throws<FormatException>(() => NodeId.Parse(text));
    }

    [Fact]
    public void Zero_ThreeBytes_AllZero()
    {
        var id = NodeId.Zero(3);

        Assert.Equal("000000", id.ToString());
        Assert.True(id.IsZero());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(65)]
    public void Zero_BadLength_ThrowsArgumentException(int length)
    {
        Assert.Throws<ArgumentException>(() => NodeId.Zero(length));
    }

    [Fact]
    public void Random_SeededGenerator_TakesBytesFromThatGenerator()
    {
        var expected = new byte[20];
        new Random(42).NextBytes(expected);

        var id = NodeId.Random(new Random(42), 20);

        Assert.Equal(20, id.Length);
        Assert.Equal(expected, id.Span.ToArray());
    }

    [Fact]
    public void Random_NullGenerator_ThrowsArgumentNullException()
    {
        Assert.Throws<ArgumentNullException>(() => NodeId.Random(null!, 20));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(65)]
    public void Random_BadLength_ThrowsArgumentException(int length)
    {
        Assert.Throws<ArgumentException>(() => NodeId.Random(new Random(1), length));
    }

    [Theory]
    [InlineData(0x0102UL, 2, "0102")]
    [InlineData(0x0102UL, 4, "00000102")]
    [InlineData(0xABUL, 1, "ab")]
    [InlineData(0UL, 3, "000000")]
    [InlineData(0xFFFF_FFFF_FFFF_FFFFUL, 8, "ffffffffffffffff")]
    [InlineData(0x0123_4567_89AB_CDEFUL, 10, "00000123456789abcdef")]
    [InlineData(1UL, 20, "0000000000000000000000000000000000000001")]
    public void FromUInt64_Value_BigEndianWithHighBytesZero(ulong value, int length, string expected)
    {
        Assert.Equal(expected, NodeId.FromUInt64(value, length).ToString());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(65)]
    public void FromUInt64_BadLength_ThrowsArgumentException(int length)
    {
        Assert.Throws<ArgumentException>(() => NodeId.FromUInt64(1, length));
    }

    // ---- default ------------------------------------------------------------------------------

    [Fact]
    public void Default_HoldsNoIdentifier_EmptyAndZeroLength()
    {
        NodeId id = default;

        Assert.True(id.IsEmpty);
        Assert.Equal(0, id.Length);
        Assert.Equal(0, id.BitLength);
        Assert.Equal(string.Empty, id.ToString());
    }

    // ---- bits and digits ----------------------------------------------------------------------

    // 0xA5 0x01 = 1010 0101 0000 0001
    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 0)]
    [InlineData(2, 1)]
    [InlineData(3, 0)]
    [InlineData(4, 0)]
    [InlineData(5, 1)]
    [InlineData(6, 0)]
    [InlineData(7, 1)]
    [InlineData(8, 0)]
    [InlineData(14, 0)]
    [InlineData(15, 1)]
    public void Bit_Index_CountsFromMostSignificantBit(int index, int expected)
    {
        Assert.Equal(expected, NodeId.Parse("a501").Bit(index));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(16)]
    public void Bit_IndexOutsideWidth_ThrowsArgumentOutOfRangeException(int index)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => NodeId.Parse("a501").Bit(index));
    }

    // 0xA5 = 1010 0101
    [Theory]
    [InlineData(1, new[] { 1, 0, 1, 0, 0, 1, 0, 1 })]
    [InlineData(2, new[] { 2, 2, 1, 1 })]
    [InlineData(3, new[] { 5, 1, 2 })] // 101 001 01(0): the last digit is padded with a zero bit
    [InlineData(4, new[] { 0xA, 0x5 })]
    [InlineData(8, new[] { 0xA5 })]
    public void Digit_OneByte_MostSignificantFirst(int bitsPerDigit, int[] expected)
    {
        var id = NodeId.Parse("a5");

        var digits = Enumerable.Range(0, expected.Length).Select(i => id.Digit(i, bitsPerDigit)).ToArray();

        Assert.Equal(expected, digits);
    }

    // 0xA5C3 = 1010 0101 1100 0011
    [Theory]
    [InlineData(2, new[] { 2, 2, 1, 1, 3, 0, 0, 3 })]
    [InlineData(3, new[] { 5, 1, 3, 4, 1, 4 })] // 101 001 011 100 001 1(00)
    [InlineData(4, new[] { 0xA, 0x5, 0xC, 0x3 })]
    [InlineData(5, new[] { 20, 23, 1, 16 })] // 10100 10111 00001 1(0000)
    [InlineData(8, new[] { 0xA5, 0xC3 })]
    public void Digit_TwoBytes_MostSignificantFirst(int bitsPerDigit, int[] expected)
    {
        var id = NodeId.Parse("a5c3");

        var digits = Enumerable.Range(0, expected.Length).Select(i => id.Digit(i, bitsPerDigit)).ToArray();

        Assert.Equal(expected, digits);
    }

    [Theory]
    [InlineData(-1, 4)]
    [InlineData(4, 4)] // a 2-byte id has 4 hex digits: 0..3
    [InlineData(6, 3)] // and 6 base-8 digits: 0..5
    [InlineData(2, 8)]
    [InlineData(0, 0)]
    [InlineData(0, 9)]
    public void Digit_IndexOrWidthOutOfRange_ThrowsArgumentOutOfRangeException(int index, int bitsPerDigit)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => NodeId.Parse("a5c3").Digit(index, bitsPerDigit));
    }

    [Theory]
    [InlineData(0x2000_0000, 8)]
    [InlineData(0x4000_0000, 4)]
    public void Digit_HugeIndex_ThrowsArgumentOutOfRangeException(int index, int bitsPerDigit)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => NodeId.Parse("a5c3").Digit(index, bitsPerDigit));
    }

    [Theory]
    [InlineData(1, 160)]
    [InlineData(2, 80)]
    [InlineData(3, 54)] // 160 / 3 = 53.3, rounded up
    [InlineData(4, 40)]
    [InlineData(5, 32)]
    [InlineData(6, 27)]
    [InlineData(7, 23)]
    [InlineData(8, 20)]
    public void DigitCount_TwentyByteId_RoundsUp(int bitsPerDigit, int expected)
    {
        Assert.Equal(expected, NodeId.Zero(20).DigitCount(bitsPerDigit));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(9)]
    public void DigitCount_BitsPerDigitOutside1To8_ThrowsArgumentOutOfRangeException(int bitsPerDigit)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => NodeId.Zero(20).DigitCount(bitsPerDigit));
    }

    // ---- zero, equality, hashing --------------------------------------------------------------

    [Theory]
    [InlineData("00", true)]
    [InlineData("0000000000", true)]
    [InlineData("0001", false)]
    [InlineData("8000", false)]
    public void IsZero_Id_TrueOnlyWhenEveryByteIsZero(string hex, bool expected)
    {
        Assert.Equal(expected, NodeId.Parse(hex).IsZero());
    }

    [Fact]
    public void Equals_SameBytesDifferentInstances_EqualWithEqualHashCodes()
    {
        var a = NodeId.FromBytes([0x12, 0x34, 0x56, 0x78, 0x9A]);
        var b = NodeId.Parse("123456789a");

        Assert.True(a.Equals(b));
        Assert.True(a.Equals((object)b));
        Assert.True(a == b);
        Assert.False(a != b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
    }

    [Theory]
    [InlineData("0102", "0103")]
    [InlineData("0102", "0202")]
    [InlineData("01", "0001")] // same number, different width: different identifiers
    [InlineData("0001", "000100")]
    public void Equals_DifferentBytesOrWidth_NotEqual(string x, string y)
    {
        var a = NodeId.Parse(x);
        var b = NodeId.Parse(y);

        Assert.False(a.Equals(b));
        Assert.False(a.Equals((object)b));
        Assert.False(a == b);
        Assert.True(a != b);
    }

    [Fact]
    public void Equals_OtherTypeOrNull_False()
    {
        var id = NodeId.Parse("01");

        Assert.False(id.Equals("01"));
        Assert.False(id.Equals((object)(byte)1));
        Assert.False(id.Equals(null));
    }

    [Fact]
    public void Equals_DefaultAndDefault_Equal()
    {
        Assert.True(default(NodeId) == default);
        Assert.False(default(NodeId) == NodeId.Parse("00"));
    }

    [Fact]
    public void GetHashCode_EqualIdsFromDifferentSources_OneHashSetEntry()
    {
        var set = new HashSet<NodeId>
        {
            NodeId.Parse("ab"),
            NodeId.FromBytes([0xAB]),
            NodeId.FromUInt64(0xAB, 1),
            NodeId.Parse("00ab"),
            NodeId.Parse("0102030405060708"),
            NodeId.FromUInt64(0x0102030405060708, 8),
        };

        Assert.Equal(3, set.Count);
        Assert.Contains(NodeId.Parse("AB"), set);
        Assert.Contains(NodeId.FromBytes([0, 0xAB]), set);
        Assert.DoesNotContain(NodeId.Parse("0102030405060709"), set);
    }

    // ---- order --------------------------------------------------------------------------------

    [Theory]
    [InlineData("00ff", "0100")] // byte order is numeric order
    [InlineData("7f", "80")] // bytes are unsigned
    [InlineData("00", "ff")]
    [InlineData("fffe", "ffff")]
    [InlineData("0000000000000000000000000000000000000000", "0000000000000000000000000000000000000001")]
    [InlineData("7fffffffffffffffffffffffffffffffffffffff", "8000000000000000000000000000000000000000")]
    public void Comparison_SmallerThenLarger_OperatorsAgree(string smaller, string larger)
    {
        var a = NodeId.Parse(smaller);
        var b = NodeId.Parse(larger);

        Assert.True(a.CompareTo(b) < 0);
        Assert.True(b.CompareTo(a) > 0);
        Assert.True(a < b);
        Assert.False(b < a);
        Assert.True(b > a);
        Assert.False(a > b);
        Assert.True(a <= b);
        Assert.False(b <= a);
        Assert.True(b >= a);
        Assert.False(a >= b);
    }

    [Fact]
    public void Comparison_EqualIds_ZeroAndNonStrictOperatorsTrue()
    {
        var a = NodeId.Parse("8001");
        var b = NodeId.FromBytes([0x80, 0x01]);

        Assert.Equal(0, a.CompareTo(b));
        Assert.True(a <= b);
        Assert.True(a >= b);
        Assert.False(a < b);
        Assert.False(a > b);
    }

    [Fact]
    public void Sort_TwoByteIds_NumericOrder()
    {
        NodeId[] ids = [NodeId.Parse("8000"), NodeId.Parse("00ff"), NodeId.Parse("ffff"), NodeId.Parse("0100"), NodeId.Parse("0000")];

        Array.Sort(ids);

        Assert.Equal(["0000", "00ff", "0100", "8000", "ffff"], ids.Select(id => id.ToString()));
    }

    [Fact]
    public void ToString_AnyBytes_LowercaseHexWithoutSeparators()
    {
        Assert.Equal("00abcdef10", NodeId.FromBytes([0x00, 0xAB, 0xCD, 0xEF, 0x10]).ToString());
    }
}
