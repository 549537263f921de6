using Peerlink.Core;

namespace Peerlink.Wire;

//  Common header (draft-baset-p2psip-p2pp-01 §9.1):
//   0                   1                   2                   3
//   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |V=2| T |A|P|R| Reserved/Resp.  | Request Type  |      TTL      |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |                         Magic Cookie                          |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |                        Transaction-ID                         |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |                        Message Length                         |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  //                         Source-ID                           //
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  //            Response-ID (responses, responseACKs, ACKs)      //
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
//  "V=2" in the figure is the field's width; the version value is 1. The 9 bits after R are reserved
//  in requests and hold the response code in responses. Message Length counts every byte after the
//  16 fixed bytes (IDs and objects), so a stream can be framed without knowing the ID length.
//  IDs are 4 bytes for Enroll, Authenticate and Bootstrap, else the overlay's ID length.

/// <summary>The common header of a P2PP message (§9.1).</summary>
/// <param name="Kind">Request, indication, response or responseACK.</param>
/// <param name="RequestType">The request type (also in responses and ACKs).</param>
/// <param name="TransactionId">Matches responses to requests; with the Source-ID it names a message.</param>
/// <param name="SourceId">The originator.</param>
public sealed record P2ppHeader(MessageKind Kind, RequestType RequestType, uint TransactionId, NodeId SourceId)
{
    /// <summary>Protocol version this codec speaks (§9.1).</summary>
    public const int Version = 1;

    /// <summary>Magic cookie that tells P2PP from STUN and others.</summary>
    public const uint MagicCookie = 0x596ABF0D;

    /// <summary>Bytes before the IDs.</summary>
    public const int FixedLength = 16;

    /// <summary>ID length of Enroll, Authenticate and Bootstrap messages.</summary>
    public const int ShortIdLength = 4;

    /// <summary>A flag: this message acknowledges the one with the same IDs and kind.</summary>
    public bool IsAck { get; init; }

    /// <summary>P flag: sent by a peer (false: by a client).</summary>
    public bool FromPeer { get; init; } = true;

    /// <summary>R flag: routed recursively (false: iteratively).</summary>
    public bool Recursive { get; init; }

    /// <summary>The response code (the low 9 bits of the first word); 0 in requests.</summary>
    public ResponseCode ResponseCode { get; init; }

    /// <summary>Hop count left.</summary>
    public byte Ttl { get; init; }

    /// <summary>The node that generated the response or ACK; absent in requests and indications.</summary>
    public NodeId? ResponseId { get; init; }

    /// <summary>Whether this kind of message carries a Response-ID.</summary>
    public bool HasResponseId => IsAck || Kind is MessageKind.Response or MessageKind.ResponseAck;

    /// <summary>Width of Source-ID and Response-ID for this message.</summary>
    public static int IdLengthFor(RequestType type, int overlayIdLength) =>
        RequestTypes.UsesShortIds(type) ? ShortIdLength : overlayIdLength;
}
