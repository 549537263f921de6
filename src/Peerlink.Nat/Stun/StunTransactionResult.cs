using System.Net;
using Peerlink.Core;

namespace Peerlink.Nat.Stun;

/// <summary>How a client transaction ended: with a response (success or error class), or timed out.</summary>
/// <param name="TransactionId">The request's transaction ID.</param>
/// <param name="Response">The decoded response, or null when it timed out.</param>
/// <param name="Raw">The response's bytes, for integrity checks; empty when it timed out.</param>
/// <param name="From">Where the response came from; null when it timed out.</param>
/// <param name="Sends">How many times the request was sent.</param>
/// <param name="Elapsed">From the first send to the end.</param>
public sealed record StunTransactionResult(Bytes TransactionId, StunMessage? Response, Bytes Raw, IPEndPoint? From, int Sends, TimeSpan Elapsed)
{
    /// <summary>True when no response came within the RFC's time.</summary>
    public bool TimedOut => Response is null;

    /// <summary>
    /// The mapped address a success response carries (XOR-MAPPED-ADDRESS, or MAPPED-ADDRESS from an old
    /// server, RFC 8489 §14.1), or null for an error, a timeout or a response without one.
    /// </summary>
    public IPEndPoint? Mapped =>
        Response is { Class: StunClass.SuccessResponse } r
            ? r.Find(StunAttributeType.XorMappedAddress) is { } x ? StunAddress.ReadXor(x.Value.Span, r.TransactionId.Span)
            : r.Find(StunAttributeType.MappedAddress) is { } m ? StunAddress.Read(m.Value.Span) : null
            : null;

    /// <summary>The error a response carries, or null for a success or a timeout.</summary>
    public StunErrorCode? Error =>
        Response is { Class: StunClass.ErrorResponse } r && r.Find(StunAttributeType.ErrorCode) is { } e ? StunErrorCode.FromValue(e.Value.Span) : null;
}
