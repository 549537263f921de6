using System.Net;
using System.Text;
using Peerlink.Core;
using Peerlink.Nat.Stun;
using static Peerlink.Nat.Tests.Rfc5769Vectors;

namespace Peerlink.Nat.Tests;

/// <summary>The STUN codec against RFC 5769's test vectors, and what it refuses.</summary>
public class StunCodecTests
{
    [Theory]
    [InlineData(Request, StunClass.Request)]
    [InlineData(Ipv4Response, StunClass.SuccessResponse)]
    [InlineData(Ipv6Response, StunClass.SuccessResponse)]
    public void Decode_Rfc5769ShortTermVector_BindingWithIntegrityAndFingerprintThatCheck(string hex, StunClass expected)
    {
        var bytes = Convert.FromHexString(hex);
        Assert.True(StunCodec.TryDecode(bytes, out var message, out var error), error);
        Assert.Equal(expected, message.Class);
        Assert.Equal(StunMessage.Binding, message.Method);
        Assert.Equal(Bytes.FromHex(TransactionId), message.TransactionId);
        Assert.True(StunCodec.CheckIntegrity(bytes, Encoding.UTF8.GetBytes(ShortTermPassword)));
        Assert.False(StunCodec.CheckIntegrity(bytes, Encoding.UTF8.GetBytes(ShortTermPassword + "x")));
        Assert.True(StunCodec.CheckFingerprint(bytes));
    }

    [Fact]
    public void Decode_Rfc5769Request_AttributesInOrderUsernamePaddingIgnored()
    {
        Assert.True(StunCodec.TryDecode(Convert.FromHexString(Request), out var message, out _));
        Assert.Equal(
            [StunAttributeType.Software, StunAttributeType.Priority, StunAttributeType.IceControlled, StunAttributeType.Username, StunAttributeType.MessageIntegrity, StunAttributeType.Fingerprint],
            message.Attributes.Select(a => a.Type));
        Assert.Equal("STUN test client", Encoding.UTF8.GetString(message.Find(StunAttributeType.Software)!.Value.Span));
        Assert.Equal("evtj:h6vY", Encoding.UTF8.GetString(message.Find(StunAttributeType.Username)!.Value.Span));
    }

    [Theory]
    [InlineData(Ipv4Response, "192.0.2.1")]
    [InlineData(Ipv6Response, "2001:db8:1234:5678:11:2233:4455:6677")]
    public void XorMappedAddress_Rfc5769Response_DecodesToTheMappedAddress_AndEncodesBack(string hex, string address)
    {
        Assert.True(StunCodec.TryDecode(Convert.FromHexString(hex), out var message, out _));
        var value = message.Find(StunAttributeType.XorMappedAddress)!.Value;
        var endPoint = StunAddress.ReadXor(value.Span, message.TransactionId.Span);
        Assert.Equal(new IPEndPoint(IPAddress.Parse(address), 32853), endPoint);
        Assert.Equal(value, StunAddress.WriteXor(endPoint!, message.TransactionId.Span));
    }

    [Fact]
    public void Encode_Rfc5769LongTermRequest_ExactBytesWithMd5KeyedIntegrity()
    {
        var expected = Convert.FromHexString(LongTermRequest);
        var message = new StunMessage(StunClass.Request, StunMessage.Binding, Bytes.FromHex("78ad3433c6ad72c029da412e"))
        {
            Attributes =
            [
                new StunAttributeEntry(StunAttributeType.Username, Bytes.FromUtf8(LongTermUsername)),
                new StunAttributeEntry(StunAttributeType.Nonce, Bytes.FromUtf8(LongTermNonce)),
                new StunAttributeEntry(StunAttributeType.Realm, Bytes.FromUtf8(LongTermRealm)),
            ],
        };
        var key = StunCodec.LongTermKey(LongTermUsername, LongTermRealm, LongTermPassword);

        Assert.Equal(expected, StunCodec.Encode(message, key));
        Assert.True(StunCodec.CheckIntegrity(expected, key));
    }

    [Fact]
    public void Encode_DecodedRfc5769Response_SameAttributes_IntegrityAndFingerprintCheck_Sha256Too()
    {
        Assert.True(StunCodec.TryDecode(Convert.FromHexString(Ipv4Response), out var decoded, out _));
        var plain = decoded with { Attributes = [.. decoded.Attributes.Where(a => a.Type is not (StunAttributeType.MessageIntegrity or StunAttributeType.Fingerprint))] };
        var key = Encoding.UTF8.GetBytes(ShortTermPassword);
        foreach (var sha256 in new[] { false, true })
        {
            var bytes = StunCodec.Encode(plain, key, sha256, fingerprint: true);
            Assert.True(StunCodec.TryDecode(bytes, out var again, out var error), error);
            Assert.Equal(plain.Attributes, again.Attributes.Take(plain.Attributes.Count));
            Assert.True(StunCodec.CheckIntegrity(bytes, key, sha256));
            Assert.False(StunCodec.CheckIntegrity(bytes, key, !sha256));
            Assert.True(StunCodec.CheckFingerprint(bytes));
            bytes[25] ^= 1;
            Assert.False(StunCodec.CheckIntegrity(bytes, key, sha256));
            Assert.False(StunCodec.CheckFingerprint(bytes));
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("0001000021")]
    [InlineData("c0010000 2112a442 b7e7a701bc34d686fa87dfae")] // top bits set
    [InlineData("00010000 2112a443 b7e7a701bc34d686fa87dfae")] // no magic cookie
    [InlineData("00010004 2112a442 b7e7a701bc34d686fa87dfae")] // length past the end
    [InlineData("00010003 2112a442 b7e7a701bc34d686fa87dfae 000000")] // length not a multiple of 4
    [InlineData("00010004 2112a442 b7e7a701bc34d686fa87dfae 80220008")] // attribute value past the end
    public void Decode_NotWellFramed_RefusedWithAReason(string hex)
    {
        Assert.False(StunCodec.TryDecode(Convert.FromHexString(hex.Replace(" ", string.Empty, StringComparison.Ordinal)), out var message, out var error));
        Assert.Null(message);
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Fact]
    public void Decode_EveryTruncationOfTheVectors_RefusedNeverThrows()
    {
        foreach (var hex in new[] { Request, Ipv4Response, Ipv6Response, LongTermRequest })
        {
            var bytes = Convert.FromHexString(hex);
            for (var n = 0; n < bytes.Length; n++)
            {
                Assert.False(StunCodec.TryDecode(bytes.AsSpan(0, n), out _, out _));
                Assert.False(StunCodec.CheckFingerprint(bytes.AsSpan(0, n)) && n < bytes.Length);
            }
        }
    }

    [Fact]
    public void Attribute_TypeBelow0x8000_ComprehensionRequired()
    {
        Assert.True(new StunAttributeEntry(StunAttributeType.Username, Bytes.Empty).IsComprehensionRequired);
        Assert.False(new StunAttributeEntry(StunAttributeType.Software, Bytes.Empty).IsComprehensionRequired);
    }

    /// <summary>Fuzz findings (./fuzz/run.sh 60 stun): an attribute length that runs past the end, or a header length that lies, made the checks throw.</summary>
    [Theory]
    [InlineData("000100082112a442012cff0818010d97ff80021b0008001442481094c32112a44206")]
    [InlineData("000d00082112a442010203040506070809270b0c002000080001bda9ea12d345802c000800010d97c00002020008001425481094c3cdfa66d923bb039a")]
    [InlineData("40130d542112a442010203040506070809080b0c0009001000000401556e00086630306466656564001c0020c99e9fa9970439aa1e1045e6c31c81a35555f298")]
    [InlineData("0001")]
    public void Checks_BytesThatAreNotAWellFramedMessage_FalseNotAnException(string hex)
    {
        var bytes = Convert.FromHexString(hex);
        Assert.False(StunCodec.CheckIntegrity(bytes, "key"u8));
        Assert.False(StunCodec.CheckIntegrity(bytes, "key"u8, sha256: true));
        Assert.False(StunCodec.CheckFingerprint(bytes));
    }
}
