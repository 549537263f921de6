using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Peerlink.Core;
using Peerlink.Sip.Discovery;
using Peerlink.Sip.Message;

namespace Peerlink.Sip.Tests.Discovery;

/// <summary>The TXT attributes txtvers, name and contact of draft-lee-sip-dns-sd-uri-01 §4.2.</summary>
public class SipUriTxtTests
{
    [Fact]
    public void TryParse_Section3Example_VersionNameAndContact()
    {
        // §3: TXT txtvers=1 name=Bob contact=sip:bob@bobs-machine.local.
        Assert.True(SipUriTxt.TryParse(Strings("txtvers=1", "name=Bob", "contact=sip:bob@bobs-machine.local."), out var txt, out var error), error);

        Assert.True(txt.HasVersion);
        Assert.Equal("Bob", txt.Name);
        Assert.Equal("sip:bob@bobs-machine.local.", txt.Contact!.Uri);
        Assert.Equal("bobs-machine.local.", txt.Contact.SipUri!.Host);
    }

    [Theory]
    // §4.2.2 and §4.2.3's examples, and the forms the contact ABNF allows.
    [InlineData("name=John Doe", "John Doe", null)]
    [InlineData("name=\"Doe, John\"", "Doe, John", null)]
    [InlineData("name=Bob Smith Jr.", "Bob Smith Jr.", null)]
    [InlineData("contact=sip:carol@cube2214a.chicago.com", null, "sip:carol@cube2214a.chicago.com")]
    [InlineData("contact=<sip:carol@cube2214a.chicago.com;transport=tcp>", null, "sip:carol@cube2214a.chicago.com;transport=tcp")]
    [InlineData("contact=\"Carol\" <sips:carol@[2001:db8::7]:5071>;+sip.audio", null, "sips:carol@[2001:db8::7]:5071")]
    [InlineData("contact=Carol <sip:carol@10.0.0.7:5070>", null, "sip:carol@10.0.0.7:5070")]
    public void TryParse_NameAndContactForms_Read(string attribute, string? name, string? contactUri)
    {
        Assert.True(SipUriTxt.TryParse(Strings(attribute), out var txt, out var error), error);

        Assert.Equal(name, txt.Name);
        Assert.Equal(contactUri, txt.Contact?.Uri);
        Assert.False(txt.HasVersion);
    }

    [Fact]
    public void TryParse_ContactExtensionParameters_KeptBesideTheUri()
    {
        // §4.2.3: *( SEMI contact-extension ), e.g. RFC 3840 feature tags; q and expires read past.
        Assert.True(SipUriTxt.TryParse(Strings("contact=<sip:carol@host.local>;audio;methods=\"INVITE,BYE\";q=0.5"), out var txt, out _));

        Assert.Equal(["audio", "methods", "q"], txt.Contact!.Parameters.Select(p => p.Name));
    }

    [Theory]
    [InlineData("contact=tel:+12125551212", "not a SIP or SIPS URI")]
    [InlineData("contact=<http://www.example.com/bob>", "not a SIP or SIPS URI")]
    [InlineData("contact=<mailto:bob@example.com>", "not a SIP or SIPS URI")]
    [InlineData("contact=<sip:a@b.local>, <sip:c@d.local>", "one URI only")]
    [InlineData("contact=sip:a@b.local,sip:c@d.local", "one URI only")]
    [InlineData("contact=", "has no URI")]
    [InlineData("contact", "has no URI")]
    [InlineData("contact=<sip:a@b", "without its '>'")]
    [InlineData("name=\"unterminated", "unterminated quoted string")]
    public void TryParse_BadContactOrName_RefusedWithReason(string attribute, string reason)
    {
        Assert.False(SipUriTxt.TryParse(Strings("txtvers=1", attribute), out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_NameWithCrLf_Refused()
    {
        // A name goes into a To header; a CR LF in it would start a header of the sender's choosing.
        Assert.False(SipUriTxt.TryParse(Strings("name=Bob\r\nVia: SIP/2.0/UDP evil"), out _, out var error));
        Assert.Contains("control character", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("txtvers=2", "only version 1")]
    [InlineData("txtvers=", "only version 1")]
    [InlineData("txtvers", "only version 1")]
    public void TryParse_OtherVersion_Refused(string version, string reason)
    {
        Assert.False(SipUriTxt.TryParse(Strings(version, "name=Bob"), out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_VersionNotFirst_Refused()
    {
        // §4.2.1: if present, it MUST be the first name/value pair.
        Assert.False(SipUriTxt.TryParse(Strings("name=Bob", "txtvers=1"), out _, out var error));
        Assert.Contains("not the first attribute", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_Rfc6763Rules_EmptyAndEqualsStringsSkipped_FirstKeyWins_CaseInsensitive()
    {
        Assert.True(SipUriTxt.TryParse(Strings("", "=junk", "TXTVERS=1", "Name=First", "name=Second", "other=x"), out var txt, out var error), error);

        Assert.True(txt.HasVersion);
        Assert.Equal("First", txt.Name);
        Assert.Null(txt.Contact);
    }

    [Fact]
    public void TryParse_EmptyRecord_NoAttributesAtAll()
    {
        // Every attribute is optional (§4.2); an empty TXT record is one empty string (RFC 6763 §6.1).
        Assert.True(SipUriTxt.TryParse([Bytes.Empty], out var txt, out _));

        Assert.Equal(new SipUriTxt(), txt);
    }

    [Fact]
    public void TryParse_NameNotUtf8_Refused()
    {
        Assert.False(SipUriTxt.TryParse([Bytes.Copy([(byte)'n', (byte)'a', (byte)'m', (byte)'e', (byte)'=', 0xff, 0xfe])], out _, out var error));
        Assert.Contains("not UTF-8", error, StringComparison.Ordinal);
    }

    [Fact]
    public void ToAttributes_VersionFirstThenNameAndBareContact()
    {
        var txt = new SipUriTxt { Name = "Bob", Contact = new SipNameAddress(SipUri.Parse("sip:bob@10.0.0.2:5070")) };

        Assert.Equal([("txtvers", "1"), ("name", "Bob"), ("contact", "sip:bob@10.0.0.2:5070")], txt.ToAttributes());
    }

    [Theory]
    [InlineData("John Doe", "John Doe")]
    [InlineData("Doe, John", "\"Doe, John\"")]
    [InlineData("Büro \"2\"", "\"Büro \\\"2\\\"\"")]
    public void ToAttributes_NameNotTokens_Quoted(string name, string written)
    {
        var attributes = new SipUriTxt { Name = name }.ToAttributes();

        Assert.Equal(("name", written), attributes[1]);
        Assert.True(SipUriTxt.TryParse(Strings([.. attributes.Select(a => $"{a.Key}={a.Value}")]), out var back, out _));
        Assert.Equal(name, back.Name);
    }

    [Fact]
    public void ToAttributes_ContactWithParametersInTheUri_InAngleBrackets()
    {
        // RFC 3261 §20.10: a URI with ';' must be in brackets, or its parameters would be read as the header's.
        var txt = new SipUriTxt { Contact = new SipNameAddress(SipUri.Parse("sip:bob@host.local;transport=tcp")) };

        Assert.Equal("<sip:bob@host.local;transport=tcp>", txt.ToAttributes()[1].Value);
    }

    [Fact]
    public void ToAttributes_NonSipContact_Throws()
    {
        var txt = new SipUriTxt { Contact = new SipNameAddress("tel:+12125551212") };

        Assert.Throws<ArgumentException>(() => txt.ToAttributes());
    }

    [Property(Arbitrary = [typeof(SipGenerators)], Replay = Replay.Seed, MaxTest = 300)]
    public Property ToAttributes_ThenTryParse_SameNameAndContact(SipUri contact, NonNull<string> name)
    {
        var text = new string([.. name.Get.Where(c => !char.IsControl(c) && !char.IsSurrogate(c))]).Trim(' ', '\t');
        var txt = new SipUriTxt { HasVersion = true, Name = text.Length == 0 ? null : text, Contact = new SipNameAddress(contact) };
        IReadOnlyList<(string Key, string Value)> attributes;
        try
        {
            attributes = txt.ToAttributes();
        }
        catch (ArgumentException)
        {
            return true.Label("too long for one TXT string");
        }

        var parsed = SipUriTxt.TryParse(Strings([.. attributes.Select(a => $"{a.Key}={a.Value}")]), out var back, out var error);
        return (parsed && back == txt).Label($"{string.Join(" | ", attributes)}: {error}");
    }

    [Property(Replay = Replay.Seed, MaxTest = 500)]
    public bool TryParse_ArbitraryBytes_NeverThrows(byte[][] strings)
    {
        _ = SipUriTxt.TryParse(strings.Where(s => s is not null).Select(s => Bytes.Copy(s)), out _, out _);
        _ = SipUriTxt.TryParse(strings.Where(s => s is not null).Select(s => Bytes.Copy([.. "contact="u8, .. s])), out _, out _);
        return true;
    }

    internal static Bytes[] Strings(params string[] strings) => [.. strings.Select(s => Bytes.Copy(Encoding.UTF8.GetBytes(s)))];
}
