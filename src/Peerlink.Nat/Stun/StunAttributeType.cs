namespace Peerlink.Nat.Stun;

/// <summary>The attribute types Peerlink knows (RFC 8489 §18.3, RFC 8656, RFC 8445).</summary>
public static class StunAttributeType
{
    /// <summary>MAPPED-ADDRESS (§14.1).</summary>
    public const ushort MappedAddress = 0x0001;

    /// <summary>USERNAME (§14.3).</summary>
    public const ushort Username = 0x0006;

    /// <summary>MESSAGE-INTEGRITY, HMAC-SHA1 (§14.5).</summary>
    public const ushort MessageIntegrity = 0x0008;

    /// <summary>ERROR-CODE (§14.8).</summary>
    public const ushort ErrorCode = 0x0009;

    /// <summary>UNKNOWN-ATTRIBUTES (§14.13).</summary>
    public const ushort UnknownAttributes = 0x000A;

    /// <summary>REALM (§14.9).</summary>
    public const ushort Realm = 0x0014;

    /// <summary>NONCE (§14.10).</summary>
    public const ushort Nonce = 0x0015;

    /// <summary>MESSAGE-INTEGRITY-SHA256 (§14.6).</summary>
    public const ushort MessageIntegritySha256 = 0x001C;

    /// <summary>USERHASH (§14.4).</summary>
    public const ushort UserHash = 0x001E;

    /// <summary>XOR-MAPPED-ADDRESS (§14.2).</summary>
    public const ushort XorMappedAddress = 0x0020;

    /// <summary>PRIORITY (RFC 8445 §16.1).</summary>
    public const ushort Priority = 0x0024;

    /// <summary>SOFTWARE (§14.14).</summary>
    public const ushort Software = 0x8022;

    /// <summary>FINGERPRINT (§14.7).</summary>
    public const ushort Fingerprint = 0x8028;

    /// <summary>ICE-CONTROLLED (RFC 8445 §16.1).</summary>
    public const ushort IceControlled = 0x8029;

    /// <summary>ICE-CONTROLLING (RFC 8445 §16.1).</summary>
    public const ushort IceControlling = 0x802A;
}
