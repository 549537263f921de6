using Peerlink.Z2z.Records;

namespace Peerlink.Z2z.Tests;

/// <summary>Every fault of a plain record we can name is dropped with its reason, and nothing throws.</summary>
public class MalformedRecordTests
{
    [Fact]
    public void RawRecord_Defaults_AreAValidRecord()
    {
        Assert.True(ServiceRecordCodec.TryDecode(new RawRecord().ToBytes(), out var record, out var error), error.ToString());
        Assert.Equal("_ipp._tcp", record.ServiceType);
        Assert.Equal(0x0277, record.Port);
    }

    [Fact]
    public void Decode_SampleTruncatedAtEveryLength_Malformed()
    {
        for (var length = 0; length < Samples.RecordBytes.Length; length++)
        {
            Assert.False(ServiceRecordCodec.TryDecode(Samples.RecordBytes.AsSpan(0, length), out var record, out var error));
            Assert.Null(record);
            Assert.Equal(RecordDrop.Malformed, error.Drop);
            Assert.InRange(error.Offset, 0, length);
        }
    }

    [Theory]
    [InlineData(new byte[] { 0x5A, 0x32 })] // "Z2"
    [InlineData(new byte[] { 0x7A, 0x33 })] // "z3"
    [InlineData(new byte[] { 0x00, 0x00 })]
    public void Decode_BadMagic_Malformed(byte[] magic)
    {
        AssertDropped(new RawRecord { Magic = magic }.ToBytes(), RecordDrop.Malformed, 0);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(255)]
    public void Decode_OtherVersion_UnsupportedVersion(byte version)
    {
        AssertDropped(new RawRecord { Version = version }.ToBytes(), RecordDrop.UnsupportedVersion, 2);
    }

    [Fact]
    public void Decode_HigherVersionWithAnyLayout_UnsupportedVersionNotMalformed()
    {
        // A newer exporter's record may differ after the version octet in any way; it is counted apart.
        byte[] bytes = [0x7A, 0x32, 2, 0xFF, 1, 2, 3];

        AssertDropped(bytes, RecordDrop.UnsupportedVersion, 2);
        AssertDropped(bytes, RecordDrop.UnsupportedVersion, 2, Samples.Columbia);
    }

    [Theory]
    [InlineData(0x02)]
    [InlineData(0x04)]
    [InlineData(0x10)]
    [InlineData(0x40)]
    [InlineData(0x7F)]
    public void Decode_ReservedFlagBit_Malformed(byte flags)
    {
        AssertDropped(new RawRecord { Flags = flags }.ToBytes(), RecordDrop.Malformed, 3);
    }

    [Fact]
    public void Decode_SealedAndWithdrawnBits_Malformed()
    {
        AssertDropped(new RawRecord { Flags = 0x81 }.ToBytes(), RecordDrop.Malformed, 3, Samples.Columbia);
    }

    [Fact]
    public void Decode_TrailingByte_Malformed()
    {
        var bytes = new RawRecord { Trailer = [0] }.ToBytes();

        AssertDropped(bytes, RecordDrop.Malformed, bytes.Length - 1);
    }

    [Theory]
    [InlineData("_ipp")]
    [InlineData("ipp._tcp")]
    [InlineData("_._tcp")]
    [InlineData("_ipp.tcp")]
    [InlineData("_ipp._sctp")]
    [InlineData("_ipp._tcp.local")]
    [InlineData("_ipp._tcp.")]
    [InlineData("_i p._tcp")]
    [InlineData("_ipp_x._tcp")]
    [InlineData("_ipp.._tcp")]
    [InlineData("")]
    public void Decode_ServiceTypeNotOfTheForm_Malformed(string type)
    {
        AssertDropped(new RawRecord { Type = System.Text.Encoding.UTF8.GetBytes(type) }.ToBytes(), RecordDrop.Malformed, 22);
    }

    [Fact]
    public void Decode_ServiceLabelOf64Bytes_Malformed()
    {
        var type = System.Text.Encoding.ASCII.GetBytes("_" + new string('s', 63) + "._tcp");

        AssertDropped(new RawRecord { Type = type }.ToBytes(), RecordDrop.Malformed, 22);
    }

    [Fact]
    public void Decode_ServiceLabelOf63Bytes_Accepted()
    {
        var type = System.Text.Encoding.ASCII.GetBytes("_" + new string('s', 62) + "._udp");

        Assert.True(ServiceRecordCodec.TryDecode(new RawRecord { Type = type }.ToBytes(), out _, out var error), error.ToString());
    }

    [Theory]
    [InlineData("")]                      // no instance
    [InlineData("c328")]                  // a lead byte without its continuation
    [InlineData("c0af")]                  // overlong '/'
    [InlineData("eda080")]                // a UTF-16 surrogate in UTF-8
    [InlineData("f4908080")]              // above U+10FFFF
    [InlineData("ff")]
    [InlineData("4100")]                  // NUL
    [InlineData("0750")]                  // BEL
    [InlineData("417f")]                  // DEL
    [InlineData("410a42")]                // a newline (RFC 6763 §4.1.1: no ASCII control characters)
    public void Decode_BadInstanceName_Malformed(string hex)
    {
        // The instance length octet comes after the 22 fixed bytes and the 10 of "_ipp._tcp".
        AssertDropped(new RawRecord { Instance = Convert.FromHexString(hex) }.ToBytes(), RecordDrop.Malformed, 32);
    }

    [Fact]
    public void Decode_InstanceNameOf64Bytes_Malformed()
    {
        AssertDropped(new RawRecord { Instance = new byte[64].Select(_ => (byte)'m').ToArray() }.ToBytes(), RecordDrop.Malformed, 32);
    }

    [Fact]
    public void Decode_InstanceNameOf63Bytes_Accepted()
    {
        Assert.True(ServiceRecordCodec.TryDecode(new RawRecord { Instance = new byte[63].Select(_ => (byte)'m').ToArray() }.ToBytes(), out var record, out _));
        Assert.Equal(new string('m', 63), record.InstanceName);
    }

    [Theory]
    [InlineData("c328")]
    [InlineData("68001f")]
    [InlineData("fe")]
    public void Decode_BadHostName_Malformed(string hex)
    {
        AssertDropped(new RawRecord { Host = Convert.FromHexString(hex) }.ToBytes(), RecordDrop.Malformed, 34);
    }

    [Fact]
    public void Decode_HostNameLengthPastTheEnd_Malformed()
    {
        // Host length 255 with fewer bytes left than that.
        var bytes = new RawRecord().ToBytes();
        bytes[34] = 0xFF;

        AssertDropped(bytes, RecordDrop.Malformed, 35);
    }

    [Fact]
    public void Decode_TooManyAddresses_Malformed()
    {
        var addresses = new List<byte> { ServiceRecordCodec.MaxAddresses + 1 };
        for (var i = 0; i <= ServiceRecordCodec.MaxAddresses; i++)
        {
            addresses.AddRange([4, 10, 0, 0, (byte)i]);
        }

        AssertDropped(new RawRecord { Addresses = [.. addresses] }.ToBytes(), RecordDrop.Malformed, 35);
    }

    [Fact]
    public void Decode_MaxAddresses_Accepted()
    {
        var addresses = new List<byte> { ServiceRecordCodec.MaxAddresses };
        for (var i = 0; i < ServiceRecordCodec.MaxAddresses; i++)
        {
            addresses.AddRange([4, 10, 0, 0, (byte)i]);
        }

        Assert.True(ServiceRecordCodec.TryDecode(new RawRecord { Addresses = [.. addresses] }.ToBytes(), out var record, out _));
        Assert.Equal(ServiceRecordCodec.MaxAddresses, record.Addresses.Count);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(5)]
    [InlineData(41)]
    [InlineData(255)]
    public void Decode_UnknownAddressFamily_Malformed(byte family)
    {
        AssertDropped(new RawRecord { Addresses = [1, family, 1, 2, 3, 4] }.ToBytes(), RecordDrop.Malformed, 36);
    }

    [Fact]
    public void Decode_Ipv6TagWithFourBytes_Malformed()
    {
        AssertDropped(new RawRecord { Addresses = [1, 6, 10, 0, 0, 1] }.ToBytes(), RecordDrop.Malformed);
    }

    [Fact]
    public void Decode_AddressCountPastTheEnd_Malformed()
    {
        AssertDropped(new RawRecord { Addresses = [3, 4, 10, 0, 0, 1], Txt = [], TxtLength = 0 }.ToBytes(), RecordDrop.Malformed);
    }

    [Fact]
    public void Decode_TxtLengthZero_Malformed()
    {
        // It would mean the empty TXT record, which is written as one zero byte: one form per record.
        AssertDropped(new RawRecord { Txt = [], TxtLength = 0 }.ToBytes(), RecordDrop.Malformed, 36);
    }

    [Fact]
    public void Decode_TxtLengthPastTheEnd_Malformed()
    {
        AssertDropped(new RawRecord { Txt = [0], TxtLength = 2 }.ToBytes(), RecordDrop.Malformed);
    }

    [Fact]
    public void Decode_TxtStringRunsPastTxtData_Malformed()
    {
        // A string of 5 bytes announced, 3 present: the TXT length is honest, the string is not.
        AssertDropped(new RawRecord { Txt = [5, 0x61, 0x62, 0x63] }.ToBytes(), RecordDrop.Malformed, 38);
    }

    [Fact]
    public void Decode_TxtLengthShorterThanItsStrings_MalformedTrailing()
    {
        // The TXT length covers the first string only; the second is left over.
        AssertDropped(new RawRecord { Txt = [1, 0x61, 1, 0x62], TxtLength = 2 }.ToBytes(), RecordDrop.Malformed, 40);
    }

    [Fact]
    public void Decode_TxtOfEmptyStrings_KeepsThem()
    {
        Assert.True(ServiceRecordCodec.TryDecode(new RawRecord { Txt = [0, 0, 3, 0x61, 0x3D, 0x62] }.ToBytes(), out var record, out _));
        Assert.Equal(3, record.Txt.Strings.Count);
    }

    [Fact]
    public void Decode_LongerThanTheValueLimit_TooLarge()
    {
        var bytes = new RawRecord { Txt = new byte[ServiceRecordCodec.MaxLength] }.ToBytes();

        AssertDropped(bytes, RecordDrop.TooLarge);
        AssertDropped(bytes, RecordDrop.TooLarge, seal: Samples.Columbia);
    }

    [Fact]
    public void Decode_PlainLongerThanMaxPlainLength_TooLarge()
    {
        var bytes = new RawRecord().ToBytes();
        var txt = new byte[ServiceRecordCodec.MaxPlainLength + 1 - bytes.Length + 1];
        var big = new RawRecord { Txt = txt }.ToBytes();
        Assert.Equal(ServiceRecordCodec.MaxPlainLength + 1, big.Length);

        AssertDropped(big, RecordDrop.TooLarge);
    }

    [Fact]
    public void Decode_PlainOfMaxPlainLength_Accepted()
    {
        var bytes = new RawRecord().ToBytes();
        var big = new RawRecord { Txt = new byte[ServiceRecordCodec.MaxPlainLength - bytes.Length + 1] }.ToBytes();
        Assert.Equal(ServiceRecordCodec.MaxPlainLength, big.Length);

        Assert.True(ServiceRecordCodec.TryDecode(big, out _, out var error), error.ToString());
    }

    private static void AssertDropped(byte[] bytes, RecordDrop drop, int? offset = null, RecordSeal? seal = null)
    {
        Assert.False(ServiceRecordCodec.TryDecode(bytes, seal, out var record, out var error));
        Assert.Null(record);
        Assert.Equal(drop, error.Drop);
        Assert.False(string.IsNullOrEmpty(error.Detail));
        if (offset is { } at)
        {
            Assert.Equal(at, error.Offset);
        }
    }
}
