using System.Net;
using FsCheck;
using FsCheck.Fluent;
using Peerlink.Sip.Location;

namespace Peerlink.Sip.Tests.Location;

/// <summary>FsCheck generators for registrations: URIs as <see cref="SipGenerators"/> makes them, AORs with a user.</summary>
public static class LocationGenerators
{
    public static Arbitrary<SipRegistration> Registrations() => Arb.From(Registration);

    private static readonly Gen<SipCandidate> Candidate =
        from v6 in Gen.Elements(false, true)
        from bytes in Gen.ArrayOf(Gen.Choose(0, 255).Select(i => (byte)i), v6 ? 16 : 4)
        from port in Gen.Choose(0, 65535)
        from type in Gen.Elements(SipCandidateType.Host, SipCandidateType.ServerReflexive, SipCandidateType.PeerReflexive, SipCandidateType.Relayed)
        select new SipCandidate(new IPAddress(bytes), (ushort)port, type);

    internal static readonly Gen<SipRegistration> Registration =
        from aor in SipGenerators.Uri.Where(u => !string.IsNullOrEmpty(u.User))
        from contact in SipGenerators.Uri
        from kind in Gen.Elements(SipRegistrationKind.Contact, SipRegistrationKind.Forwarding)
        from ms in Gen.Choose(0, int.MaxValue).Select(i => i * 1000L + (i % 997))
        from lifetime in Gen.Choose(0, int.MaxValue).Select(i => (uint)i * 2)
        from name in Gen.Frequency((1, Gen.Constant<string?>(null)), (2, SipGenerators.StringOf("abc XYZ-'\"éж大", 1, 20).Select(s => (string?)s)))
        from candidates in Gen.Choose(0, 4).SelectMany(n => Gen.ArrayOf(Candidate, n))
        select new SipRegistration(aor, contact)
        {
            Kind = kind,
            RegisteredAt = DateTimeOffset.FromUnixTimeMilliseconds(ms),
            Lifetime = lifetime,
            DisplayName = name,
            Candidates = [.. candidates],
        };
}
