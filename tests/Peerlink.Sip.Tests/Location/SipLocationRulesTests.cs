using Peerlink.Sip.Location;
using Peerlink.Sip.Message;

namespace Peerlink.Sip.Tests.Location;

public sealed class SipLocationRulesTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);
    private static readonly SipUri Bob = SipUri.Parse("sip:bob@example.com");

    private static SipStoredValue Stored(string contact, int registeredSecondsAgo, int? remaining, string owner, SipUri? aor = null, SipRegistrationKind kind = SipRegistrationKind.Contact) =>
        new(SipRegistrationCodec.Encode(new SipRegistration(aor ?? Bob, SipUri.Parse(contact))
        {
            Kind = kind,
            RegisteredAt = Now - TimeSpan.FromSeconds(registeredSecondsAgo),
            Lifetime = 600,
        }), remaining is { } r ? TimeSpan.FromSeconds(r) : null, owner);

    [Fact]
    public void Select_TwoNodesTwoContacts_KeepsBothFreshestFirst()
    {
        var result = SipLocationRules.Select(Bob, [Stored("sip:bob@10.0.0.1", 100, 500, "aa"), Stored("sip:bob@10.0.0.2", 10, 590, "bb")], Now);

        Assert.True(result.IsRegistered);
        Assert.Equal(["sip:bob@10.0.0.2", "sip:bob@10.0.0.1"], result.Contacts.Select(c => c.Registration.Contact.ToString()));
        Assert.Equal(["bb", "aa"], result.Contacts.Select(c => c.RegisteredBy));
        Assert.Equal(TimeSpan.FromSeconds(590), result.Contacts[0].ExpiresIn);
    }

    [Fact]
    public void Select_SameContactFromTwoNodes_KeepsTheFreshestAndCountsTheOther()
    {
        // A registrar restarted with a new node ID while its old registration still lives.
        var result = SipLocationRules.Select(Bob, [Stored("sip:bob@10.0.0.1:5060", 300, 300, "old"), Stored("sip:bob@10.0.0.1:5060", 5, 595, "new")], Now);

        Assert.Equal("new", Assert.Single(result.Contacts).RegisteredBy);
        Assert.Equal(1, result.Duplicates);
    }

    [Fact]
    public void Select_ContactsDifferingOnlyInHostCase_AreOne()
    {
        var result = SipLocationRules.Select(Bob, [Stored("sip:bob@PC.example.com", 3, 597, "a"), Stored("sip:bob@pc.example.com", 1, 599, "b")], Now);

        Assert.Single(result.Contacts);
    }

    [Theory]
    [InlineData(700, null)] // no word from the storing peer: the registration's own time says 600 s ran out
    [InlineData(10, 0)] // the storing peer says none is left, whatever the registrar's clock said
    public void Select_Expired_IsDroppedAndCounted(int registeredSecondsAgo, int? remaining)
    {
        var result = SipLocationRules.Select(Bob, [Stored("sip:bob@10.0.0.1", registeredSecondsAgo, remaining, "aa")], Now);

        Assert.False(result.IsRegistered);
        Assert.Equal(1, result.Expired);
    }

    [Fact]
    public void Select_NoRemainingGiven_CountsDownFromTheRegistration()
    {
        var result = SipLocationRules.Select(Bob, [Stored("sip:bob@10.0.0.1", 100, null, "aa")], Now);

        Assert.Equal(TimeSpan.FromSeconds(500), Assert.Single(result.Contacts).ExpiresIn);
    }

    [Fact]
    public void Select_UndecodableAndOtherAor_AreDroppedAndCounted()
    {
        var result = SipLocationRules.Select(
            Bob,
            [
                new SipStoredValue(new byte[] { 0x07, 0x01 }, TimeSpan.FromSeconds(60), "aa"),
                Stored("sip:mallory@10.6.6.6", 1, 599, "bb", aor: SipUri.Parse("sip:mallory@example.com")),
                Stored("sip:bob@10.0.0.1", 1, 599, "cc", aor: SipUri.Parse("sips:bob@EXAMPLE.COM")), // the same AOR spelt otherwise
            ],
            Now);

        Assert.Equal("cc", Assert.Single(result.Contacts).RegisteredBy);
        Assert.Equal(1, result.Undecodable);
        Assert.Equal(1, result.OtherAor);
    }

    [Fact]
    public void Select_OnlyForwardings_NamesTheFreshestTarget()
    {
        var result = SipLocationRules.Select(
            Bob,
            [
                Stored("sip:robert@example.org", 50, 550, "aa", kind: SipRegistrationKind.Forwarding),
                Stored("sip:bobby@example.net", 5, 595, "bb", kind: SipRegistrationKind.Forwarding),
            ],
            Now);

        Assert.False(result.IsRegistered);
        Assert.Equal("sip:bobby@example.net", result.ForwardTo?.ToString());
    }

    [Fact]
    public void Select_ContactsAndForwardings_KeepsTheContactsAndDoesNotForward()
    {
        var result = SipLocationRules.Select(
            Bob,
            [Stored("sip:robert@example.org", 1, 599, "aa", kind: SipRegistrationKind.Forwarding), Stored("sip:bob@10.0.0.1", 5, 595, "bb")],
            Now);

        Assert.Single(result.Contacts);
        Assert.Null(result.ForwardTo);
    }

    [Fact]
    public void Select_ForwardingToItself_IsNotFollowed()
    {
        var result = SipLocationRules.Select(Bob, [Stored("sips:bob@example.com", 1, 599, "aa", kind: SipRegistrationKind.Forwarding)], Now);

        Assert.Null(result.ForwardTo);
        Assert.False(result.IsRegistered);
    }

    [Fact]
    public void Followed_TakesTheTargetsContactsOnceAndNoFurther()
    {
        var first = SipLocationRules.Select(Bob, [Stored("sip:robert@example.org", 1, 599, "aa", kind: SipRegistrationKind.Forwarding)], Now);
        var robert = SipUri.Parse("sip:robert@example.org");
        var target = SipLocationRules.Select(
            robert,
            [Stored("sip:robert@10.0.0.9", 1, 599, "cc", aor: robert), new SipStoredValue(new byte[] { 1 }, null, "dd")],
            Now);

        var result = first.Followed(target);

        Assert.Equal("sip:robert@10.0.0.9", Assert.Single(result.Contacts).Registration.Contact.ToString());
        Assert.Equal(Bob, result.ForwardedFrom);
        Assert.Null(result.ForwardTo);
        Assert.Equal(1, result.Undecodable);
    }

    [Fact]
    public void Select_Nothing_IsNotRegistered()
    {
        var result = SipLocationRules.Select(Bob, [], Now);

        Assert.False(result.IsRegistered);
        Assert.Empty(result.Contacts);
        Assert.Null(result.ForwardTo);
    }
}
