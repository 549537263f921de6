using Peerlink.Core;
using Peerlink.Sip.Message;

namespace Peerlink.Sip.Location;

/// <summary>
/// One node's registration of an address-of-record in the overlay (after RFC 7904 §3's SipRegistration):
/// either a contact where the user agent answers, or a forwarding to another AOR (RFC 7904's
/// sip_registration_uri). It is stored as the value of one Resource-Object of Cont-Type
/// SipRegistration under hash(<see cref="SipAor.Key"/>), owned by the registering node; only that node may
/// replace or remove it, and the object's Expires is the registration's lifetime.
/// </summary>
/// <param name="Aor">The address-of-record registered (sip:alice@example.com).</param>
/// <param name="Contact">The contact URI (sip:alice@192.0.2.7:5060); for a forwarding, the AOR to look up instead.</param>
public sealed record SipRegistration(SipUri Aor, SipUri Contact)
{
    /// <summary>A contact (the default) or a forwarding to another AOR.</summary>
    public SipRegistrationKind Kind { get; init; } = SipRegistrationKind.Contact;

    /// <summary>
    /// When the registering node last stored it, by that node's clock (RFC 6940's storage_time, in ms): orders
    /// one AOR's registrations by freshness.
    /// </summary>
    public DateTimeOffset RegisteredAt { get; init; }

    /// <summary>The lifetime the node asked for, in seconds (RFC 3261 §10.2.1's expires); the overlay's Expires counts it down.</summary>
    public uint Lifetime { get; init; }

    /// <summary>A display name for the user (RFC 3261 §20.10's display-name), or null.</summary>
    public string? DisplayName { get; init; }

    /// <summary>The registering node's candidates for later NAT traversal; empty when it gave none.</summary>
    public ValueList<SipCandidate> Candidates { get; init; }

    /// <summary>True for a forwarding: <see cref="Contact"/> is another AOR to look up.</summary>
    public bool IsForwarding => Kind == SipRegistrationKind.Forwarding;
}

/// <summary>What a registration holds (the type codes of RFC 7904 §3's SipRegistrationType).</summary>
public enum SipRegistrationKind : byte
{
    /// <summary>1 (sip_registration_uri): another AOR, to be looked up in its place.</summary>
    Forwarding = 1,

    /// <summary>2 (sip_registration_route): a contact where the user agent answers.</summary>
    Contact = 2,
}
