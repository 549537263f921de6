using System.Net;
using Peerlink.Core;
using Peerlink.Z2z.Records;
using Peerlink.Zeroconf.Dns;

namespace Peerlink.Z2z.Tests;

/// <summary>The encoder refuses what the format cannot carry, with <see cref="ArgumentException"/>, and says so first through FindProblem.</summary>
public class EncoderLimitTests
{
    [Fact]
    public void Encode_LargestTxtThatFits_IsMaxPlainLengthAndSealsToExactlyMaxLength()
    {
        var record = WithTxtLength(LargestTxtLength());

        var plain = ServiceRecordCodec.Encode(record);
        var sealedRecord = ServiceRecordCodec.Encode(record, Samples.Columbia);

        Assert.Equal(ServiceRecordCodec.MaxPlainLength, plain.Length);
        Assert.Equal(ServiceRecordCodec.MaxLength, sealedRecord.Length);
        Assert.True(ServiceRecordCodec.TryDecode(plain, out var decoded, out _));
        Assert.Equal(record, decoded);
        Assert.True(ServiceRecordCodec.TryDecode(sealedRecord, Samples.Columbia, out decoded, out var error), error.ToString());
        Assert.Equal(record, decoded);
    }

    [Fact]
    public void Encode_OneTxtByteMoreThanFits_RefusedPlainAndSealed()
    {
        var record = WithTxtLength(LargestTxtLength() + 1);

        Assert.Contains("limit", ServiceRecordCodec.FindProblem(record), StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => ServiceRecordCodec.Encode(record));
        Assert.Throws<ArgumentException>(() => ServiceRecordCodec.Encode(record, Samples.Columbia));
    }

    [Fact]
    public void MaxPlainLength_PlusSealOverhead_IsMaxLength()
    {
        Assert.Equal(1024, ServiceRecordCodec.MaxLength);
        Assert.Equal(32, RecordSeal.Overhead);
        Assert.Equal(992, ServiceRecordCodec.MaxPlainLength);
    }

    public static TheoryData<string, ServiceRecord> Unencodable => new()
    {
        { "exporter of 7 bytes", Samples.Record with { Exporter = Bytes.FromHex("01020304050607") } },
        { "empty exporter", Samples.Record with { Exporter = Bytes.Empty } },
        { "type without protocol", Samples.Record with { ServiceType = "_http" } },
        { "type with domain", Samples.Record with { ServiceType = "_http._tcp.local" } },
        { "type without underscore", Samples.Record with { ServiceType = "http._tcp" } },
        { "type with a space", Samples.Record with { ServiceType = "_my http._tcp" } },
        { "type of 64-byte label", Samples.Record with { ServiceType = "_" + new string('s', 63) + "._tcp" } },
        { "type with lone surrogate", Samples.Record with { ServiceType = "_h\uD800._tcp" } },
        { "empty instance", Samples.Record with { InstanceName = string.Empty } },
        { "instance of 64 bytes", Samples.Record with { InstanceName = new string('é', 32) } },
        { "instance with newline", Samples.Record with { InstanceName = "a\nb" } },
        { "instance with DEL", Samples.Record with { InstanceName = "a\u007F" } },
        { "instance with lone surrogate", Samples.Record with { InstanceName = "a\uDC00" } },
        { "host of 256 bytes", Samples.Record with { HostName = new string('h', 256) } },
        { "host with NUL", Samples.Record with { HostName = "pc\0.local" } },
        { "33 addresses", Samples.Record with { Addresses = new ValueList<IPAddress>(Enumerable.Range(0, 33).Select(i => new IPAddress([10, 0, 0, (byte)i]))) } },
        { "scoped IPv6 address", Samples.Record with { Addresses = [IPAddress.Parse("fe80::1%2")] } },
        { "null TXT", Samples.Record with { Txt = null! } },
    };

    [Theory]
    [MemberData(nameof(Unencodable))]
    public void Encode_FieldOutOfBounds_ThrowsArgumentException(string why, ServiceRecord record)
    {
        Assert.NotNull(ServiceRecordCodec.FindProblem(record));
        var e = Assert.Throws<ArgumentException>(() => ServiceRecordCodec.Encode(record));
        Assert.False(string.IsNullOrEmpty(e.Message), why);
    }

    [Theory]
    [InlineData("_http._udp")]
    [InlineData("_HTTP._TCP")]
    [InlineData("_a-b-1._tcp")]
    [InlineData("_1password._tcp")]
    public void Encode_ServiceTypeShapes_Accepted(string type)
    {
        var record = Samples.Record with { ServiceType = type };

        Assert.Null(ServiceRecordCodec.FindProblem(record));
        Assert.True(ServiceRecordCodec.TryDecode(ServiceRecordCodec.Encode(record), out var decoded, out _));
        Assert.Equal(type, decoded.ServiceType);
    }

    [Fact]
    public void Encode_InstanceOf63BytesOfFourByteCharacters_RoundTrips()
    {
        // 15 emoji (60 bytes) and 3 ASCII: exactly 63 bytes, though 33 UTF-16 units.
        var record = Samples.Record with { InstanceName = string.Concat(Enumerable.Repeat("😀", 15)) + "abc" };

        Assert.True(ServiceRecordCodec.TryDecode(ServiceRecordCodec.Encode(record), out var decoded, out _));
        Assert.Equal(record, decoded);
    }

    [Fact]
    public void Encode_Ipv4MappedIpv6_StaysIpv6()
    {
        var record = Samples.Record with { Addresses = [IPAddress.Parse("::ffff:10.0.0.1")] };

        Assert.True(ServiceRecordCodec.TryDecode(ServiceRecordCodec.Encode(record), out var decoded, out _));
        Assert.Equal(record.Addresses, decoded.Addresses);
        Assert.Equal(System.Net.Sockets.AddressFamily.InterNetworkV6, decoded.Addresses[0].AddressFamily);
    }

    [Fact]
    public void Encode_NullRecord_ThrowsArgumentNull()
    {
        Assert.Throws<ArgumentNullException>(() => ServiceRecordCodec.Encode(null!));
    }

    /// <summary>The TXT RDATA length that makes <see cref="Samples.Record"/> exactly <see cref="ServiceRecordCodec.MaxPlainLength"/>.</summary>
    private static int LargestTxtLength()
    {
        var withEmptyTxt = ServiceRecordCodec.Encode(Samples.Record with { Txt = TxtData.Empty }).Length;
        return ServiceRecordCodec.MaxPlainLength - (withEmptyTxt - 1);
    }

    /// <summary>The sample with TXT strings of 255 bytes and one shorter, <paramref name="rdataLength"/> bytes of RDATA in all.</summary>
    private static ServiceRecord WithTxtLength(int rdataLength)
    {
        var strings = new List<Bytes>();
        var left = rdataLength;
        while (left > 0)
        {
            var size = Math.Min(left - 1, TxtData.MaxStringLength);
            strings.Add(Bytes.Copy(Enumerable.Repeat((byte)'t', size).ToArray()));
            left -= 1 + size;
        }

        return Samples.Record with { Txt = new TxtData(strings) };
    }
}
