namespace Peerlink.Wire;

/// <summary>
/// Cont-Type of resource objects (§13). The registry is open: applications (z2z, P2P-SIP) add codes,
/// so the codec accepts any value.
/// </summary>
public enum ContentType : byte
{
    /// <summary>0: User-Info (certificate and candidates of a user).</summary>
    UserInfo = 0,

    /// <summary>1: a STUN server.</summary>
    Stun = 1,

    /// <summary>2: a TURN server.</summary>
    Turn = 2,

    /// <summary>3: STUN, TURN and ICE.</summary>
    StunTurnIce = 3,

    /// <summary>
    /// 122 ('z'): z2z service records, Peerlink's own code (the draft leaves the registry open). The
    /// Sub-Type is a bucket 0-15 of the records one exporter keeps under a key (docs/z2z.md).
    /// </summary>
    Z2zServices = 122,

    /// <summary>
    /// 123 ('{', after z2z's 'z'): a P2P-SIP registration, Peerlink's own code after RFC 7904's
    /// SIP-REGISTRATION Kind. The Resource-ID is the overlay's hash of the address-of-record
    /// ("user@host"), one object per registering node (its Owner), Sub-Type 0, the object's Expires the
    /// registration's lifetime; the value is a Peerlink.Sip.Location.SipRegistration.
    /// </summary>
    SipRegistration = 123,
}
