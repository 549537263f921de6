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

    /// <summary>Creates a server that names itself <paramref name="software"/> in SOFTWARE.</summary>
    public StunServer(string software = "Peerlink") => _software = Bytes.FromUtf8(software ?? throw new ArgumentNullException(nameof(software)));

    /// <summary>What it answered and dropped.</summary>
    public StunServerCounters Counters { get; } = new();

    /// <summary>The response to send back to <paramref name="from"/>, or null when the datagram is dropped.</summary>
    public byte[]? Handle(IPEndPoint from, ReadOnlySpan<byte> datagram)
    {
        ArgumentNullException.ThrowIfNull(from);
        if (!StunCodec.TryDecode(datagram, out var request, out _) || request.Class != StunClass.Request
            || request.Method != StunMessage.Binding
            || (request.Find(StunAttributeType.Fingerprint) is not null && !StunCodec.CheckFingerprint(datagram)))
        {
            Counters.Dropped++;
            return null;
        }

        var unknown = request.Attributes.Where(a => a.IsComprehensionRequired && !Understood.Contains(a.Type)).Select(a => a.Type).Distinct().ToList();
        if (unknown.Count > 0)
        {
            Counters.UnknownAttributes++;
            var error = new StunMessage(StunClass.ErrorResponse, StunMessage.Binding, request.TransactionId)
            {
                Attributes =
                [
                    new StunAttributeEntry(StunAttributeType.ErrorCode, new StunErrorCode(420, "Unknown Attribute").ToValue()),
                    new StunAttributeEntry(StunAttributeType.UnknownAttributes, StunErrorCode.UnknownAttributes(unknown)),
                    new StunAttributeEntry(StunAttributeType.Software, _software),
                ],
            };
            return StunCodec.Encode(error, fingerprint: true);
        }

        Counters.Answered++;
        var response = new StunMessage(StunClass.SuccessResponse, StunMessage.Binding, request.TransactionId)
        {
            Attributes =
            [
                new StunAttributeEntry(StunAttributeType.XorMappedAddress, StunAddress.WriteXor(from, request.TransactionId.Span)),
                new StunAttributeEntry(StunAttributeType.Software, _software),
            ],
        };
        return StunCodec.Encode(response, fingerprint: true);
    }
}
