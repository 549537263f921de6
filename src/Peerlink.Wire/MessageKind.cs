namespace Peerlink.Wire;

/// <summary>The T field of the common header (draft-baset-p2psip-p2pp-01 §9.1).</summary>
public enum MessageKind : byte
{
    /// <summary>T = 00: a request; routed, answered by a response.</summary>
    Request = 0,

    /// <summary>T = 01: an indication; never forwarded, no response.</summary>
    Indication = 1,

    /// <summary>T = 10: a response.</summary>
    Response = 2,

    /// <summary>T = 11: a response that also acknowledges the request (final hop over UDP, §4.3).</summary>
    ResponseAck = 3,
}
