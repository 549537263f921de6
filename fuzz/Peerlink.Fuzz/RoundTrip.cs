namespace Peerlink.Fuzz;

/// <summary>Decodes a whole message; a codec's Decode with its default options.</summary>
public delegate T MessageDecoder<T>(ReadOnlySpan<byte> bytes);

/// <summary>A message the decoder accepted, its re-encoding, and that re-encoding decoded.</summary>
public sealed record RoundTripped<T>(T First, byte[] Encoded, T Second);

/// <summary>
/// The property every target checks: the decoder throws only its malformed-input exception, and
/// what it accepts encodes again (no <see cref="ArgumentException"/>), decodes to an equal message,
/// and encodes to the same bytes the second time. Anything else escapes as a finding.
/// </summary>
public static class RoundTrip
{
    /// <summary>Runs the check; null when the decoder refused the input, as it may.</summary>
    public static RoundTripped<T>? Check<T, TMalformed>(ReadOnlySpan<byte> input, MessageDecoder<T> decode, Func<T, byte[]> encode)
        where T : class, IEquatable<T>
        where TMalformed : Exception
    {
        ArgumentNullException.ThrowIfNull(decode);
        ArgumentNullException.ThrowIfNull(encode);
        T first;
        try
        {
            first = decode(input);
        }
        catch (TMalformed)
        {
            return null;
        }

        var encoded = encode(first);
        T second;
        try
        {
            second = decode(encoded);
        }
        catch (TMalformed e)
        {
            throw new RoundTripException($"the re-encoded message does not decode: {e.Message}", input, encoded, e);
        }

        if (!second.Equals(first))
        {
            throw new RoundTripException("decode(encode(decode(x))) != decode(x)", input, encoded);
        }

        if (!encode(second).AsSpan().SequenceEqual(encoded))
        {
            throw new RoundTripException("encoding is not stable: encode(decode(encode(m))) != encode(m)", input, encoded);
        }

        return new RoundTripped<T>(first, encoded, second);
    }
}
