using Peerlink.Sip.Message;

namespace Peerlink.Sip.Location;

/// <summary>
/// What a lookup of an AOR makes of the values stored under its Resource-ID (sans-IO: the values and
/// <c>now</c> in, a <see cref="SipLookupResult"/> out). After RFC 7904 §4: fetch every node's registration,
/// drop what is unusable, de-duplicate, and dereference forwardings.
/// </summary>
public static class SipLocationRules
{
    /// <summary>
    /// Keeps the live, decodable registrations of <paramref name="aor"/>, one per contact (the freshest),
    /// freshest first. A value is expired when the storing peer says no lifetime is left, or, when it said
    /// nothing, when its own registration time plus lifetime is not after <paramref name="now"/>. The storing
    /// peer's count is preferred because it runs on the storing peer's clock, which also expires the object;
    /// the registering node's clock may be off. Values that do not decode, or register another AOR (a hash
    /// collision or a forgery: without signatures, §7.2.1, the AOR is all there is to check), are counted and
    /// dropped. When no contact is left but forwardings are, <see cref="SipLookupResult.ForwardTo"/> names the
    /// freshest forwarding's target (not the AOR itself: that would loop).
    /// </summary>
    public static SipLookupResult Select(SipUri aor, IEnumerable<SipStoredValue> values, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(aor);
        ArgumentNullException.ThrowIfNull(values);
        var key = SipAor.Key(aor);
        int expired = 0, undecodable = 0, otherAor = 0;
        var live = new List<SipLocatedContact>();
        foreach (var stored in values)
        {
            if (!SipRegistrationCodec.TryDecode(stored.Value.Span, out var registration, out _))
            {
                undecodable++;
                continue;
            }

            if (SipAor.Key(registration.Aor) != key)
            {
                otherAor++;
                continue;
            }

            var left = stored.Remaining ?? registration.RegisteredAt + TimeSpan.FromSeconds(registration.Lifetime) - now;
            if (left <= TimeSpan.Zero)
            {
                expired++;
                continue;
            }

            live.Add(new SipLocatedContact(registration, left, stored.Owner));
        }

        var fresh = live
            .OrderByDescending(c => c.Registration.RegisteredAt)
            .ThenByDescending(c => c.ExpiresIn)
            .ThenBy(c => c.RegisteredBy, StringComparer.Ordinal)
            .ToList();
        var contacts = new List<SipLocatedContact>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var duplicates = 0;
        SipUri? forwardTo = null;
        foreach (var c in fresh)
        {
            if (c.Registration.IsForwarding)
            {
                if (forwardTo is null && SipAor.Key(c.Registration.Contact) != key && !string.IsNullOrEmpty(c.Registration.Contact.User))
                {
                    forwardTo = c.Registration.Contact;
                }

                continue;
            }

            if (seen.Add(ContactKey(c.Registration.Contact)))
            {
                contacts.Add(c);
            }
            else
            {
                duplicates++;
            }
        }

        return new SipLookupResult(aor, contacts)
        {
            Expired = expired,
            Undecodable = undecodable,
            OtherAor = otherAor,
            Duplicates = duplicates,
            ForwardTo = contacts.Count == 0 ? forwardTo : null,
        };
    }

    /// <summary>
    /// When two contacts are one (RFC 3261 §19.1.4, for what a caller uses): scheme, user (case-sensitive),
    /// host (case-insensitive), port and transport; other parameters do not change where the INVITE goes.
    /// </summary>
    public static string ContactKey(SipUri contact)
    {
        ArgumentNullException.ThrowIfNull(contact);
        return $"{contact.Scheme}:{contact.User}@{contact.Host.ToLowerInvariant()}:{contact.Port};{contact.Transport?.ToLowerInvariant()}";
    }
}
