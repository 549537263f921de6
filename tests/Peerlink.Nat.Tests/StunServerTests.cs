using System.Net;
using Peerlink.Core;
using Peerlink.Nat.Stun;

namespace Peerlink.Nat.Tests;

/// <summary>The Binding server (RFC 8489 §6.3, §12).</summary>
public class StunServerTests
{
    private static readonly IPEndPoint Client = new(IPAddress.Parse("203.0.113.7"), 40123);
    private static readonly Bytes Transaction = Bytes.FromHex("0102030405060708090a0b0c");

    private static byte[] Binding(params StunAttributeEntry[] attributes) =>
        StunCodec.Encode(new StunMessage(StunClass.Request, StunMessage.Binding, Transaction) { Attributes = [.. attributes] }, fingerprint: true);

    [Fact]
    public void Handle_BindingRequest_SuccessWithTheSourceAsXorMappedAddressAndAFingerprint()
    {
        var server = new StunServer("test server");
        var response = server.Handle(Client, Binding())!;

        Assert.True(StunCodec.TryDecode(response, out var message, out _));
        Assert.Equal(StunClass.SuccessResponse, message.Class);
        Assert.Equal(Transaction, message.TransactionId);
        Assert.Equal(Client, StunAddress.ReadXor(message.Find(StunAttributeType.XorMappedAddress)!.Value.Span, Transaction.Span));
        Assert.Equal("test server", System.Text.Encoding.UTF8.GetString(message.Find(StunAttributeType.Software)!.Value.Span));
        Assert.True(StunCodec.CheckFingerprint(response));
        Assert.Equal(1, server.Counters.Answered);
    }

    [Fact]
    public void Handle_Rfc5769Request_Answered_ItsAttributesAreKnownOrOptional()
    {
        var server = new StunServer();
        Assert.NotNull(server.Handle(Client, Convert.FromHexString(Rfc5769Vectors.Request)));
    }

    [Fact]
    public void Handle_UnknownComprehensionRequiredAttribute_420ListingIt_UnknownOptionalIgnored()
    {
        var server = new StunServer();
        var response = server.Handle(Client, Binding(new StunAttributeEntry(0x7F01, Bytes.FromHex("00")), new StunAttributeEntry(0xC001, Bytes.Empty)))!;

        Assert.True(StunCodec.TryDecode(response, out var message, out _));
        Assert.Equal(StunClass.ErrorResponse, message.Class);
        Assert.Equal(420, StunErrorCode.FromValue(message.Find(StunAttributeType.ErrorCode)!.Value.Span)!.Code);
        Assert.Equal(Bytes.FromHex("7f01"), message.Find(StunAttributeType.UnknownAttributes)!.Value);
        Assert.Equal(1, server.Counters.UnknownAttributes);
    }

    [Fact]
    public void Handle_BadFingerprintNotARequestOrNotStun_DroppedAndCounted()
    {
        var server = new StunServer();
        var corrupt = Binding();
        corrupt[^1] ^= 0xFF;
        var indication = StunCodec.Encode(new StunMessage(StunClass.Indication, StunMessage.Binding, Transaction));

        Assert.Null(server.Handle(Client, corrupt));
        Assert.Null(server.Handle(Client, indication));
        Assert.Null(server.Handle(Client, [1, 2, 3]));
        Assert.Equal(3, server.Counters.Dropped);
        Assert.Equal(0, server.Counters.Answered);
    }

    [Theory]
    [InlineData(400, "Bad Request")]
    [InlineData(438, "Stale Nonce")]
    [InlineData(699, "x")]
    public void ErrorCode_Value_RoundTrips(int code, string reason)
    {
        var value = new StunErrorCode(code, reason).ToValue();
        Assert.Equal(new StunErrorCode(code, reason), StunErrorCode.FromValue(value.Span));
    }
}
