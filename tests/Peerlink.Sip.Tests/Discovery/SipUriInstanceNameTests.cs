using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Peerlink.Sip.Discovery;
using Peerlink.Sip.Message;

namespace Peerlink.Sip.Tests.Discovery;

/// <summary>The instance label <c>( SIP-URI / SIPS-URI ) [ SP description ]</c> of draft-lee-sip-dns-sd-uri-01 §4.1.</summary>
public class SipUriInstanceNameTests
{
    [Theory]
    // §4.1's examples: Bob's two devices, and the names Apple's conflict resolution gives them.
    [InlineData("sip:bob@example.com - Softphone", "sip:bob@example.com", "- Softphone", null)]
    [InlineData("sip:bob@example.com - PDA", "sip:bob@example.com", "- PDA", null)]
    [InlineData("sip:bob@example.com", "sip:bob@example.com", null, null)]
    [InlineData("sip:bob@example.com (2)", "sip:bob@example.com", null, 2)]
    // Avahi's " #2", and suffixes after a description.
    [InlineData("sip:bob@example.com #2", "sip:bob@example.com", null, 2)]
    [InlineData("sip:bob@example.com - Softphone (2)", "sip:bob@example.com", "- Softphone", 2)]
    [InlineData("sip:bob@example.com - Softphone #12", "sip:bob@example.com", "- Softphone", 12)]
    // §3's joe, a sips URI, a host-only URI (§4.1: when there is no AOR), and UTF-8 in the description.
    [InlineData("sip:joe@example.com", "sip:joe@example.com", null, null)]
    [InlineData("sips:alice@atlanta.com Büro (2. Stock)", "sips:alice@atlanta.com", "Büro (2. Stock)", null)]
    [InlineData("sip:10.0.0.7:5070 desk phone", "sip:10.0.0.7:5070", "desk phone", null)]
    // Not suffixes: no space before them, or not a number.
    [InlineData("sip:bob@example.com Room(2)", "sip:bob@example.com", "Room(2)", null)]
    [InlineData("sip:bob@example.com (two)", "sip:bob@example.com", "(two)", null)]
    [InlineData("sip:bob@example.com channel#5", "sip:bob@example.com", "channel#5", null)]
    public void TryParse_DraftExamplesAndSuffixes_UriDescriptionAndConflictNumber(string label, string uri, string? description, int? conflict)
    {
        Assert.True(SipUriInstanceName.TryParse(label, out var name, out var error), error);

        Assert.Equal(SipUri.Parse(uri), name.Uri);
        Assert.Equal(description, name.Description);
        Assert.Equal(conflict, name.ConflictNumber);
        Assert.Equal(label, name.Label);
    }

    [Theory]
    [InlineData("Bob's Softphone", "does not start with a SIP or SIPS URI")]
    [InlineData("mailto:bob@example.com - Mail", "does not start with a SIP or SIPS URI")]
    [InlineData("tel:+12125551212", "not a sip: or sips: URI")]
    [InlineData(" sip:bob@example.com", "does not start with a SIP or SIPS URI")]
    [InlineData("sip:bob@@example.com - Softphone", "bad host")]
    [InlineData("", "empty")]
    public void TryParse_NotStartingWithASipUri_RefusedWithReason(string label, string reason)
    {
        Assert.False(SipUriInstanceName.TryParse(label, out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_Over63Octets_Refused()
    {
        // 60 ASCII octets of URI, then " üü": 65 octets although 63 characters.
        var label = "sip:" + new string('b', 44) + "@example.com üü";
        Assert.Equal(63, label.Length);

        Assert.False(SipUriInstanceName.TryParse(label, out _, out var error));
        Assert.Contains("65 octets, over 63", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sip:bob@example.com", "- Softphone", "sip:bob@example.com - Softphone")]
    [InlineData("sip:bob@example.com", null, "sip:bob@example.com")]
    [InlineData("sip:bob@example.com", "  ", "sip:bob@example.com")]
    [InlineData("sip:bob@example.com", " PDA ", "sip:bob@example.com PDA")]
    public void TryFormat_UriAndDescription_JoinedBySpace(string uri, string? description, string expected)
    {
        Assert.True(SipUriInstanceName.TryFormat(SipUri.Parse(uri), description, out var label, out var error), error);
        Assert.Equal(expected, label);
    }

    [Fact]
    public void TryFormat_LongDescription_CutAtACharacterBoundaryWithin63Octets()
    {
        // "sip:bob@example.com " is 20 octets; 43 are left, and each "ü" takes 2: 21 of them fit (42 octets).
        var uri = SipUri.Parse("sip:bob@example.com");

        Assert.True(SipUriInstanceName.TryFormat(uri, new string('ü', 40), out var label, out _));

        Assert.Equal("sip:bob@example.com " + new string('ü', 21), label);
        Assert.Equal(62, Encoding.UTF8.GetByteCount(label));
        Assert.True(SipUriInstanceName.TryParse(label, out var back, out _));
        Assert.Equal(uri, back.Uri);
    }

    [Fact]
    public void TryFormat_CutInsideASurrogatePair_DropsTheWholeCharacter()
    {
        // 20 + 42 ASCII = 62 octets; the emoji (4 octets) no longer fits and is not split.
        var uri = SipUri.Parse("sip:bob@example.com");

        Assert.True(SipUriInstanceName.TryFormat(uri, new string('x', 42) + "\U0001F4DE phone", out var label, out _));

        Assert.Equal("sip:bob@example.com " + new string('x', 42), label);
    }

    [Fact]
    public void TryFormat_NothingOfTheDescriptionFits_NoTrailingSpace()
    {
        var uri = SipUri.Parse("sip:" + new string('b', 46) + "@example.com");
        Assert.Equal(62, uri.ToString().Length);

        Assert.True(SipUriInstanceName.TryFormat(uri, "ü Softphone", out var label, out _));

        Assert.Equal(uri.ToString(), label);
    }

    [Fact]
    public void TryFormat_UriOver63Octets_Refused()
    {
        var uri = SipUri.Parse("sip:" + new string('b', 60) + "@example.com");

        Assert.False(SipUriInstanceName.TryFormat(uri, null, out _, out var error));
        Assert.Contains("76 octets; an instance name holds at most 63", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryFormat_DescriptionWithNewline_Refused()
    {
        Assert.False(SipUriInstanceName.TryFormat(SipUri.Parse("sip:bob@example.com"), "two\nlines", out _, out var error));
        Assert.Contains("control character", error, StringComparison.Ordinal);
    }

    [Property(Arbitrary = [typeof(SipGenerators)], Replay = Replay.Seed, MaxTest = 300)]
    public Property TryFormat_AnyUriAndDescription_FitsAndReadsBackTheSameUri(SipUri uri, NonNull<string> description)
    {
        var text = new string([.. description.Get.Where(c => !char.IsControl(c) && !char.IsSurrogate(c))]);
        if (!SipUriInstanceName.TryFormat(uri, text, out var label, out _))
        {
            return (Encoding.UTF8.GetByteCount(uri.ToString()) > 63).Label("refused only when the URI is too long");
        }

        var parsed = SipUriInstanceName.TryParse(label, out var name, out var error);
        return (parsed && name!.Uri == uri && Encoding.UTF8.GetByteCount(label) <= 63).Label($"{label}: {error}");
    }

    [Property(Replay = Replay.Seed, MaxTest = 500)]
    public bool TryParse_ArbitraryText_NeverThrows(NonNull<string> label)
    {
        _ = SipUriInstanceName.TryParse(label.Get, out _, out _);
        _ = SipUriInstanceName.TryParse("sip:a@b " + label.Get, out _, out _);
        return true;
    }
}
