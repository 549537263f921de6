using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Peerlink.Core.Tests;

public class HexTests
{
    private static readonly string[] Whitespace = ["", " ", "\t", "\r\n", "\n", "  \t "];

    private static readonly Arbitrary<char> NotHexNotWhitespace =
        Gen.Elements('g', 'G', 'x', 'z', '-', ':', '.', ',', '/', '@', '`', '\0', '\u00e9', '\u0661', '\uff10').ToArbitrary();

    [Theory]
    [InlineData(new byte[0], "")]
    [InlineData(new byte[] { 0x00 }, "00")]
    [InlineData(new byte[] { 0x0F }, "0f")]
    [InlineData(new byte[] { 0x00, 0x0F, 0xA5, 0xFF }, "000fa5ff")]
    [InlineData(new byte[] { 0xDE, 0xAD, 0xBE, 0xEF }, "deadbeef")]
    public void Format_Bytes_LowercaseHexWithoutSeparators(byte[] bytes, string expected)
    {
        Assert.Equal(expected, Hex.Format(bytes));
    }

    [Theory]
    [InlineData("", new byte[0])]
    [InlineData("00", new byte[] { 0x00 })]
    [InlineData("deadbeef", new byte[] { 0xDE, 0xAD, 0xBE, 0xEF })]
    [InlineData("DEADBEEF", new byte[] { 0xDE, 0xAD, 0xBE, 0xEF })]
    [InlineData("DeAdbEeF", new byte[] { 0xDE, 0xAD, 0xBE, 0xEF })]
    [InlineData("de ad\tbe\r\nef", new byte[] { 0xDE, 0xAD, 0xBE, 0xEF })]
    [InlineData("  0 1  ", new byte[] { 0x01 })] // whitespace may split a byte's two digits
    [InlineData(" \t\r\n ", new byte[0])]
    public void Parse_HexText_Bytes(string text, byte[] expected)
    {
        Assert.Equal(expected, Hex.Parse(text));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("abc")]
    [InlineData("ab c")]
    [InlineData("0 0 0")]
    public void Parse_OddDigitCount_ThrowsFormatException(string text)
    {
        Assert.Throws<FormatException>(() => Hex.Parse(text));
    }

    [Theory]
    [InlineData("0x12")]
    [InlineData("12-34")]
    [InlineData("12:34")]
    [InlineData("gg")]
    [InlineData("+1")]
    [InlineData("\u0661\u0662")] // Arabic-Indic digits are digits, but not hex digits
    [InlineData("\uff11\uff12")] // fullwidth digits
    public void Parse_NonHexCharacter_ThrowsFormatException(string text)
    {
        Assert.Throws<FormatException>(() => Hex.Parse(text));
    }

    [Fact]
    public void Parse_Null_ThrowsArgumentNullException()
    {
        Assert.Throws<ArgumentNullException>(() => Hex.Parse(null!));
    }

    [Fact]
    public void Parse_TextLongerThan4096Characters_ParsesWholeText()
    {
        var text = new StringBuilder();
        for (var i = 0; i < 3000; i++)
        {
            text.Append("a5 ");
        }

        var bytes = Hex.Parse(text.ToString());

        Assert.Equal(3000, bytes.Length);
        Assert.All(bytes, b => Assert.Equal(0xA5, b));
    }

    [Fact]
    public void Parse_LongTextWithOddDigitCount_ThrowsFormatException()
    {
        Assert.Throws<FormatException>(() => Hex.Parse(new string('f', 5001)));
    }

    [Property(Replay = Replay.Seed, MaxTest = Replay.MaxTest)]
    public void Format_AnyBytes_TwoLowercaseHexDigitsPerByte(byte[] bytes)
    {
        var text = Hex.Format(bytes);

        Assert.Equal(2 * bytes.Length, text.Length);
        Assert.All(text, c => Assert.Contains(c, "0123456789abcdef"));
        for (var i = 0; i < bytes.Length; i++)
        {
            Assert.Equal(bytes[i], "0123456789abcdef".IndexOf(text[2 * i], StringComparison.Ordinal) * 16 + "0123456789abcdef".IndexOf(text[(2 * i) + 1], StringComparison.Ordinal));
        }
    }

    [Property(Replay = Replay.Seed, MaxTest = Replay.MaxTest)]
    public void FormatThenParse_AnyBytes_RoundTrips(byte[] bytes)
    {
        Assert.Equal(bytes, Hex.Parse(Hex.Format(bytes)));
    }

    [Property(Replay = Replay.Seed, MaxTest = Replay.MaxTest)]
    public void Parse_UppercaseFormat_SameBytes(byte[] bytes)
    {
        Assert.Equal(bytes, Hex.Parse(Hex.Format(bytes).ToUpperInvariant()));
    }

    [Property(Replay = Replay.Seed, MaxTest = Replay.MaxTest)]
    public void Parse_WhitespaceBetweenAnyDigits_Ignored(byte[] bytes, byte[] gaps)
    {
        var hex = Hex.Format(bytes);
        var text = new StringBuilder();
        for (var i = 0; i < hex.Length; i++)
        {
            text.Append(gaps.Length == 0 ? " " : Whitespace[gaps[i % gaps.Length] % Whitespace.Length]);
            text.Append(hex[i]);
        }

        text.Append('\n');

        Assert.Equal(bytes, Hex.Parse(text.ToString()));
    }

    [Property(Replay = Replay.Seed, MaxTest = Replay.MaxTest)]
    public void Parse_OneDigitMoreOrLess_ThrowsFormatException(byte[] bytes, byte digit)
    {
        var hex = Hex.Format(bytes);
        var extra = "0123456789abcdefABCDEF"[digit % 22];

        Assert.Throws<FormatException>(() => Hex.Parse(hex + extra));
        Assert.Throws<FormatException>(() => Hex.Parse(extra + " " + hex));
        if (hex.Length > 0)
        {
            Assert.Throws<FormatException>(() => Hex.Parse(hex[1..]));
        }
    }

    [Property(Replay = Replay.Seed, MaxTest = Replay.MaxTest)]
    public Property Parse_NonHexCharacterAnywhere_ThrowsFormatException() =>
        Prop.ForAll(ArbMap.Default.ArbFor<byte[]>(), ArbMap.Default.ArbFor<byte>(), NotHexNotWhitespace, (bytes, at, bad) =>
        {
            var hex = Hex.Format(bytes);
            var position = at % (hex.Length + 1);
            var text = hex[..position] + bad + hex[position..];

            Assert.Throws<FormatException>(() => Hex.Parse(text));
        });
}
