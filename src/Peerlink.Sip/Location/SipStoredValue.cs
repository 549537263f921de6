namespace Peerlink.Sip.Location;

/// <summary>One value a lookup of an AOR's Resource-ID returned, as the overlay handed it over.</summary>
/// <param name="Value">The object's value (a <see cref="SipRegistration"/> if it decodes).</param>
/// <param name="Remaining">The lifetime the storing peer says is left (the object's Expires); null when it gave none.</param>
/// <param name="Owner">The node that stored it (the object's Owner, in hex), or null.</param>
public sealed record SipStoredValue(ReadOnlyMemory<byte> Value, TimeSpan? Remaining, string? Owner);
