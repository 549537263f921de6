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
        var accepted = RoundTrip.Check<P2ppMessage, MalformedMessageException>(input, bytes => P2ppCodec.Decode(bytes), m => P2ppCodec.Encode(m));
        if (accepted is not null && P2ppFixedHeader.FrameLength(input) != input.Length)
        {
            throw new RoundTripException("FrameLength of an accepted message is not its length", input);
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
