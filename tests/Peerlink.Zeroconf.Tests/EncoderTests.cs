using System.Buffers;
using System.Net;
using Peerlink.Core;
using Peerlink.Zeroconf.Dns;

namespace Peerlink.Zeroconf.Tests;

/// <summary>Name compression, the length limit and what the encoder refuses (our misuse, not a peer's fault).</summary>
public class EncoderTests
{
    private static readonly DnsName Host = MessageVectors.Host;

    [Fact]
    public void Encode_SameNameTwice_SecondIsAPointerToTheFirst()
    {
        var bytes = DnsCodec.Encode(DnsMessage.Query(new DnsQuestion(Host, DnsRecordType.A), new DnsQuestion(Host, DnsRecordType.Aaaa)));

        // 12: host.local (12 bytes) + type + class; 28: c00c + type + class.
        Assert.Equal(12 + 16 + 6, bytes.Length);
        Assert.Equal("c00c001c0001", Hex.Format(bytes.AsSpan(28)));
    }

    [Fact]
    public void Encode_NameDifferingOnlyInCase_NotCompressedSoCaseSurvives()
    {
        var upper = DnsName.Parse("HOST.local");
        var bytes = DnsCodec.Encode(DnsMessage.Query(new DnsQuestion(Host, DnsRecordType.A), new DnsQuestion(upper, DnsRecordType.A)));

        // "HOST" is written out; only "local" (at 17) is shared.
        Assert.Equal("04484f5354c011", Hex.Format(bytes.AsSpan(28, 7)));
        Assert.True(DnsCodec.Decode(bytes).Questions[1].Name.EqualsExactly(upper));
    }

    [Fact]
    public void Encode_SrvTargetAndNsecNextName_Compressed()
    {
        var message = DnsMessage.Response(
            new DnsRecord(Host, 120, new AddressData(IPAddress.Parse("10.0.0.1"))),
            new DnsRecord(Host, 120, new SrvData(0, 0, 80, Host)),
            new DnsRecord(Host, 120, new NsecData(Host, DnsRecordType.A)));

        var bytes = DnsCodec.Encode(message);

        // Record 2 (at 38): name c00c, RDATA = 6 bytes + pointer c00c. Record 3 (at 58): next name c00c.
        Assert.Equal("c00c0021000100000078000800000000" + "0050c00c", Hex.Format(bytes.AsSpan(38, 20)));
        Assert.Equal("c00c002f0001000000780005c00c000140", Hex.Format(bytes.AsSpan(58)));
    }

    [Fact]
    public void Encode_RawRecordData_NeverCompressedNorPointedInto()
    {
        // A HINFO whose raw bytes happen to spell "local" must stay raw, and later names must not point into them.
        var raw = Bytes.FromHex("05 6c6f63616c 00");
        var message = DnsMessage.Response(
            new DnsRecord(DnsName.Root, 1, new UnknownData(DnsRecordType.Hinfo, raw)),
            new DnsRecord(DnsName.Parse("local"), 1, new AddressData(IPAddress.Loopback)));

        var bytes = DnsCodec.Encode(message);

        Assert.Equal(raw.Span.ToArray(), bytes.AsSpan(23, 7).ToArray());
        Assert.Equal("056c6f63616c00", Hex.Format(bytes.AsSpan(30, 7)));
    }

    [Fact]
    public void Encode_OverTheLengthLimit_ArgumentExceptionAndTryEncodeFalseWritingNothing()
    {
        var big = new TxtData(Enumerable.Repeat(Bytes.Copy(new byte[255]), 40)); // 40 * 256 = 10240 bytes
        var message = DnsMessage.Response(new DnsRecord(Host, 4500, big));
        var output = new ArrayBufferWriter<byte>();

        Assert.Throws<ArgumentException>(() => DnsCodec.Encode(message));
        Assert.Throws<ArgumentException>(() => DnsCodec.Encode(message, output));
        Assert.False(DnsCodec.TryEncode(message, output, out var wouldBe));
        Assert.Equal(0, output.WrittenCount);
        Assert.Equal(12 + 12 + 10 + 10240, wouldBe);
        Assert.True(DnsCodec.TryEncode(message, output, out var written, new DnsOptions { MaxMessageLength = wouldBe }));
        Assert.Equal(wouldBe, written);
        Assert.Equal(message, DnsCodec.Decode(output.WrittenSpan, new DnsOptions { MaxMessageLength = wouldBe }));
    }

    [Fact]
    public void Encode_IntoBufferWriter_AppendsAfterWhatIsThere()
    {
        var output = new ArrayBufferWriter<byte>();
        output.Write<byte>([0xAA, 0xBB]);

        var n = DnsCodec.Encode(MessageVectors.Goodbye.Expected, output);

        Assert.Equal(MessageVectors.Goodbye.Wire.Length, n);
        Assert.Equal(Hex.Format(MessageVectors.Goodbye.Wire), Hex.Format(output.WrittenSpan[2..]));
    }

    [Fact]
    public void Encode_MoreEntriesThanTheLimit_ArgumentException()
    {
        var message = DnsMessage.Query(Enumerable.Repeat(new DnsQuestion(Host, DnsRecordType.A), 3));

        Assert.Throws<ArgumentException>(() => DnsCodec.Encode(message, new DnsOptions { MaxEntries = 2 }));
    }

    [Fact]
    public void Encode_ClassNeedingTheTopBit_ArgumentException()
    {
        Assert.Throws<ArgumentException>(() => DnsCodec.Encode(DnsMessage.Query(new DnsQuestion(Host, DnsRecordType.A) { Class = (DnsClass)0x8001 })));
        Assert.Throws<ArgumentException>(() => DnsCodec.Encode(DnsMessage.Response(new DnsRecord(Host, 1, TxtData.Empty) { Class = (DnsClass)0x8001 })));
    }

    [Fact]
    public void Encode_UnknownDataOfATypedType_ArgumentException()
    {
        var message = DnsMessage.Response(new DnsRecord(Host, 1, new UnknownData(DnsRecordType.A, Bytes.FromHex("0a000001"))));

        Assert.Throws<ArgumentException>(() => DnsCodec.Encode(message));
    }

    [Fact]
    public void Message_HeaderFieldsOutOfRange_ArgumentOutOfRange()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new DnsMessage { Opcode = (DnsOpcode)16 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new DnsMessage { ResponseCode = (DnsResponseCode)16 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new DnsMessage { ReservedFlags = 8 });
    }

    [Fact]
    public void Encode_EveryHeaderBit_LandsWhereRfc1035Puts()
    {
        var message = new DnsMessage
        {
            Id = 0xBEEF,
            IsResponse = true,
            Opcode = DnsOpcode.Update,
            Authoritative = true,
            Truncated = true,
            RecursionDesired = true,
            RecursionAvailable = true,
            ReservedFlags = 5,
            ResponseCode = DnsResponseCode.Refused,
        };

        var bytes = DnsCodec.Encode(message);

        // QR=1 Opcode=0101 AA=1 TC=1 RD=1 | RA=1 Z=1 AD=0 CD=1 RCODE=0101
        Assert.Equal("beef afd5 0000 0000 0000 0000".Replace(" ", string.Empty, StringComparison.Ordinal), Hex.Format(bytes));
        Assert.Equal(message, DnsCodec.Decode(bytes));
    }

    [Fact]
    public void Response_Factory_IdZeroAuthoritativeNoQuestions()
    {
        var m = DnsMessage.Response(new DnsRecord(Host, 120, new AddressData(IPAddress.Loopback)));

        Assert.Equal(0, m.Id);
        Assert.True(m.IsResponse);
        Assert.True(m.Authoritative);
        Assert.Empty(m.Questions);
        Assert.Equal("0000 8400 0000 0001 0000 0000".Replace(" ", string.Empty, StringComparison.Ordinal), Hex.Format(DnsCodec.Encode(m).AsSpan(0, 12)));
    }

    [Fact]
    public void AddressData_ScopedIPv6_ScopeDroppedSoRoundTripIsEqual()
    {
        var scoped = IPAddress.Parse("fe80::1%3");

        var data = new AddressData(scoped);

        Assert.Equal(0, data.Address.ScopeId);
        Assert.Equal(DnsRecordType.Aaaa, data.Type);
        Assert.Equal(DnsRecordType.A, new AddressData(IPAddress.Loopback).Type);
        Assert.Equal(DnsRecordType.Aaaa, new AddressData(IPAddress.Parse("::ffff:10.0.0.1")).Type);
    }
}
