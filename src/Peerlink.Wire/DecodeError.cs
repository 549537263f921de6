namespace Peerlink.Wire;

/// <summary>Why a peer's bytes were refused. The engine maps these to a drop or an error response.</summary>
public enum DecodeError
{
    /// <summary>Fewer bytes than a field or a declared length needs.</summary>
    Truncated,

    /// <summary>The magic cookie is not 0x596ABF0D: not P2PP (perhaps STUN).</summary>
    NotP2pp,

    /// <summary>The version field is not 1.</summary>
    UnsupportedVersion,

    /// <summary>The header's Message Length disagrees with the bytes present.</summary>
    LengthMismatch,

    /// <summary>A length exceeds a protocol limit (answer 413).</summary>
    TooLarge,

    /// <summary>More objects, or deeper nesting, than the limits allow.</summary>
    TooComplex,

    /// <summary>An object's value does not match its layout.</summary>
    BadObject,

    /// <summary>The A/B bits hold a reserved combination (10 or 11, §9.2).</summary>
    ReservedFlags,

    /// <summary>A request type the draft does not assign (answer 400).</summary>
    UnknownRequestType,

    /// <summary>A mandatory (AB=00) object of an unknown type: "Unrecognized Object" (§9.2, answer 400).</summary>
    UnrecognizedObject,
}
