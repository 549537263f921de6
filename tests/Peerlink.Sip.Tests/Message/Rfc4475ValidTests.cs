using System.Text;
using Peerlink.Sip.Message;

namespace Peerlink.Sip.Tests.Message;

/// <summary>RFC 4475 §3.1.1 (valid messages) and the valid ones of §3.2 and §3.3: they parse, and their key fields read right.</summary>
public class Rfc4475ValidTests
{
    [Theory]
    [InlineData("wsinv")]
    [InlineData("intmeth")]
    [InlineData("esc01")]
    [InlineData("escnull")]
    [InlineData("esc02")]
    [InlineData("lwsdisp")]
    [InlineData("longreq")]
    [InlineData("dblreq")]
    [InlineData("semiuri")]
    [InlineData("transports")]
    [InlineData("mpart01")]
    [InlineData("unreason")]
    [InlineData("noreason")]
    [InlineData("badbranch")]
    [InlineData("unksm2")]
    [InlineData("bext01")]
    [InlineData("invut")]
    [InlineData("regaut01")]
    [InlineData("bcast")]
    [InlineData("zeromf")]
    [InlineData("cparam01")]
    [InlineData("cparam02")]
    [InlineData("regescrt")]
    [InlineData("sdp01")]
    public void Parse_ValidTortureMessage_IsOkAndRewritesToAParseableCanonicalForm(string name)
    {
        var result = Rfc4475.Parse(name);

        Assert.True(result.IsOk, $"{name}: {result.Error}");
        var again = SipMessageParser.Parse(SipMessageWriter.ToBytes(result.Message!));
        Assert.True(again.IsOk, again.Error);
        Assert.Equal(result.Message, again.Message);
    }

    [Fact]
    public void Parse_Wsinv_FoldsCompactFormsCaseAndLwsAllRead()
    {
        // §3.1.1.1: a short tortuous INVITE.
        var m = Rfc4475.Request("wsinv");

        Assert.Equal("INVITE", m.Method);
        Assert.Equal("chair-dnrc.example.com", m.Uri!.Host);
        Assert.Equal(new SipParameter("unknownparam", null), Assert.Single(m.Uri.Parameters));
        Assert.Equal("vivekg", m.To!.SipUri!.User);
        Assert.Equal("1918181833n", m.To.Tag);
        Assert.Null(m.To.DisplayName);
        Assert.Equal("J Rosenberg \\\"", m.From!.DisplayName);
        Assert.Equal("98asjd8", m.From.Tag);
        Assert.Equal(68, m.MaxForwards);
        Assert.Equal("wsinv.ndaksdj@192.0.2.1", m.CallId);
        Assert.Equal(new SipCSeq(9, "INVITE"), m.CSeq);
        Assert.Equal(150, m.ContentLength);
        Assert.Equal("", m.Get("Subject"));
        Assert.Equal("newfangled value continued newfangled value", m.Get("NewFangledHeader"));
        Assert.Equal(";;,,;;,;", m.Get("UnknownHeaderWithUnusualValue"));
        Assert.True(m.ContentType!.Is("application", "sdp"));
        Assert.True(m.Routes.Single().SipUri!.LooseRouting);

        // Via and v: three values, one of them from a comma-separated line.
        Assert.Equal(["UDP", "TCP", "UDP"], m.Vias.Select(v => v.Transport));
        Assert.Equal(["192.0.2.2", "spindle.example.com", "192.168.255.111"], m.Vias.Select(v => v.Host));
        Assert.Equal(["390skdjuw", "z9hG4bK9ikj8", "z9hG4bK30239"], m.Vias.Select(v => v.Branch));
        Assert.False(m.Vias[0].HasMagicCookie);

        var contact = Assert.Single(m.Contacts);
        Assert.Equal("Quoted string \"\"", contact.DisplayName);
        Assert.Equal("jdrosen", contact.SipUri!.User);
        Assert.Equal(
            [new SipParameter("newparam", "newvalue"), new SipParameter("secondparam", null), new SipParameter("q", "0.33")],
            contact.Parameters);
    }

    [Fact]
    public void Parse_Intmeth_UnusualCharactersInEveryField()
    {
        // §3.1.1.2: token characters in the method, an unusual user and password, a quoted NUL, UTF-8.
        var m = Rfc4475.Request("intmeth");

        Assert.Equal("!interesting-Method0123456789_*+`.%indeed'~", m.Method);
        Assert.Equal("1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*", m.Uri!.User);
        Assert.Equal("&it+has=1,weird!*pas$wo~d_too.(doesn't-it)", m.Uri.Password);
        Assert.Equal("example.com", m.Uri.Host);
        Assert.Equal("BEL:\x07 NUL:\0 DEL:\x7f", m.To!.DisplayName);
        Assert.Equal("1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*", m.To.SipUri!.User);
        Assert.Equal("token1~` token2'+_ token3*%!.-", m.From!.DisplayName);
        Assert.Equal("_token~1'+`*%!-.", m.From.Tag);
        Assert.Equal("\"работающий\"", m.From.Parameters.Single(p => p.Name == "fromParam''~+*_!.-%").Value);
        Assert.Equal("intmeth.word%ZK-!.*_+'@word`~)(><:\\/\"][?}{", m.CallId);
        Assert.Equal(new SipCSeq(139122385, m.Method), m.CSeq);
        Assert.Equal(255, m.MaxForwards);
        Assert.Equal("z9hG4bK-.!%66*_+`'~", m.Vias.Single().Branch);
        Assert.Equal("\uFEFF大停電", m.Get("extensionHeader-!.%*+_`'~"));
    }

    [Fact]
    public void Parse_Esc01_EscapesResolvedInUriPartsOnly()
    {
        // §3.1.1.3: % HEX HEX in user parts and URI parameters; "value%41" is not "valueA" (no recursive unescaping).
        var m = Rfc4475.Request("esc01");

        Assert.Equal("sips:user@example.com", m.Uri!.User);
        Assert.Equal("example.net", m.Uri.Host);
        Assert.Equal("user", m.To!.SipUri!.User);
        Assert.Equal("I have spaces", m.From!.SipUri!.User);
        Assert.Equal("esc01.239409asdfakjkn23onasd0-3234", m.CallId);
        Assert.True(m.ContentType!.Is("application", "sdp"));
        var contact = Assert.Single(m.Contacts).SipUri!;
        Assert.Equal("caller", contact.User);
        Assert.Equal([new SipParameter("lr", null), new SipParameter("name", "value%41")], contact.Parameters);
    }

    [Fact]
    public void Parse_Escnull_NullsInUserPartsKeptWhole()
    {
        // §3.1.1.4: %00 must not shorten the user name; two distinct contacts.
        var m = Rfc4475.Request("escnull");

        Assert.Equal("null-\0-null", m.To!.SipUri!.User);
        Assert.Equal(["\0", "\0\0"], m.Contacts.Select(c => c.SipUri!.User));
        Assert.Equal(0, m.ContentLength);
    }

    [Fact]
    public void Parse_Esc02_PercentIsNotAnEscapeOutsideUris()
    {
        // §3.1.1.5: the method RE%47IST%45R is not REGISTER; "C%6Fntact" is an unknown header, not a third contact.
        var m = Rfc4475.Request("esc02");

        Assert.Equal("RE%47IST%45R", m.Method);
        Assert.Equal("%Z%45", m.To!.DisplayName);
        Assert.Equal("z9hG4bK209%fzsnel234", m.Vias.Single().Branch);
        Assert.Equal(["alias1", "alias3"], m.Contacts.Select(c => c.SipUri!.User));
        Assert.Equal("<sip:alias2@host2.example.com>", m.Get("C%6Fntact"));
    }

    [Fact]
    public void Parse_Lwsdisp_TokenDisplayNameWithoutLwsAccepted()
    {
        // §3.1.1.6: "caller<sip:...>" breaks RFC 3261's grammar by a bug; elements should accept it, and we do.
        var m = Rfc4475.Request("lwsdisp");

        Assert.Equal("caller", m.From!.DisplayName);
        Assert.Equal("323", m.From.Tag);
    }

    [Fact]
    public void Parse_Longreq_LongValuesAnd34Vias()
    {
        // §3.1.1.7.
        var m = Rfc4475.Request("longreq");

        Assert.Equal("I have a user name of " + string.Concat(Enumerable.Repeat("extreme", 10)) + " proportion", m.To!.DisplayName);
        Assert.Equal(6000, m.To.SipUri!.Port);
        Assert.Equal(3, m.To.SipUri.Parameters.Count);
        Assert.Equal("12" + string.Concat(Enumerable.Repeat("982", 50)) + "424", m.From!.Tag);
        Assert.Equal(3, m.From.Parameters.Count);
        Assert.Equal(34, m.Vias.Count);
        Assert.Equal(Enumerable.Range(1, 33).Reverse().Select(n => $"sip{n}.example.com").Append("host.example.com"), m.Vias.Select(v => v.Host));
        Assert.Equal("192.0.2.5", m.Vias[^1].Received);
        Assert.Equal(150, m.ContentLength);
    }

    [Fact]
    public void Parse_Dblreq_BytesAfterContentLengthIgnoredOverUdp()
    {
        // §3.1.1.8 and RFC 3261 §18.3: the INVITE after the REGISTER's empty body is noise.
        var m = Rfc4475.Request("dblreq");

        Assert.Equal("REGISTER", m.Method);
        Assert.Equal(0, m.ContentLength);
        Assert.Equal("dblreq.0ha0isndaksdj99sdfafnl3lk233412", m.CallId);
        Assert.Equal("sip:j.user@host.example.com", Assert.Single(m.Contacts).Uri);
    }

    [Fact]
    public void Parse_Semiuri_SemicolonInUserPart()
    {
        // §3.1.1.9: the user part is "user;par=u@example.net"; the Accept header folds over three lines.
        var m = Rfc4475.Request("semiuri");

        Assert.Equal("user;par=u@example.net", m.Uri!.User);
        Assert.Empty(m.Uri.Parameters);
        Assert.Equal(["application/sdp", "application/pkcs7-mime", "multipart/mixed", "multipart/signed", "message/sip", "message/sipfrag"], m.GetAll("Accept"));
    }

    [Fact]
    public void Parse_Transports_UnknownTransportTokenAccepted()
    {
        // §3.1.1.10.
        var m = Rfc4475.Request("transports");

        Assert.Equal(["UDP", "SCTP", "TLS", "UNKNOWN", "TCP"], m.Vias.Select(v => v.Transport));
        Assert.Equal("transports.kijh4akdnaqjkwendsasfdj", m.CallId);
    }

    [Fact]
    public void Parse_Mpart01_BinaryBodyWithNulsFramedByContentLength()
    {
        // §3.1.1.11: a multipart body whose second part is binary DER with 0x00 bytes.
        var m = Rfc4475.Request("mpart01");

        Assert.Equal(553, m.ContentLength);
        Assert.Contains((byte)0, m.Body.Span.ToArray());
        Assert.EndsWith("\r\n--7a9cbec02ceef655--\r\n", Encoding.Latin1.GetString(m.Body.Span), StringComparison.Ordinal);
        Assert.Equal("7a9cbec02ceef655", m.ContentType!.Parameters.Single(p => p.Name == "boundary").Value);
        Assert.True(m.Vias.Single().HasRport);
        Assert.Equal(5070, m.Vias.Single().Port);
        Assert.Equal("Sat, 15 Oct 2005 04:44:56 GMT", m.Get("Date"));
        Assert.Equal(5080, m.Routes.Single().SipUri!.Port);
    }

    [Fact]
    public void Parse_Unreason_Utf8ReasonPhrase()
    {
        // §3.1.1.12.
        var m = Rfc4475.Response("unreason");

        Assert.Equal(200, m.StatusCode);
        Assert.Equal("= 2**3 * 5**2 но сто девяносто девять - простое", m.ReasonPhrase);
        Assert.Equal(154, m.ContentLength);
        Assert.Equal("2229", m.To!.Tag);
    }

    [Fact]
    public void Parse_Noreason_EmptyReasonPhrase()
    {
        // §3.1.1.13.
        var m = Rfc4475.Response("noreason");

        Assert.Equal(100, m.StatusCode);
        Assert.Equal("", m.ReasonPhrase);
    }

    [Fact]
    public void Parse_Badbranch_MagicCookieWithNothingAfterItStillParses()
    {
        // §3.2.1: the parser must not break; whether to use the branch is the transaction layer's choice.
        var m = Rfc4475.Request("badbranch");

        Assert.Equal("z9hG4bK", m.Vias.Single().Branch);
        Assert.True(m.Vias.Single().HasMagicCookie);
    }

    [Fact]
    public void Parse_Unksm2_UnknownSchemesInToFromAndContactAreValidSyntax()
    {
        // §3.3.4: isbn:, http: and name: URIs parse; what a registrar does with them is not the parser's business.
        var m = Rfc4475.Request("unksm2");

        Assert.Equal("isbn:2983792873", m.To!.Uri);
        Assert.Null(m.To.SipUri);
        Assert.Equal("http://www.example.com", m.From!.Uri);
        Assert.Equal("name:John_Smith", Assert.Single(m.Contacts).Uri);
    }

    [Fact]
    public void Parse_Cparam01And02_ParameterBelongsToHeaderOrUriByTheBrackets()
    {
        // §3.3.12: without <>, ";unknownparam" is a Contact parameter; §3.3.13: inside <>, a URI parameter.
        var addrSpec = Assert.Single(Rfc4475.Request("cparam01").Contacts);
        var nameAddr = Assert.Single(Rfc4475.Request("cparam02").Contacts);

        Assert.Equal([new SipParameter("unknownparam", null)], addrSpec.Parameters);
        Assert.Empty(addrSpec.SipUri!.Parameters);
        Assert.Empty(nameAddr.Parameters);
        Assert.Equal([new SipParameter("unknownparam", null)], nameAddr.SipUri!.Parameters);
    }

    [Fact]
    public void Parse_Regescrt_EscapedHeaderInBracketedContactUri()
    {
        // §3.3.14: legal syntax; the registrar decides.
        var contact = Assert.Single(Rfc4475.Request("regescrt").Contacts).SipUri!;

        Assert.Equal([new SipParameter("Route", "<sip:sip.example.com>")], contact.Headers);
    }

    [Fact]
    public void Parse_Zeromf_MaxForwardsZeroIsTheUasBusiness()
    {
        // §3.3.11: a UAS answers OPTIONS with Max-Forwards 0 normally; only a proxy sends 483.
        Assert.Equal(0, Rfc4475.Request("zeromf").MaxForwards);
    }

    [Fact]
    public void Parse_Bext01Invut_Sdp01_ParseForTheUaToAnswer420_415_406()
    {
        // §3.3.5, §3.3.6, §3.3.15: syntax is fine; Require, Content-Type and Accept are judged above the parser.
        Assert.Equal(["nothingSupportsThis", "nothingSupportsThisEither"], Rfc4475.Request("bext01").GetAll("Require"));
        Assert.Equal("<audio>\r\n <pcmu port=\"443\"/>\r\n</audio>\r\n", Encoding.UTF8.GetString(Rfc4475.Request("invut").Body.Span));
        Assert.Equal("text/nobodyKnowsThis", Rfc4475.Request("sdp01").Get("Accept"));
    }
}
