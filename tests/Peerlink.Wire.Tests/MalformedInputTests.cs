using FsCheck.Xunit;
using static Peerlink.Wire.Tests.Fragments;
using static Peerlink.Wire.Tests.TestHex;

namespace Peerlink.Wire.Tests;

/// <summary>
/// The decoder's contract: any input either decodes or throws <see cref="MalformedMessageException"/>,
/// never anything else (no IndexOutOfRange, ArgumentException, InvalidOperation, overflow...).
/// </summary>
public class MalformedInputTests
{
    public static TheoryData<string> VectorNames()
    {
        var data = new TheoryData<string>();
        foreach (var v in AllVectors())
        {
            data.Add(v.Name);
        }

        return data;
    }

    internal static IEnumerable<MessageVector> AllVectors() =>
        MessageVectors.All.Concat(ObjectVectors.All.Select(o => o.InMessage));

    private static MessageVector Vector(string name) => AllVectors().First(v => v.Name == name);

    /// <summary>Decodes, and when that works checks the result survives another encode/decode.</summary>
    private static void DecodeOrMalformed(byte[] bytes, WireOptions? options, string what)
    {
        P2ppMessage decoded;
        try
        {
            decoded = P2ppCodec.Decode(bytes, options);
        }
        catch (MalformedMessageException)
        {
            return;
        }
        catch (Exception e)
        {
            Assert.Fail($"{what}: {e.GetType().Name} escaped Decode: {e.Message}\n{Show(bytes)}");
            return;
        }

        byte[] again;
        try
        {
            again = P2ppCodec.Encode(decoded, options);
        }
        catch (Exception e)
        {
            Assert.Fail($"{what}: decoded, but Encode of the result threw {e.GetType().Name}: {e.Message}\n{Show(bytes)}");
            return;
        }

        Assert.Equal(decoded, P2ppCodec.Decode(again, options));
    }

    // ---- truncation and mutation of every vector ---------------------------------------------------

    [Theory]
    [MemberData(nameof(VectorNames))]
    public void Decode_EveryProperPrefixOfVector_ThrowsMalformed(string name)
    {
        var vector = Vector(name);

        for (var n = 0; n < vector.Wire.Length; n++)
        {
            var prefix = vector.Wire.AsSpan(0, n).ToArray();
            var e = Assert.Throws<MalformedMessageException>(() => P2ppCodec.Decode(prefix, vector.Options));
            Assert.Equal(DecodeError.Truncated, e.Error);
            Assert.Equal(n < 16 ? 0 : 12, e.Offset);
        }
    }

    [Theory]
    [MemberData(nameof(VectorNames))]
    public void Decode_EverySingleBitFlipAndByteSmashOfVector_DecodesOrThrowsMalformed(string name)
    {
        var vector = Vector(name);
        var bytes = vector.Wire.ToArray();

        for (var i = 0; i < bytes.Length; i++)
        {
            var original = bytes[i];
            foreach (var value in Mutations(original))
            {
                bytes[i] = value;
                DecodeOrMalformed(bytes, vector.Options, $"{name}, byte {i} = {value:x2}");
            }

            bytes[i] = original;
        }
    }

    [Theory]
    [InlineData("Query carrying Peer-Info with every sub-object")]
    [InlineData("Bootstrap response")]
    [InlineData("LookupObject response")]
    [InlineData("Query carrying Address-Info three candidates, IPv6 relayed with rel-addr")]
    [InlineData("Query carrying Resource-Object with Owner, Expires, Signature, Certificate and an extension")]
    [InlineData("GetDiagnostics request")]
    public void Decode_EveryByteValueAtEveryPosition_DecodesOrThrowsMalformed(string name)
    {
        var vector = Vector(name);
        var bytes = vector.Wire.ToArray();

        for (var i = 0; i < bytes.Length; i++)
        {
            var original = bytes[i];
            for (var value = 0; value < 256; value++)
            {
                bytes[i] = (byte)value;
                DecodeOrMalformed(bytes, vector.Options, $"{name}, byte {i} = {value:x2}");
            }

            bytes[i] = original;
        }
    }

    [Theory]
    [MemberData(nameof(VectorNames))]
    public void Decode_VectorWithTrailingByte_LengthMismatchAtOffset12(string name)
    {
        var vector = Vector(name);

        var e = VectorAssert.Malformed([.. vector.Wire, 0x00], vector.Options);

        Assert.Equal(DecodeError.LengthMismatch, e.Error);
        Assert.Equal(12, e.Offset);
    }

    private static IEnumerable<byte> Mutations(byte b)
    {
        for (var bit = 0; bit < 8; bit++)
        {
            yield return (byte)(b ^ (1 << bit));
        }

        yield return 0x00;
        yield return 0xFF;
        yield return (byte)(b + 1);
        yield return (byte)(b - 1);
    }

    // ---- arbitrary input ---------------------------------------------------------------------------

    [Property(Replay = Replay.Seed, MaxTest = 2000)]
    public void Decode_ArbitraryBytes_DecodesOrThrowsMalformed(byte[] bytes)
    {
        DecodeOrMalformed(bytes, null, "arbitrary bytes");
        DecodeOrMalformed(bytes, new WireOptions { IdLength = 1 }, "arbitrary bytes, 1-byte IDs");
    }

    [Property(Arbitrary = new[] { typeof(Generators) }, Replay = Replay.Seed, MaxTest = 3000)]
    public void Decode_NoiseBehindValidHeader_DecodesOrThrowsMalformed(HeaderedNoise noise)
    {
        DecodeOrMalformed(noise.Bytes, new WireOptions { IdLength = noise.IdLength }, "noise");
    }

    [Property(Arbitrary = new[] { typeof(Generators) }, Replay = Replay.Seed, MaxTest = 150)]
    public void Decode_TruncatedOrMutatedGeneratedMessage_DecodesOrThrowsMalformed(MessageCase c, int cut, byte xor)
    {
        var bytes = P2ppCodec.Encode(c.Message, c.Options);
        var n = (int)((uint)cut % (uint)bytes.Length);

        Assert.Throws<MalformedMessageException>(() => P2ppCodec.Decode(bytes.AsSpan(0, n), c.Options));
        bytes[n] ^= xor == 0 ? (byte)1 : xor;
        DecodeOrMalformed(bytes, c.Options, "generated message, one byte changed");
    }

    [Fact]
    public void Decode_NoiseGenerator_ReachesTheObjectParser()
    {
        // The noise property is only worth something if much of it gets past the header.
        var outcomes = FsCheck.Fluent.Gen.Sample(Generators.HeaderedNoise, 2000, new FsCheck.Rnd(17120194557944927926, 4336097830934015077), 30).Select(n =>
        {
            try
            {
                P2ppCodec.Decode(n.Bytes, new WireOptions { IdLength = n.IdLength });
                return "ok";
            }
            catch (MalformedMessageException e)
            {
                return e.Error.ToString();
            }
        }).ToList();

        Assert.Contains("ok", outcomes);
        Assert.Contains(nameof(DecodeError.BadObject), outcomes);
        Assert.Contains(nameof(DecodeError.UnrecognizedObject), outcomes);
        Assert.Contains(nameof(DecodeError.ReservedFlags), outcomes);
        Assert.True(outcomes.Count(o => o is "ok" or nameof(DecodeError.BadObject) or nameof(DecodeError.UnrecognizedObject) or nameof(DecodeError.ReservedFlags)) > 500);
    }

    // ---- header faults and their offsets -----------------------------------------------------------

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(15)]
    public void Decode_ShorterThanFixedHeader_TruncatedAtOffset0(int length)
    {
        var e = VectorAssert.Malformed(MessageVectors.Requests[RequestType.Join].Wire[..length]);

        Assert.Equal(DecodeError.Truncated, e.Error);
        Assert.Equal(0, e.Offset);
        Assert.Null(e.Header);
    }

    [Theory]
    [InlineData("2112a442")] // STUN's magic cookie (RFC 5389)
    [InlineData("596abf0c")]
    [InlineData("00000000")]
    public void Decode_WrongMagicCookie_NotP2ppAtOffset4(string cookie)
    {
        var bytes = Parse("44 00 08 01", cookie, "00000001", "00000014", S20);

        var e = VectorAssert.Malformed(bytes);

        Assert.Equal(DecodeError.NotP2pp, e.Error);
        Assert.Equal(4, e.Offset);
        Assert.Null(e.Header);
    }

    [Theory]
    [InlineData("04 00")] // V=00
    [InlineData("84 00")] // V=10
    [InlineData("c4 00")] // V=11
    public void Decode_VersionNotOne_UnsupportedVersionAtOffset0(string firstWord)
    {
        var bytes = Parse(firstWord, "08 01", Magic, "00000001", "00000014", S20);

        var e = VectorAssert.Malformed(bytes);

        Assert.Equal(DecodeError.UnsupportedVersion, e.Error);
        Assert.Equal(0, e.Offset);
    }

    [Fact]
    public void Decode_WrongMagicAndVersion_NotP2ppFirst()
    {
        var e = VectorAssert.Malformed(Parse("c4 00 08 01", "2112a442", "00000001", "00000014", S20));

        Assert.Equal(DecodeError.NotP2pp, e.Error);
    }

    [Fact]
    public void Decode_MessageLengthLargerThanBytes_TruncatedAtOffset12()
    {
        var e = VectorAssert.Malformed(Parse("44 00 08 01", Magic, "00000001", "00000015", S20));

        Assert.Equal(DecodeError.Truncated, e.Error);
        Assert.Equal(12, e.Offset);
    }

    [Fact]
    public void Decode_MessageLengthSmallerThanSourceId_TruncatedAtOffset16WithoutHeader()
    {
        var e = VectorAssert.Malformed(Parse("44 00 08 01", Magic, "00000001", "00000013", S20[..^2]));

        Assert.Equal(DecodeError.Truncated, e.Error);
        Assert.Equal(16, e.Offset);
        Assert.Null(e.Header);
    }

    [Fact]
    public void Decode_ResponseWithoutRoomForResponseId_TruncatedAtOffset36()
    {
        var e = VectorAssert.Malformed(Parse("64 c8 03 01", Magic, "00000001", "00000014", S20));

        Assert.Equal(DecodeError.Truncated, e.Error);
        Assert.Equal(36, e.Offset);
    }

    [Fact]
    public void Decode_ObjectLengthBeyondMessage_TruncatedWithHeader()
    {
        // Uptime declaring 8 bytes where 4 follow, at byte 36.
        var e = VectorAssert.Malformed(Parse("44 00 08 01", Magic, "00000001", "0000001c", S20, "04 00 0008 00000001"));

        Assert.Equal(DecodeError.Truncated, e.Error);
        Assert.InRange(e.Offset, 36, 40);
        Assert.Equal(RequestType.Query, e.Header?.RequestType);
    }

    [Fact]
    public void Decode_ObjectHeaderCutShort_TruncatedWithHeader()
    {
        var e = VectorAssert.Malformed(Parse("44 00 08 01", Magic, "00000001", "00000017", S20, "04 00 00"));

        Assert.Equal(DecodeError.Truncated, e.Error);
        Assert.InRange(e.Offset, 36, 39);
        Assert.NotNull(e.Header);
    }

    [Fact]
    public void MalformedMessageException_Message_NamesOffsetAndReason()
    {
        var e = VectorAssert.Malformed(Parse("44 00 08 01", "2112a442", "00000001", "00000014", S20));

        Assert.StartsWith("at byte 4: ", e.Message, StringComparison.Ordinal);
        Assert.Contains("2112a442", e.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void TryDecode_Malformed_FalseWithErrorAndNoThrow()
    {
        var ok = P2ppCodec.TryDecode(Parse("44 00 08 01", Magic), null, out var message, out var error);

        Assert.False(ok);
        Assert.Null(message);
        Assert.Equal(DecodeError.Truncated, error?.Error);
    }

    [Fact]
    public void TryDecode_Valid_TrueWithMessage()
    {
        var vector = MessageVectors.Requests[RequestType.Join];

        var ok = P2ppCodec.TryDecode(vector.Wire, null, out var message, out var error);

        Assert.True(ok);
        Assert.Null(error);
        Assert.Equal(vector.Expected, message);
    }
}
