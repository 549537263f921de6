using System.Net;
using Peerlink.Core;
using Peerlink.Zeroconf.Dns;

namespace Peerlink.Zeroconf.Tests;

/// <summary>The hand-built vectors decode to their messages and those encode back to the same bytes.</summary>
public class MessageVectorTests
{
    public static TheoryData<string> VectorNames() => [.. MessageVectors.All.Select(v => v.Name)];

    [Theory]
    [MemberData(nameof(VectorNames))]
    public void Decode_Vector_GivesTheHandBuiltMessage(string name)
    {
        var vector = MessageVectors.Named(name);

        var decoded = DnsCodec.Decode(vector.Wire);

        Assert.Equal(vector.Expected.Questions, decoded.Questions);
        Assert.Equal(vector.Expected.Answers, decoded.Answers);
        Assert.Equal(vector.Expected.Authorities, decoded.Authorities);
        Assert.Equal(vector.Expected.Additionals, decoded.Additionals);
        Assert.Equal(vector.Expected, decoded);
    }

    [Theory]
    [MemberData(nameof(VectorNames))]
    public void Encode_HandBuiltMessage_GivesTheVectorBytes(string name)
    {
        var vector = MessageVectors.Named(name);

        Assert.Equal(Hex.Format(vector.Wire), Hex.Format(DnsCodec.Encode(vector.Expected)));
    }

    [Fact]
    public void Decode_DnsSdInstance_ReadsCacheFlushOnUniqueRecordsOnly()
    {
        var m = DnsCodec.Decode(MessageVectors.DnsSdInstance.Wire);

        Assert.True(m.IsResponse);
        Assert.True(m.Authoritative);
        Assert.Equal(0, m.Id);
        var ptr = Assert.Single(m.Answers);
        Assert.False(ptr.CacheFlush);
        Assert.Equal(DnsClass.Internet, ptr.Class);
        Assert.All(m.Additionals, r => Assert.True(r.CacheFlush));
        Assert.All(m.Additionals, r => Assert.Equal(DnsClass.Internet, r.Class));
        Assert.Equal([DnsRecordType.Srv, DnsRecordType.Txt, DnsRecordType.A], m.Additionals.Select(r => r.Type));
    }

    [Fact]
    public void Decode_DnsSdInstance_ResolvesInstanceHostPortTextAndAddress()
    {
        var m = DnsCodec.Decode(MessageVectors.DnsSdInstance.Wire);

        var instance = Assert.IsType<PtrData>(m.Answers[0].Data).Target;
        Assert.Equal("My Web._http._tcp.local", instance.ToString());
        Assert.Equal(["My Web", "_http", "_tcp", "local"], instance.Labels);
        var srv = Assert.IsType<SrvData>(m.Additionals[0].Data);
        Assert.Equal(8080, srv.Port);
        Assert.Equal("host.local", srv.Target.ToString());
        var txt = Assert.IsType<TxtData>(m.Additionals[1].Data);
        Assert.True(txt.TryGetValue("PATH", out var path));
        Assert.Equal(Bytes.FromUtf8("/"), path);
        Assert.Equal(IPAddress.Parse("192.168.1.10"), Assert.IsType<AddressData>(m.Additionals[2].Data).Address);
    }

    [Fact]
    public void Decode_QuestionWithQu_UnicastResponseSetClassIn()
    {
        var q = Assert.Single(DnsCodec.Decode(MessageVectors.QuestionWithQu.Wire).Questions);

        Assert.True(q.UnicastResponse);
        Assert.Equal(DnsClass.Internet, q.Class);
        Assert.Equal(DnsRecordType.Ptr, q.Type);
    }

    [Fact]
    public void Encode_QuestionWithoutQu_ClassWordIs0001()
    {
        var bytes = DnsCodec.Encode(DnsMessage.Query(new DnsQuestion(MessageVectors.ServiceType, DnsRecordType.Ptr)));

        Assert.Equal([0x00, 0x0c, 0x00, 0x01], bytes[^4..]);
    }

    [Fact]
    public void Decode_Nsec_CoversOnlyListedTypes()
    {
        var m = DnsCodec.Decode(MessageVectors.AddressWithNsec.Wire);

        var nsec = Assert.IsType<NsecData>(m.Additionals[0].Data);
        Assert.True(nsec.Covers(DnsRecordType.A));
        Assert.False(nsec.Covers(DnsRecordType.Aaaa));
        Assert.True(nsec.IsMulticastForm);
        Assert.Equal(MessageVectors.Host, nsec.NextName);
    }

    [Fact]
    public void Decode_Utf8Instance_OneLabelWithTheDotInside()
    {
        var m = DnsCodec.Decode(MessageVectors.Utf8Instance.Wire);

        var target = Assert.IsType<PtrData>(m.Answers[0].Data).Target;
        Assert.Equal(4, target.LabelCount);
        Assert.Equal("Büro.Drucker (2) 日本", target.Labels[0]);
        Assert.Equal(@"Büro\.Drucker (2) 日本._http._tcp.local", target.ToString());
    }

    [Fact]
    public void Decode_LegacyQuery_IdRecursionDesiredAndEmptyTxt()
    {
        var m = DnsCodec.Decode(MessageVectors.LegacyQuery.Wire);

        Assert.Equal(0x1234, m.Id);
        Assert.True(m.RecursionDesired);
        Assert.False(m.IsResponse);
        var txt = Assert.IsType<TxtData>(m.Answers[0].Data);
        Assert.Equal([Bytes.Empty], txt.Strings);
        Assert.Empty(txt.Attributes);
    }
}
