using System.Collections.Frozen;
using System.Net;
using Peerlink.Core;

namespace Peerlink.Nat.Stun;

/// <summary>
/// A sans-IO STUN Binding server (RFC 8489 §6.3, §12): each Binding request is answered with the
/// source's transport address in XOR-MAPPED-ADDRESS, a SOFTWARE name and a FINGERPRINT. It keeps no
/// state between requests (§6.3.1: retransmissions are answered again). A request with an unknown
/// comprehension-required attribute gets 420 and UNKNOWN-ATTRIBUTES; anything else that is not a
/// Binding request with a good fingerprint (when it has one) is dropped and counted.
///
/// Given <see cref="StunServerAddresses"/>, it also serves NAT behaviour discovery (RFC 5780 §6.1): it adds
/// OTHER-ADDRESS and RESPONSE-ORIGIN, and honours CHANGE-REQUEST by answering from the other IP or port.
/// Without them, CHANGE-REQUEST is an unknown attribute and gets 420, as §6.1 asks.
/// </summary>
public sealed class StunServer
{
    private static readonly FrozenSet<ushort> Understood = new ushort[]
    {
        StunAttributeType.MappedAddress, StunAttributeType.Username, StunAttributeType.MessageIntegrity, StunAttributeType.ErrorCode,
        StunAttributeType.UnknownAttributes, StunAttributeType.Realm, StunAttributeType.Nonce, StunAttributeType.MessageIntegritySha256,
        StunAttributeType.UserHash, StunAttributeType.XorMappedAddress, StunAttributeType.Priority,
    }.ToFrozenSet();

    private readonly Bytes _software;
    private readonly StunServerAddresses? _addresses;

    /// <summary>Creates a server that names itself <paramref name="software"/> in SOFTWARE; with <paramref name="addresses"/>, an RFC 5780 one.</summary>
    /// <exception cref="ArgumentException">The addresses are not two IPs and two ports.</exception>
    public StunServer(string software = "Peerlink", StunServerAddresses? addresses = null)
    {
        _software = Bytes.FromUtf8(software ?? throw new ArgumentNullException(nameof(software)));
        _addresses = addresses?.Validated();
    }

    /// <summary>What it answered and dropped.</summary>
    public StunServerCounters Counters { get; } = new();

    /// <summary>The response to send back to <paramref name="from"/>, or null when the datagram is dropped.</summary>
    public byte[]? Handle(IPEndPoint from, ReadOnlySpan<byte> datagram) => Handle(null, from, datagram)?.Bytes;

    /// <summary>
    /// The response to a datagram that came in on the server's <paramref name="local"/> endpoint from
    /// <paramref name="from"/>, or null when it is dropped. The reply says which endpoint to send it from.
    /// </summary>
    public StunReply? Handle(IPEndPoint? local, IPEndPoint from, ReadOnlySpan<byte> datagram)
    {
        ArgumentNullException.ThrowIfNull(from);
        if (!StunCodec.TryDecode(datagram, out var request, out _) || request.Class != StunClass.Request
            || request.Method != StunMethod.Binding
            || (request.Find(StunAttributeType.Fingerprint) is not null && !StunCodec.CheckFingerprint(datagram)))
        {
            Counters.Dropped++;
            return null;
        }

        var rfc5780 = _addresses is not null && local is not null;
        List<ushort>? unknown = null;
        foreach (var a in request.Attributes)
        {
            if (a.IsComprehensionRequired && !Understood.Contains(a.Type) && !(rfc5780 && a.Type == StunAttributeType.ChangeRequest)
                && !(unknown ??= []).Contains(a.Type))
            {
                unknown.Add(a.Type);
            }
        }

        if (unknown is not null)
        {
            Counters.UnknownAttributes++;
            return Error(from, request, 420, "Unknown Attribute", new StunAttributeEntry(StunAttributeType.UnknownAttributes, StunErrorCode.UnknownAttributes(unknown)));
        }

        var replyFrom = local;
        List<StunAttributeEntry> extra = [];
        if (rfc5780)
        {
            // CHANGE-REQUEST (RFC 5780 §7.2): a 32-bit value, 0x4 "change IP", 0x2 "change port".
            var flags = 0;
            if (request.Find(StunAttributeType.ChangeRequest) is { } change)
            {
                if (change.Value.Length != 4)
                {
                    Counters.BadRequests++;
                    return Error(from, request, 400, "CHANGE-REQUEST is 4 bytes");
                }

                flags = change.Value.Span[3];
                Counters.ChangeRequests++;
            }

            replyFrom = _addresses!.ReplyFrom(local!, (flags & 0x4) != 0, (flags & 0x2) != 0);
            extra.Add(new StunAttributeEntry(StunAttributeType.OtherAddress, StunAddress.Write(_addresses.Other)));
            extra.Add(new StunAttributeEntry(StunAttributeType.ResponseOrigin, StunAddress.Write(replyFrom)));
        }

        Counters.Answered++;
        var response = new StunMessage(StunClass.SuccessResponse, StunMethod.Binding, request.TransactionId)
        {
            Attributes =
            [
                new StunAttributeEntry(StunAttributeType.XorMappedAddress, StunAddress.WriteXor(from, request.TransactionId.Span)),
                .. extra,
                new StunAttributeEntry(StunAttributeType.Software, _software),
            ],
        };
        return new StunReply(replyFrom, from, StunCodec.Encode(response, fingerprint: true));
    }

    private StunReply Error(IPEndPoint to, StunMessage request, int code, string reason, params StunAttributeEntry[] extra)
    {
        var error = new StunMessage(StunClass.ErrorResponse, request.Method, request.TransactionId)
        {
            Attributes =
            [
                new StunAttributeEntry(StunAttributeType.ErrorCode, new StunErrorCode(code, reason).ToValue()),
                .. extra,
                new StunAttributeEntry(StunAttributeType.Software, _software),
            ],
        };
        return new StunReply(null, to, StunCodec.Encode(error, fingerprint: true));
    }
}
