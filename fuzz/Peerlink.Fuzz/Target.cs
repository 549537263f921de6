using Peerlink.Wire;

namespace Peerlink.Fuzz;

/// <summary>
/// What one fuzz input must satisfy. Any exception escaping <see cref="Check"/> is a finding:
/// the decoder may throw only <see cref="MalformedMessageException"/>, and what it accepts must
/// encode again (no <see cref="ArgumentException"/>) and decode to an equal message with the same bytes.
/// </summary>
public static class Target
{
    public static void Check(ReadOnlySpan<byte> input)
    {
        P2ppMessage first;
        try
        {
            first = P2ppCodec.Decode(input);
        }
        catch (MalformedMessageException)
        {
            return;
        }

        if (P2ppFixedHeader.FrameLength(input) != input.Length)
        {
            throw new RoundTripException("FrameLength of an accepted message is not its length", input);
        }

        var encoded = P2ppCodec.Encode(first);
        P2ppMessage second;
        try
        {
            second = P2ppCodec.Decode(encoded);
        }
        catch (MalformedMessageException e)
        {
            throw new RoundTripException($"the re-encoded message does not decode: {e.Message}", input, encoded, e);
        }

        if (second != first)
        {
            throw new RoundTripException("decode(encode(decode(x))) != decode(x)", input, encoded);
        }

        var again = P2ppCodec.Encode(second);
        if (!again.AsSpan().SequenceEqual(encoded))
        {
            throw new RoundTripException("encoding is not stable: encode(decode(encode(m))) != encode(m)", input, encoded);
        }
    }
}

/// <summary>A round-trip finding: carries the input and the re-encoding in hex.</summary>
public sealed class RoundTripException : Exception
{
    public RoundTripException(string what, ReadOnlySpan<byte> input, byte[]? encoded = null, Exception? inner = null)
        : base($"{what}\n  input:     {Convert.ToHexStringLower(input)}\n  re-encoded: {(encoded is null ? "-" : Convert.ToHexStringLower(encoded))}", inner)
    {
    }
}
