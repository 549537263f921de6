using System.Text;

namespace Peerlink.Core.Tests;

public class IdHashTests
{
    private const string AlnumMessage = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private const string DigitsMessage = "12345678901234567890123456789012345678901234567890123456789012345678901234567890";
    private const string Message448 = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    private const string Message896 = "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu";

    /// <summary>
    /// Published digests of ASCII messages.
    /// MD4: RFC 1320 §A.5 ("Test suite"). MD5: RFC 1321 §A.5 ("Test suite").
    /// SHA-1: FIPS 180-2 Appendix A.1 ("abc") and A.2 (448-bit message).
    /// SHA-256: FIPS 180-2 Appendix B.1 ("abc") and B.2 (448-bit message).
    /// SHA-512: FIPS 180-2 Appendix C.1 ("abc") and C.2 (896-bit message).
    /// Empty message (SHA-1, SHA-256, SHA-512): NIST CAVP SHAVS byte-oriented vectors, ShortMsg "Len = 0".
    /// SHA-512 of the 448-bit message is not a FIPS 180-2 example; it was checked against Python's hashlib (OpenSSL).
    /// </summary>
    public static TheoryData<HashAlgorithmCode, string, string> KnownDigests => new()
    {
        { HashAlgorithmCode.Md4, "", "31d6cfe0d16ae931b73c59d7e0c089c0" },
        { HashAlgorithmCode.Md4, "a", "bde52cb31de33e46245e05fbdbd6fb24" },
        { HashAlgorithmCode.Md4, "abc", "a448017aaf21d8525fc10ae87aa6729d" },
        { HashAlgorithmCode.Md4, "message digest", "d9130a8164549fe818874806e1c7014b" },
        { HashAlgorithmCode.Md4, "abcdefghijklmnopqrstuvwxyz", "d79e1c308aa5bbcdeea8ed63df412da9" },
        { HashAlgorithmCode.Md4, AlnumMessage, "043f8582f241db351ce627e153e7f0e4" },
        { HashAlgorithmCode.Md4, DigitsMessage, "e33b4ddc9c38f2199c3e7b164fcc0536" },

        { HashAlgorithmCode.Md5, "", "d41d8cd98f00b204e9800998ecf8427e" },
        { HashAlgorithmCode.Md5, "a", "0cc175b9c0f1b6a831c399e269772661" },
        { HashAlgorithmCode.Md5, "abc", "900150983cd24fb0d6963f7d28e17f72" },
        { HashAlgorithmCode.Md5, "message digest", "f96b697d7cb7938d525a2f31aaf161d0" },
        { HashAlgorithmCode.Md5, "abcdefghijklmnopqrstuvwxyz", "c3fcd3d76192e4007dfb496cca67e13b" },
        { HashAlgorithmCode.Md5, AlnumMessage, "d174ab98d277d9f5a5611c2c9f419d9f" },
        { HashAlgorithmCode.Md5, DigitsMessage, "57edf4a22be3c955ac49da2e2107b67a" },

        { HashAlgorithmCode.Sha1, "abc", "a9993e364706816aba3e25717850c26c9cd0d89d" },
        { HashAlgorithmCode.Sha1, "", "da39a3ee5e6b4b0d3255bfef95601890afd80709" },
        { HashAlgorithmCode.Sha1, Message448, "84983e441c3bd26ebaae4aa1f95129e5e54670f1" },

        { HashAlgorithmCode.Sha256, "abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" },
        { HashAlgorithmCode.Sha256, "", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" },
        { HashAlgorithmCode.Sha256, Message448, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1" },

        {
            HashAlgorithmCode.Sha512, "abc",
            "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a" +
            "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f"
        },
        {
            HashAlgorithmCode.Sha512, "",
            "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce" +
            "47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e"
        },
        {
            HashAlgorithmCode.Sha512, Message448,
            "204a8fc6dda82f0a0ced7beb8e08a41657c16ef468b228a8279be331a703c335" +
            "96fd15c13b1b07f9aa1d3bea57789ca031ad85c7a71dd70354ec631238ca3445"
        },
        {
            HashAlgorithmCode.Sha512, Message896,
            "8e959b75dae313da8cf4f72814fc143f8f7779c6eb9f7fa17299aeadb6889018" +
            "501d289e4900f7e4331b99dec4b5433ac7d329eeb6dd26545e96e55b874be909"
        },
    };

    [Theory]
    [MemberData(nameof(KnownDigests))]
    public void Digest_PublishedVector_MatchesDigest(HashAlgorithmCode algorithm, string message, string expectedHex)
    {
        var digest = IdHash.Digest(algorithm, Encoding.ASCII.GetBytes(message));

        Assert.Equal(expectedHex, Convert.ToHexStringLower(digest));
    }

    [Theory]
    [MemberData(nameof(KnownDigests))]
    public void ToId_PublishedVectorFullLength_IdIsWholeDigest(HashAlgorithmCode algorithm, string message, string expectedHex)
    {
        var fromText = IdHash.ToId(algorithm, message);
        var fromBytes = IdHash.ToId(algorithm, Encoding.ASCII.GetBytes(message));

        Assert.Equal(expectedHex, fromText.ToString());
        Assert.Equal(expectedHex, fromBytes.ToString());
        Assert.Equal(expectedHex.Length / 2, fromText.Length);
    }

    // FIPS 180-2 Appendices A.3, B.3, C.3: one million repetitions of 'a'.
    [Theory]
    [InlineData(HashAlgorithmCode.Sha1, "34aa973cd4c4daa4f61eeb2bdbad27316534016f")]
    [InlineData(HashAlgorithmCode.Sha256, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")]
    [InlineData(HashAlgorithmCode.Sha512, "e718483d0ce769644e2e42c7bc15b4638e1f98b13b2044285632a803afa973ebde0ff244877ea60a4cb0432ce577c31beb009c5c2c49aa2e4eadb217ad8cc09b")]
    public void Digest_MillionAs_MatchesFips180Vector(HashAlgorithmCode algorithm, string expectedHex)
    {
        var message = new byte[1_000_000];
        Array.Fill(message, (byte)'a');

        Assert.Equal(expectedHex, Convert.ToHexStringLower(IdHash.Digest(algorithm, message)));
    }

    [Theory]
    [InlineData(HashAlgorithmCode.None, 0)]
    [InlineData(HashAlgorithmCode.Sha1, 20)]
    [InlineData(HashAlgorithmCode.Sha256, 32)]
    [InlineData(HashAlgorithmCode.Sha512, 64)]
    [InlineData(HashAlgorithmCode.Md4, 16)]
    [InlineData(HashAlgorithmCode.Md5, 16)]
    public void OutputLength_Code_DigestWidthInBytes(HashAlgorithmCode algorithm, int expected)
    {
        Assert.Equal(expected, IdHash.OutputLength(algorithm));
    }

    [Theory]
    [InlineData(HashAlgorithmCode.Sha1, 20)]
    [InlineData(HashAlgorithmCode.Sha256, 32)]
    [InlineData(HashAlgorithmCode.Sha512, 64)]
    [InlineData(HashAlgorithmCode.Md4, 16)]
    [InlineData(HashAlgorithmCode.Md5, 16)]
    public void Digest_AnyInput_HasOutputLengthBytes(HashAlgorithmCode algorithm, int expected)
    {
        Assert.Equal(expected, IdHash.Digest(algorithm, [1, 2, 3]).Length);
        Assert.Equal(expected, IdHash.ToId(algorithm, [1, 2, 3]).Length);
    }

    // Wire values of the P2P-Options "Algorithm" field (draft-baset-p2psip-p2pp-01 §13).
    [Theory]
    [InlineData(HashAlgorithmCode.None, 0)]
    [InlineData(HashAlgorithmCode.Sha1, 1)]
    [InlineData(HashAlgorithmCode.Sha256, 2)]
    [InlineData(HashAlgorithmCode.Sha512, 3)]
    [InlineData(HashAlgorithmCode.Md4, 4)]
    [InlineData(HashAlgorithmCode.Md5, 5)]
    public void HashAlgorithmCode_Member_HasDraftWireValue(HashAlgorithmCode algorithm, byte expected)
    {
        Assert.Equal(expected, (byte)algorithm);
    }

    [Theory]
    [InlineData((HashAlgorithmCode)6)]
    [InlineData((HashAlgorithmCode)255)]
    public void OutputLength_UnknownCode_ThrowsArgumentOutOfRangeException(HashAlgorithmCode algorithm)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => IdHash.OutputLength(algorithm));
    }

    [Theory]
    [InlineData(HashAlgorithmCode.None)]
    [InlineData((HashAlgorithmCode)6)]
    public void Digest_NoneOrUnknownCode_ThrowsArgumentOutOfRangeException(HashAlgorithmCode algorithm)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => IdHash.Digest(algorithm, [1, 2, 3]));
    }

    [Fact]
    public void ToId_UnknownCode_ThrowsArgumentOutOfRangeException()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => IdHash.ToId((HashAlgorithmCode)6, "abc"));
    }

    // Truncation keeps the leading bytes of the published digests above.
    [Theory]
    [InlineData(HashAlgorithmCode.Sha1, 4, "a9993e36")]
    [InlineData(HashAlgorithmCode.Sha1, 1, "a9")]
    [InlineData(HashAlgorithmCode.Sha1, 20, "a9993e364706816aba3e25717850c26c9cd0d89d")]
    [InlineData(HashAlgorithmCode.Sha256, 20, "ba7816bf8f01cfea414140de5dae2223b00361a3")]
    [InlineData(HashAlgorithmCode.Sha512, 32, "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a")]
    [InlineData(HashAlgorithmCode.Md4, 8, "a448017aaf21d852")]
    [InlineData(HashAlgorithmCode.Md5, 2, "9001")]
    public void ToId_ShorterLength_KeepsLeadingDigestBytes(HashAlgorithmCode algorithm, int length, string expected)
    {
        var id = IdHash.ToId(algorithm, "abc", length);

        Assert.Equal(length, id.Length);
        Assert.Equal(expected, id.ToString());
    }

    [Theory]
    [InlineData(HashAlgorithmCode.Sha1, 21)]
    [InlineData(HashAlgorithmCode.Md5, 17)]
    [InlineData(HashAlgorithmCode.Sha256, 64)]
    public void ToId_LengthLongerThanDigest_ThrowsArgumentOutOfRangeException(HashAlgorithmCode algorithm, int length)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => IdHash.ToId(algorithm, "abc", length));
    }

    [Fact]
    public void ToId_NegativeLength_Throws()
    {
        Assert.ThrowsAny<ArgumentException>(() => IdHash.ToId(HashAlgorithmCode.Sha1, "abc", -1));
    }

    [Fact]
    public void ToId_TextWithNonAscii_HashesUtf8Bytes()
    {
        // SHA-1 of the UTF-8 bytes c3 a9 of "é" (checked with Python's hashlib).
        Assert.Equal("bf15be717ac1b080b4f1c456692825891ff5073d", IdHash.ToId(HashAlgorithmCode.Sha1, "\u00e9").ToString());
    }

    [Fact]
    public void ToId_NullText_ThrowsArgumentNullException()
    {
        Assert.Throws<ArgumentNullException>(() => IdHash.ToId(HashAlgorithmCode.Sha1, (string)null!));
    }

    [Fact]
    public void ToId_NoneWithMatchingLength_UsesDataAsIs()
    {
        var id = IdHash.ToId(HashAlgorithmCode.None, [0xDE, 0xAD, 0xBE, 0xEF], 4);

        Assert.Equal("deadbeef", id.ToString());
    }

    [Fact]
    public void ToId_NoneWithDefaultLength_UsesDataAsIs()
    {
        Assert.Equal("0102030405", IdHash.ToId(HashAlgorithmCode.None, [1, 2, 3, 4, 5]).ToString());
    }

    [Fact]
    public void ToId_NoneWithText_UsesUtf8BytesAsIs()
    {
        Assert.Equal("616263", IdHash.ToId(HashAlgorithmCode.None, "abc", 3).ToString());
    }

    [Theory]
    [InlineData(3)]
    [InlineData(5)]
    [InlineData(20)]
    public void ToId_NoneWithWrongLength_ThrowsArgumentException(int length)
    {
        Assert.Throws<ArgumentException>(() => IdHash.ToId(HashAlgorithmCode.None, [1, 2, 3, 4], length));
    }

    [Fact]
    public void ToId_NoneWithEmptyData_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => IdHash.ToId(HashAlgorithmCode.None, ReadOnlySpan<byte>.Empty));
    }

    [Fact]
    public void ToId_NoneWithDataLongerThanMaxLength_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => IdHash.ToId(HashAlgorithmCode.None, new byte[65]));
    }

    [Fact]
    public void ToId_SameNameTwice_SameId()
    {
        var first = IdHash.ToId(HashAlgorithmCode.Sha1, "sip:alice@example.com");
        var second = IdHash.ToId(HashAlgorithmCode.Sha1, "sip:alice@example.com");
        var other = IdHash.ToId(HashAlgorithmCode.Sha1, "sip:bob@example.com");

        Assert.Equal(first, second);
        Assert.NotEqual(first, other);
    }
}
