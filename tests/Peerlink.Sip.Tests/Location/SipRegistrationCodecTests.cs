using System.Net;
using FsCheck.Xunit;
using Peerlink.Sip.Location;
using Peerlink.Sip.Message;

namespace Peerlink.Sip.Tests.Location;

public sealed class SipRegistrationCodecTests
{
    private static readonly SipRegistration Alice = new(SipUri.Parse("sip:alice@example.com"), SipUri.Parse("sip:alice@192.0.2.7:5070"))
    {
        RegisteredAt = DateTimeOffset.FromUnixTimeMilliseconds(0x0102030405),
        Lifetime = 600,
        DisplayName = "Alice",
        Candidates = [new SipCandidate(IPAddress.Parse("192.0.2.7"), 5070, SipCandidateType.Host)],
    };

    // The layout drawn at the top of SipRegistrationCodec.cs, byte for byte.
    private const string AliceHex =
        "01" + "02" + "01" + "05" +                      // version 1, contact, 1 candidate, name of 5 bytes
        "0000000102030405" +                               // registered at, ms
        "00000258" +                                       // lifetime 600 s
        "0015" + "7369703a616c696365406578616d706c652e636f6d" + // "sip:alice@example.com"
        "0018" + "7369703a616c696365403139322e302e322e373a35303730" + // "sip:alice@192.0.2.7:5070"
        "416c696365" +                                     // "Alice"
        "01" + "04" + "13ce" + "c0000207";                 // host, IPv4, port 5070, 192.0.2.7

    [Fact]
    public void Encode_Alice_GivesTheDrawnLayout()
    {
        Assert.Equal(AliceHex, Convert.ToHexStringLower(SipRegistrationCodec.Encode(Alice)));
    }

    [Fact]
    public void TryDecode_TheDrawnLayout_GivesAlice()
    {
        Assert.True(SipRegistrationCodec.TryDecode(Convert.FromHexString(AliceHex), out var decoded, out var error), error);
        Assert.Equal(Alice, decoded);
    }

    [Fact]
    public void TryDecode_BytesAfterTheCandidates_AreIgnored()
    {
        // Room for a later revision to append fields that version 1 readers skip.
        Assert.True(SipRegistrationCodec.TryDecode(Convert.FromHexString(AliceHex + "deadbeef"), out var decoded, out _));
        Assert.Equal(Alice, decoded);
    }

    [Theory]
    [InlineData("", "shorter than the 16-byte fixed part")]
    [InlineData("02", "shorter than")]
    [InlineData("02020000" + "0000000000000000" + "00000000", "version 2, this reader knows 1")]
    [InlineData("01030000" + "0000000000000000" + "00000000", "kind 3 is neither")]
    [InlineData("01021100" + "0000000000000000" + "00000000", "17 candidates, over the 16 allowed")]
    [InlineData("01020000" + "ffffffffffffffff" + "00000000", "not a time")]
    [InlineData("01020000" + "0000000000000000" + "00000000", "AOR length cut off")]
    [InlineData("01020000" + "0000000000000000" + "00000000" + "0201", "AOR of 513 bytes, over the 512 allowed")]
    [InlineData("01020000" + "0000000000000000" + "00000000" + "0005" + "7369703a", "AOR of 5 bytes, 4 left")]
    [InlineData("01020000" + "0000000000000000" + "00000000" + "0002" + "ff61", "AOR is not UTF-8")]
    [InlineData("01020000" + "0000000000000000" + "00000000" + "0005" + "687474703a", "AOR is not a SIP URI")]
    [InlineData("01020000" + "0000000000000000" + "00000000" + "0005" + "7369703a61" + "0005" + "7369703a62", "AOR sip:a has no user part")]
    [InlineData("01020002" + "0000000000000000" + "00000000" + "0007" + "7369703a614062" + "0005" + "7369703a62" + "41", "display name of 2 bytes, 1 left")]
    [InlineData("01020100" + "0000000000000000" + "00000000" + "0007" + "7369703a614062" + "0005" + "7369703a62" + "0104", "candidate 1 cut off")]
    [InlineData("01020100" + "0000000000000000" + "00000000" + "0007" + "7369703a614062" + "0005" + "7369703a62" + "050413ce", "candidate 1 has type 5")]
    [InlineData("01020100" + "0000000000000000" + "00000000" + "0007" + "7369703a614062" + "0005" + "7369703a62" + "010513ce", "IP version 5")]
    [InlineData("01020100" + "0000000000000000" + "00000000" + "0007" + "7369703a614062" + "0005" + "7369703a62" + "010613ce" + "c0000207", "address cut off")]
    public void TryDecode_BadValue_GivesTheReason(string hex, string reason)
    {
        Assert.False(SipRegistrationCodec.TryDecode(Convert.FromHexString(hex), out var decoded, out var error));
        Assert.Null(decoded);
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryDecode_EveryTruncationOfAlice_FailsWithAReason()
    {
        var bytes = Convert.FromHexString(AliceHex);
        for (var n = 0; n < bytes.Length; n++)
        {
            Assert.False(SipRegistrationCodec.TryDecode(bytes.AsSpan(0, n), out _, out var error), $"{n} bytes decoded");
            Assert.False(string.IsNullOrEmpty(error));
        }
    }

    [Fact]
    public void Encode_DisplayNameOver255Bytes_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => SipRegistrationCodec.Encode(Alice with { DisplayName = new string('x', 256) }));
    }

    [Fact]
    public void Encode_AorWithoutUser_ThrowsArgumentException()
    {
        // A reader drops such a value (TryDecode_BadValue_GivesTheReason), so writing one is our bug.
        Assert.Throws<ArgumentException>(() => SipRegistrationCodec.Encode(Alice with { Aor = SipUri.Parse("sip:example.com") }));
    }

    [Property(Arbitrary = [typeof(LocationGenerators)], Replay = Replay.Seed, MaxTest = 500)]
    public void TryDecode_OfEncode_GivesTheSameRegistration(SipRegistration registration)
    {
        var bytes = SipRegistrationCodec.Encode(registration);
        Assert.True(SipRegistrationCodec.TryDecode(bytes, out var decoded, out var error), error);
        Assert.Equal(registration, decoded);
    }

    [Property(Replay = Replay.Seed, MaxTest = 3000)]
    public void TryDecode_ArbitraryBytes_NeverThrows(byte[] tail, bool plausibleHeader)
    {
        // Half the cases start like a version 1 contact, so the fields behind the header are reached too.
        var bytes = plausibleHeader ? [0x01, 0x02, .. tail] : tail;
        if (SipRegistrationCodec.TryDecode(bytes, out var decoded, out var error))
        {
            Assert.Null(error);
            Assert.True(SipRegistrationCodec.TryDecode(SipRegistrationCodec.Encode(decoded), out var again, out _));
            Assert.Equal(decoded, again);
        }
        else
        {
            Assert.False(string.IsNullOrEmpty(error));
        }
    }
}
