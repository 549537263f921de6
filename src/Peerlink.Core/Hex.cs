namespace Peerlink.Core;

/// <summary>Lowercase hexadecimal text for bytes, and its inverse (Unicode white space between digits is ignored).</summary>
public static class Hex
{
    /// <summary>Formats bytes as lowercase hex with no separators.</summary>
    public static string Format(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);

    /// <summary>Parses hex digits; white space (spaces, tabs, line breaks, any Unicode white space) is ignored.</summary>
    /// <exception cref="FormatException">A character is not a hex digit, or the digit count is odd.</exception>
    public static byte[] Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        Span<char> digits = text.Length <= 4096 ? stackalloc char[text.Length] : new char[text.Length];
        var n = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                continue;
            }

            if (!char.IsAsciiHexDigit(c))
            {
                throw new FormatException($"'{c}' at character {i} is not a hex digit");
            }

            digits[n++] = c;
        }

        if (n % 2 != 0)
        {
            throw new FormatException($"odd number of hex digits ({n})");
        }

        return Convert.FromHexString(digits[..n]);
    }
}
