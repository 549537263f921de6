using Peerlink.Sip.Message;

namespace Peerlink.Sip.Location;

/// <summary>What a lookup of an AOR found, after <see cref="SipLocationRules.Select"/>.</summary>
/// <param name="Aor">The AOR looked up.</param>
/// <param name="Contacts">The live contacts, one per contact URI, freshest first.</param>
public sealed record SipLookupResult(SipUri Aor, IReadOnlyList<SipLocatedContact> Contacts)
{
    /// <summary>True when at least one live contact was found.</summary>
    public bool IsRegistered => Contacts.Count > 0;

    /// <summary>Values dropped because their lifetime was over.</summary>
    public int Expired { get; init; }

    /// <summary>Values dropped because they did not decode (a peer's garbage, or a version this reader does not know).</summary>
    public int Undecodable { get; init; }

    /// <summary>Values dropped because they registered another AOR whose key hashed here (or a forged one).</summary>
    public int OtherAor { get; init; }

    /// <summary>Older registrations of a contact that a fresher one of the same contact replaced.</summary>
    public int Duplicates { get; init; }

    /// <summary>
    /// When the AOR holds only forwardings (RFC 7904's sip_registration_uri), the freshest one's target: the AOR
    /// to look up in its place. Null otherwise.
    /// </summary>
    public SipUri? ForwardTo { get; init; }

    /// <summary>When this result is the target of a forwarding that was followed, the AOR first looked up.</summary>
    public SipUri? ForwardedFrom { get; init; }

    /// <summary>
    /// Follows a forwarding once: <paramref name="target"/> is the lookup of <see cref="ForwardTo"/>, and the
    /// result is its contacts as found for this AOR. The target's own forwardings are not followed (no chains,
    /// no loops).
    /// </summary>
    public SipLookupResult Followed(SipLookupResult target)
    {
        ArgumentNullException.ThrowIfNull(target);
        return target with
        {
            ForwardTo = null,
            ForwardedFrom = Aor,
            Expired = Expired + target.Expired,
            Undecodable = Undecodable + target.Undecodable,
            OtherAor = OtherAor + target.OtherAor,
            Duplicates = Duplicates + target.Duplicates,
        };
    }
}

/// <summary>One live contact of an AOR.</summary>
/// <param name="Registration">The registration.</param>
/// <param name="ExpiresIn">How long it stays registered unless refreshed.</param>
/// <param name="RegisteredBy">The node that registered it (the object's Owner, hex), or null.</param>
public sealed record SipLocatedContact(SipRegistration Registration, TimeSpan ExpiresIn, string? RegisteredBy);
