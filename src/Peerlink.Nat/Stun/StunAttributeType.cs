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

    /// <summary>CHANGE-REQUEST (RFC 5780 §7.2): ask the server to answer from its other IP (0x4) and/or port (0x2).</summary>
    public const ushort ChangeRequest = 0x0003;

    /// <summary>CHANNEL-NUMBER (RFC 8656 §18.1).</summary>
    public const ushort ChannelNumber = 0x000C;

    /// <summary>LIFETIME in seconds (RFC 8656 §18.2).</summary>
    public const ushort Lifetime = 0x000D;

    /// <summary>XOR-PEER-ADDRESS (RFC 8656 §18.3).</summary>
    public const ushort XorPeerAddress = 0x0012;

    /// <summary>DATA (RFC 8656 §18.4).</summary>
    public const ushort Data = 0x0013;

    /// <summary>XOR-RELAYED-ADDRESS (RFC 8656 §18.5).</summary>
    public const ushort XorRelayedAddress = 0x0016;

    /// <summary>REQUESTED-ADDRESS-FAMILY (RFC 8656 §18.6).</summary>
    public const ushort RequestedAddressFamily = 0x0017;

    /// <summary>EVEN-PORT (RFC 8656 §18.7).</summary>
    public const ushort EvenPort = 0x0018;

    /// <summary>REQUESTED-TRANSPORT (RFC 8656 §18.8): the protocol number in the first byte, 17 for UDP.</summary>
    public const ushort RequestedTransport = 0x0019;

    /// <summary>DONT-FRAGMENT (RFC 8656 §18.9).</summary>
    public const ushort DontFragment = 0x001A;

    /// <summary>PASSWORD-ALGORITHM (RFC 8489 §14.12).</summary>
    public const ushort PasswordAlgorithm = 0x001D;

    /// <summary>RESERVATION-TOKEN (RFC 8656 §18.10).</summary>
    public const ushort ReservationToken = 0x0022;

    /// <summary>USE-CANDIDATE (RFC 8445 §16.1).</summary>
    public const ushort UseCandidate = 0x0025;

    /// <summary>PADDING (RFC 5780 §7.6).</summary>
    public const ushort Padding = 0x0026;

    /// <summary>RESPONSE-PORT (RFC 5780 §7.5).</summary>
    public const ushort ResponsePort = 0x0027;

    /// <summary>ADDITIONAL-ADDRESS-FAMILY (RFC 8656 §18.11).</summary>
    public const ushort AdditionalAddressFamily = 0x8000;

    /// <summary>ADDRESS-ERROR-CODE (RFC 8656 §18.12).</summary>
    public const ushort AddressErrorCode = 0x8001;

    /// <summary>PASSWORD-ALGORITHMS (RFC 8489 §14.11).</summary>
    public const ushort PasswordAlgorithms = 0x8002;

    /// <summary>ALTERNATE-DOMAIN (RFC 8489 §14.16).</summary>
    public const ushort AlternateDomain = 0x8003;

    /// <summary>ICMP (RFC 8656 §18.13).</summary>
    public const ushort Icmp = 0x8004;

    /// <summary>ALTERNATE-SERVER (RFC 8489 §14.15).</summary>
    public const ushort AlternateServer = 0x8023;

    /// <summary>RESPONSE-ORIGIN (RFC 5780 §7.3): the address the response was sent from.</summary>
    public const ushort ResponseOrigin = 0x802B;

    /// <summary>OTHER-ADDRESS (RFC 5780 §7.4): the server's other IP and port.</summary>
    public const ushort OtherAddress = 0x802C;
}
