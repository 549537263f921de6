namespace Peerlink.Nat.Stun;

/// <summary>The class bits of a STUN message type (RFC 8489 §5): C1 and C0.</summary>
public enum StunClass
{
    /// <summary>0b00: a request.</summary>
    Request = 0,

    /// <summary>0b01: an indication (no response).</summary>
    Indication = 1,

    /// <summary>0b10: a success response.</summary>
    SuccessResponse = 2,

    /// <summary>0b11: an error response.</summary>
    ErrorResponse = 3,
}
