using System.Net;
using Peerlink.Core;
using Peerlink.Nat.Stun;
using Peerlink.Nat.Turn;

namespace Peerlink.Fuzz;

/// <summary>
/// What one input must satisfy for the STUN codec and the engines that read a peer's STUN bytes: decoding
/// never throws; a message that decodes encodes to bytes that decode to an equal message; integrity,
/// fingerprint, address, error-code and ChannelData readers never throw; the Binding server (plain and
/// RFC 5780) answers only with messages that decode; client transactions never take a stray datagram for a response
/// they did not send.
/// </summary>
public static class StunTarget
{
    private static readonly IPEndPoint Client = new(IPAddress.Parse("203.0.113.7"), 40123);
    private static readonly StunServerAddresses Addresses = new(IPAddress.Parse("192.0.2.1"), IPAddress.Parse("192.0.2.2"));

    public static void Check(ReadOnlySpan<byte> input)
    {
        if (StunCodec.TryDecode(input, out var message, out var error))
        {
            var encoded = StunCodec.Encode(message);
            if (!StunCodec.TryDecode(encoded, out var again, out var error2) || !again.Equals(message))
            {
                throw new RoundTripException($"a decoded message does not encode to an equal one ({error2})", input, encoded);
            }

            foreach (var a in message.Attributes)
            {
                StunAddress.Read(a.Value.Span);
                StunAddress.ReadXor(a.Value.Span, message.TransactionId.Span);
                StunErrorCode.FromValue(a.Value.Span);
            }
        }
        else if (error is null)
        {
            throw new RoundTripException("decoding failed without a reason", input);
        }

        StunCodec.CheckIntegrity(input, "key"u8);
        StunCodec.CheckIntegrity(input, "key"u8, sha256: true);
        StunCodec.CheckFingerprint(input);
        ChannelData.TryRead(input, out _, out _, out _);

        foreach (var server in new[] { new StunServer("fuzz"), new StunServer("fuzz", Addresses) })
        {
            if (server.Handle(new IPEndPoint(Addresses.PrimaryIp, 3478), Client, input) is { } reply
                && !StunCodec.TryDecode(reply.Bytes, out _, out var replyError))
            {
                throw new RoundTripException($"the server answered with bytes that do not decode ({replyError})", input, reply.Bytes);
            }
        }

        var table = new StunTransactions(new Random(1));
        table.Start(TimeSpan.Zero, Client, StunCodec.Encode(new StunMessage(StunClass.Request, StunMethod.Binding, table.NewTransactionId())));
        if (table.Receive(TimeSpan.Zero, Client, input))
        {
            throw new RoundTripException("a transaction matched a response to a transaction ID the input could not know", input);
        }
    }

    /// <summary>Seeds: RFC 5769's four vectors, a Binding request with CHANGE-REQUEST, an error response, and ChannelData.</summary>
    public static IEnumerable<(string Name, byte[] Bytes)> Seeds()
    {
        var id = Bytes.FromHex("0102030405060708090a0b0c");
        yield return ("stun-binding", StunCodec.Encode(new StunMessage(StunClass.Request, StunMethod.Binding, id), fingerprint: true));
        yield return ("stun-change-request", StunCodec.Encode(new StunMessage(StunClass.Request, StunMethod.Binding, id)
        {
            Attributes = [new StunAttributeEntry(StunAttributeType.ChangeRequest, Bytes.Copy([0, 0, 0, 6]))],
        }, fingerprint: true));
        yield return ("stun-success", StunCodec.Encode(new StunMessage(StunClass.SuccessResponse, StunMethod.Binding, id)
        {
            Attributes =
            [
                new StunAttributeEntry(StunAttributeType.XorMappedAddress, StunAddress.WriteXor(Client, id.Span)),
                new StunAttributeEntry(StunAttributeType.OtherAddress, StunAddress.Write(Addresses.Other)),
            ],
        }, "key"u8, fingerprint: true));
        yield return ("stun-error", StunCodec.Encode(new StunMessage(StunClass.ErrorResponse, StunMethod.Allocate, id)
        {
            Attributes =
            [
                new StunAttributeEntry(StunAttributeType.ErrorCode, new StunErrorCode(401, "Unauthorized").ToValue()),
                new StunAttributeEntry(StunAttributeType.Realm, Bytes.FromUtf8("example.org")),
                new StunAttributeEntry(StunAttributeType.Nonce, Bytes.FromUtf8("f00dfeed")),
            ],
        }, "key"u8, sha256: true));
        yield return ("turn-channel-data", ChannelData.Write(0x4001, "hello"u8, pad: true));
    }
}
