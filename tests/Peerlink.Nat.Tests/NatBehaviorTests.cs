using System.Net;
using Peerlink.Core;
using Peerlink.Nat.Stun;

namespace Peerlink.Nat.Tests;

/// <summary>RFC 5780: the server's side (OTHER-ADDRESS, RESPONSE-ORIGIN, CHANGE-REQUEST) and the verdicts.</summary>
public class NatBehaviorTests
{
    private static readonly IPEndPoint Client = new(IPAddress.Parse("203.0.113.7"), 40123);
    private static readonly IPEndPoint Local = new(IPAddress.Parse("10.0.0.5"), 5000);
    private static readonly IPEndPoint A = new(IPAddress.Parse("198.51.100.1"), 6000);
    private static readonly IPEndPoint B = new(IPAddress.Parse("198.51.100.1"), 6001);
    private static readonly IPEndPoint C = new(IPAddress.Parse("198.51.100.1"), 6002);
    private static readonly StunServerAddresses Addresses = new(IPAddress.Parse("192.0.2.1"), IPAddress.Parse("192.0.2.2"));

    private static byte[] Binding(byte? change = null) =>
        StunCodec.Encode(new StunMessage(StunClass.Request, StunMethod.Binding, Bytes.FromHex("0102030405060708090a0b0c"))
        {
            Attributes = change is { } c ? [new StunAttributeEntry(StunAttributeType.ChangeRequest, Bytes.Copy([0, 0, 0, c]))] : [],
        });

    [Theory]
    [InlineData(null, "192.0.2.1:3478")]
    [InlineData((byte)0x4, "192.0.2.2:3478")]
    [InlineData((byte)0x2, "192.0.2.1:3479")]
    [InlineData((byte)0x6, "192.0.2.2:3479")]
    public void Handle_ChangeRequest_AnsweredFromTheAskedEndpointWhichResponseOriginNames(byte? change, string expectedFrom)
    {
        var server = new StunServer("t", Addresses);
        var reply = server.Handle(new IPEndPoint(Addresses.PrimaryIp, 3478), Client, Binding(change))!;

        Assert.Equal(IPEndPoint.Parse(expectedFrom), reply.From);
        Assert.True(StunCodec.TryDecode(reply.Bytes, out var response, out _));
        Assert.Equal(StunClass.SuccessResponse, response.Class);
        Assert.Equal(IPEndPoint.Parse(expectedFrom), StunAddress.Read(response.Find(StunAttributeType.ResponseOrigin)!.Value.Span));
        Assert.Equal(IPEndPoint.Parse("192.0.2.2:3479"), StunAddress.Read(response.Find(StunAttributeType.OtherAddress)!.Value.Span));
        Assert.Equal(change is null ? 0 : 1, server.Counters.ChangeRequests);
    }

    [Fact]
    public void Handle_ChangeRequestReceivedOnTheAlternate_AnsweredFromThePrimary()
    {
        var reply = new StunServer("t", Addresses).Handle(new IPEndPoint(Addresses.AlternateIp, 3479), Client, Binding(0x6))!;
        Assert.Equal(new IPEndPoint(Addresses.PrimaryIp, 3478), reply.From);
    }

    [Fact]
    public void Handle_ChangeRequestWithoutSecondAddress_420UnknownAttribute()
    {
        var reply = new StunServer("t").Handle(new IPEndPoint(Addresses.PrimaryIp, 3478), Client, Binding(0x4))!;

        Assert.True(StunCodec.TryDecode(reply.Bytes, out var response, out _));
        Assert.Equal(420, StunErrorCode.FromValue(response.Find(StunAttributeType.ErrorCode)!.Value.Span)!.Code);
        Assert.Null(response.Find(StunAttributeType.OtherAddress));
    }

    [Fact]
    public void Handle_ChangeRequestOfWrongLength_400()
    {
        var request = StunCodec.Encode(new StunMessage(StunClass.Request, StunMethod.Binding, Bytes.FromHex("0102030405060708090a0b0c"))
        {
            Attributes = [new StunAttributeEntry(StunAttributeType.ChangeRequest, Bytes.Copy([4]))],
        });
        var server = new StunServer("t", Addresses);
        var reply = server.Handle(new IPEndPoint(Addresses.PrimaryIp, 3478), Client, request)!;

        Assert.True(StunCodec.TryDecode(reply.Bytes, out var response, out _));
        Assert.Equal(400, StunErrorCode.FromValue(response.Find(StunAttributeType.ErrorCode)!.Value.Span)!.Code);
        Assert.Equal(1, server.Counters.BadRequests);
    }

    [Fact]
    public void StunServerAddresses_SameIpOrSamePort_Refused()
    {
        Assert.Throws<ArgumentException>(() => new StunServer("t", Addresses with { AlternateIp = Addresses.PrimaryIp }));
        Assert.Throws<ArgumentException>(() => new StunServer("t", Addresses with { AlternatePort = 3478 }));
        Assert.Throws<ArgumentException>(() => new StunServer("t", Addresses with { AlternateIp = IPAddress.IPv6Loopback }));
    }

    [Theory]
    [InlineData("203.0.113.9:1000")]
    [InlineData("[2001:db8::1]:65535")]
    public void StunAddress_PlainWriteThenRead_SameEndpoint(string endPoint)
    {
        var value = StunAddress.Write(IPEndPoint.Parse(endPoint));
        Assert.Equal(IPEndPoint.Parse(endPoint), StunAddress.Read(value.Span));
        Assert.Null(StunAddress.Read(value.Span[..^1]));
    }

    [Fact]
    public void Mapping_MappedIsLocal_NoNat() => Assert.Equal(NatMapping.NoNat, NatBehavior.Mapping(Local, Local, null, null));

    [Fact]
    public void Mapping_SameMappingToTheOtherIp_EndpointIndependent() => Assert.Equal(NatMapping.EndpointIndependent, NatBehavior.Mapping(Local, A, A, null));

    [Fact]
    public void Mapping_NewMappingPerIpOnly_AddressDependent() => Assert.Equal(NatMapping.AddressDependent, NatBehavior.Mapping(Local, A, B, B));

    [Fact]
    public void Mapping_NewMappingPerIpAndPort_AddressAndPortDependent() =>
        Assert.Equal(NatMapping.AddressAndPortDependent, NatBehavior.Mapping(Local, A, B, C));

    [Fact]
    public void Mapping_TestsWithoutAnswers_Unknown()
    {
        Assert.Equal(NatMapping.Unknown, NatBehavior.Mapping(Local, null, null, null));
        Assert.Equal(NatMapping.Unknown, NatBehavior.Mapping(Local, A, null, null));
        Assert.Equal(NatMapping.Unknown, NatBehavior.Mapping(Local, A, B, null));
    }

    [Theory]
    [InlineData(true, false, NatFiltering.EndpointIndependent)]
    [InlineData(true, true, NatFiltering.EndpointIndependent)]
    [InlineData(false, true, NatFiltering.AddressDependent)]
    [InlineData(false, false, NatFiltering.AddressAndPortDependent)]
    public void Filtering_WhichChangedAnswersGotIn_Rfc5780Verdict(bool test2, bool test3, NatFiltering expected) =>
        Assert.Equal(expected, NatBehavior.Filtering(test2, test3));
}
