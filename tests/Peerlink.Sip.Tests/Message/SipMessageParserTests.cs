using System.Text;
using FsCheck.Xunit;
using Peerlink.Sip.Message;

namespace Peerlink.Sip.Tests.Message;

/// <summary>The message parser's rules beyond RFC 4475: compact forms, folding, lists, framing, limits, bad input.</summary>
public class SipMessageParserTests
{
    private const string Invite =
        "INVITE sip:bob@biloxi.example.com SIP/2.0\r\n" +
        "Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bK776asdhds\r\n" +
        "Max-Forwards: 70\r\n" +
        "To: Bob <sip:bob@biloxi.example.com>\r\n" +
        "From: Alice <sip:alice@atlanta.example.com>;tag=1928301774\r\n" +
        "Call-ID: a84b4c76e66710@pc33.atlanta.example.com\r\n" +
        "CSeq: 314159 INVITE\r\n" +
        "Contact: <sip:alice@pc33.atlanta.example.com>\r\n";

    private static SipParseResult Parse(string text, SipFraming framing = SipFraming.Datagram, SipLimits? limits = null) =>
        SipMessageParser.Parse(Encoding.UTF8.GetBytes(text), framing, limits);

    private static SipRequest Ok(string text)
    {
        var result = Parse(text);
        Assert.True(result.IsOk, result.Error);
        return Assert.IsType<SipRequest>(result.Message);
    }

    [Fact]
    public void Parse_Rfc3261Invite_AllTypedFieldsRead()
    {
        // The INVITE of RFC 3261 §4 (the example SDP left out).
        var m = Ok(Invite + "Content-Length: 0\r\n\r\n");

        Assert.Equal("INVITE", m.Method);
        Assert.Equal("bob", m.Uri!.User);
        Assert.Equal("z9hG4bK776asdhds", Assert.Single(m.Vias).Branch);
        Assert.Equal("Bob", m.To!.DisplayName);
        Assert.Equal("1928301774", m.From!.Tag);
        Assert.Equal(new SipCSeq(314159, "INVITE"), m.CSeq);
        Assert.Equal(70, m.MaxForwards);
        Assert.Equal(0, m.ContentLength);
        Assert.Null(m.Get("Content-Length"));
    }

    [Theory]
    [InlineData("v", "Via")]
    [InlineData("i", "Call-ID")]
    [InlineData("m", "Contact")]
    [InlineData("e", "Content-Encoding")]
    [InlineData("l", "Content-Length")]
    [InlineData("f", "From")]
    [InlineData("t", "To")]
    [InlineData("k", "Supported")]
    [InlineData("c", "Content-Type")]
    [InlineData("s", "Subject")]
    [InlineData("o", "Event")]
    [InlineData("CALL-id", "Call-ID")]
    [InlineData("cseq", "CSeq")]
    public void Normalize_CompactOrOddlyCasedName_FullCanonicalName(string name, string full)
    {
        // RFC 3261 §7.3.3 (compact forms), §7.3.1 (names are case-insensitive).
        Assert.Equal(full, SipHeaderNames.Normalize(name));
    }

    [Fact]
    public void Parse_CompactForms_ReadAsTheirFullNames()
    {
        var m = Ok("OPTIONS sip:bob@b.example.com SIP/2.0\r\nv: SIP/2.0/UDP a.example.com;branch=z9hG4bK1\r\nMax-Forwards: 70\r\n" +
            "t: <sip:bob@b.example.com>\r\nf: <sip:alice@a.example.com>;tag=1\r\ni: c1@a\r\nCSeq: 1 OPTIONS\r\nk: timer, 100rel\r\nl: 0\r\n\r\n");

        Assert.Equal("c1@a", m.CallId);
        Assert.Equal(["timer", "100rel"], m.GetAll("Supported"));
        Assert.Equal(["Via", "Max-Forwards", "To", "From", "Call-ID", "CSeq", "Supported", "Supported"], m.Headers.Select(h => h.Name));
    }

    [Fact]
    public void Parse_FoldedValue_UnfoldedKeepingTheWhitespace()
    {
        // §7.3.1: a line starting with SP or HTAB continues the previous one.
        var m = Ok(Invite + "Subject: I know you're there,\r\n\tpick up the phone\r\n   and talk to me!\r\nl: 0\r\n\r\n");

        Assert.Equal("I know you're there,\tpick up the phone   and talk to me!", m.Get("Subject"));
    }

    [Fact]
    public void Parse_ListHeaderOnOneLineOrMany_SameValuesInOrder()
    {
        // §7.3.1: "Route: <a>, <b>" is the same as two Route lines.
        var one = Ok(Invite + "Route: <sip:p1.example.com;lr>, <sip:p2.example.com;lr>\r\nAllow: INVITE, ACK ,BYE\r\nl: 0\r\n\r\n");
        var many = Ok(Invite + "Route: <sip:p1.example.com;lr>\r\nRoute: <sip:p2.example.com;lr>\r\nAllow: INVITE\r\nAllow: ACK\r\nAllow: BYE\r\nl: 0\r\n\r\n");

        Assert.Equal(["p1.example.com", "p2.example.com"], one.Routes.Select(r => r.SipUri!.Host));
        Assert.Equal(one.GetAll("Route"), many.GetAll("Route"));
        Assert.Equal(["INVITE", "ACK", "BYE"], one.GetAll("Allow"));
        Assert.Equal(one.GetAll("Allow"), many.GetAll("Allow"));
    }

    [Fact]
    public void Parse_HeadersWhoseValuesHoldCommas_NotSplit()
    {
        // §7.3.1 names WWW-Authenticate, Authorization and the like; Date has "Sat, 13 Nov".
        var m = Ok(Invite + "WWW-Authenticate: Digest realm=\"atlanta.com\", qop=\"auth,auth-int\", nonce=\"84a4cc6f3082121f32b42a2187831a9e\"\r\n" +
            "Date: Sat, 13 Nov 2010 23:29:00 GMT\r\nSubject: one, two\r\nl: 0\r\n\r\n");

        Assert.Single(m.GetAll("WWW-Authenticate"));
        Assert.Equal("Sat, 13 Nov 2010 23:29:00 GMT", m.Get("Date"));
        Assert.Equal("one, two", m.Get("Subject"));
    }

    [Fact]
    public void Parse_ContactWithCommaInsideQuotesAndBrackets_OneValue()
    {
        var m = Ok(Invite.Replace("Contact: <sip:alice@pc33.atlanta.example.com>", "Contact: \"Doe, J\" <sip:a,b@h.example.com>, <sip:c@h.example.com>", StringComparison.Ordinal) + "l: 0\r\n\r\n");

        Assert.Equal(["Doe, J", null], m.Contacts.Select(c => c.DisplayName));
        Assert.Equal("a,b", m.Contacts[0].SipUri!.User);
    }

    [Theory]
    [InlineData("To")]
    [InlineData("From")]
    [InlineData("CSeq")]
    [InlineData("Call-ID")]
    [InlineData("Max-Forwards")]
    [InlineData("Via")]
    public void Parse_RequestWithoutAMandatoryHeader_400NamingIt(string header)
    {
        // §8.1.1: a request has To, From, CSeq, Call-ID, Max-Forwards and Via.
        var lines = Invite.Split("\r\n").Where(l => !l.StartsWith(header + ":", StringComparison.Ordinal));

        var result = Parse(string.Join("\r\n", lines) + "l: 0\r\n\r\n");

        Assert.Equal(400, result.StatusCode);
        Assert.Equal($"no {header} header (§8.1.1)", result.Error);
    }

    [Fact]
    public void Parse_ResponseWithoutCallId_DroppedSilently()
    {
        var result = Parse("SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP a.example.com;branch=z9hG4bK1\r\nTo: <sip:b@b>;tag=2\r\nFrom: <sip:a@a>;tag=1\r\nCSeq: 1 INVITE\r\nl: 0\r\n\r\n");

        Assert.Equal(SipParseStatus.Rejected, result.Status);
        Assert.Null(result.StatusCode);
        Assert.Contains("no Call-ID", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_BodyLongerThanContentLengthOverUdp_TruncatedToIt()
    {
        // §18.3: the extra bytes are not part of the message.
        var m = Ok(Invite + "Content-Length: 4\r\n\r\nv=0\r\nextra");

        Assert.Equal("v=0\r"u8.ToArray(), m.Body.Span.ToArray());
    }

    [Fact]
    public void Parse_NoContentLengthOverUdp_RestOfTheDatagramIsTheBody()
    {
        var m = Ok(Invite + "\r\nv=0\r\n");

        Assert.Equal("v=0\r\n"u8.ToArray(), m.Body.Span.ToArray());
    }

    [Theory]
    [InlineData("five", "malformed Content-Length")]
    [InlineData("99999999999", "malformed Content-Length")]
    [InlineData("20", "Content-Length 20 but 5 bytes follow")]
    public void Parse_ContentLengthLies_400(string length, string reason)
    {
        // RFC 4475 §3.1.2.3 names "Content-Length: five"; §3.1.2.2 a length larger than the body.
        var result = Parse(Invite + $"Content-Length: {length}\r\n\r\nv=0\r\n");

        Assert.Equal(400, result.StatusCode);
        Assert.Contains(reason, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_BodyOverTheLimit_413AndTheRequestToAnswer()
    {
        var result = Parse(Invite + "Content-Length: 100\r\n\r\n" + new string('x', 100), limits: new SipLimits { MaxBodyBytes = 50 });

        Assert.Equal(413, result.StatusCode);
        Assert.NotNull(result.Message);
    }

    [Fact]
    public void Parse_TooManyHeaderLines_DroppedUnanswered()
    {
        var flood = string.Concat(Enumerable.Repeat("X-Flood: 1\r\n", 300));

        var result = Parse(Invite + flood + "l: 0\r\n\r\n");

        Assert.Equal(SipParseStatus.Rejected, result.Status);
        Assert.Null(result.StatusCode);
        Assert.Contains("more than 200 header lines", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_HugeHeaderLine_DroppedUnanswered()
    {
        var result = Parse(Invite + "X-Huge: " + new string('a', 10_000) + "\r\nl: 0\r\n\r\n");

        Assert.Null(result.StatusCode);
        Assert.Contains("line: more than the 8192 allowed", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_HeaderSectionOverTheLimit_DroppedUnanswered()
    {
        var lines = string.Concat(Enumerable.Range(0, 150).Select(i => $"X-H{i}: " + new string('a', 150) + "\r\n"));

        var result = Parse(Invite + lines + "l: 0\r\n\r\n");

        Assert.Null(result.StatusCode);
        Assert.Contains("header section", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_StreamInPieces_IncompleteUntilTheBodyIsThere()
    {
        var bytes = Encoding.UTF8.GetBytes(Invite + "Content-Length: 5\r\n\r\nhello");

        for (var n = 0; n < bytes.Length; n++)
        {
            Assert.Equal(SipParseStatus.Incomplete, SipMessageParser.Parse(bytes.AsSpan(0, n), SipFraming.Stream).Status);
        }

        var whole = SipMessageParser.Parse(bytes, SipFraming.Stream);
        Assert.True(whole.IsOk, whole.Error);
        Assert.Equal(bytes.Length, whole.Consumed);
    }

    [Fact]
    public void Parse_StreamWithoutContentLength_400()
    {
        // §18.3: on a stream, Content-Length MUST be there.
        var result = Parse(Invite + "\r\n", SipFraming.Stream);

        Assert.Equal(400, result.StatusCode);
        Assert.Contains("no Content-Length on a stream", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_LeadingCrlfKeepAlives_Skipped()
    {
        // §7.5: CRLFs before the start line are ignored.
        var result = Parse("\r\n\r\n" + Invite + "l: 0\r\n\r\n", SipFraming.Stream);

        Assert.True(result.IsOk, result.Error);
    }

    [Theory]
    [InlineData("INVITE sip:bob@b.example.com SIP/2.0\r\nVia: SIP/2.0/UDP a\r\nNoColonHere\r\n\r\n", "without ':'")]
    [InlineData("INVITE sip:bob@b.example.com SIP/2.0\r\n Folded: first\r\n\r\n", "folded line right after the start line")]
    [InlineData("INVITE sip:bob@b.example.com SIP/2.0\r\nBad Name: x\r\n\r\n", "not a token")]
    [InlineData("INV\"ITE sip:bob@b.example.com SIP/2.0\r\n\r\n", "method")]
    [InlineData("INVITE sip:bob@b.example.com SIP/2.x\r\n\r\n", "version 'SIP/2.x'")]
    [InlineData("INVITE bob SIP/2.0\r\n\r\n", "bad Request-URI")]
    public void Parse_BrokenRequest_400WithReason(string text, string reason)
    {
        var result = Parse(text);

        Assert.Equal(400, result.StatusCode);
        Assert.Contains(reason, result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("SIP/2.0 20 OK")]
    [InlineData("SIP/2.0 099 Low")]
    [InlineData("SIP/2.0 700 High")]
    [InlineData("SIP/3.0 200 OK")]
    public void Parse_BadStatusLine_Dropped(string line)
    {
        var result = Parse(line + "\r\nVia: SIP/2.0/UDP a;branch=z9hG4bK1\r\nTo: <sip:b@b>\r\nFrom: <sip:a@a>;tag=1\r\nCall-ID: x\r\nCSeq: 1 INVITE\r\n\r\n");

        Assert.Equal(SipParseStatus.Rejected, result.Status);
        Assert.Null(result.StatusCode);
    }

    [Fact]
    public void Parse_NoBlankLineInADatagram_Dropped()
    {
        var result = Parse(Invite);

        Assert.Equal(SipParseStatus.Rejected, result.Status);
        Assert.Null(result.StatusCode);
    }

    [Fact]
    public void Parse_BodyWithNulBytes_KeptExactly()
    {
        // What RFC 4475 §3.1.1.11 (mpart01) tests: binary body parts with NULs are framed by Content-Length alone.
        byte[] body = [0x30, 0x82, 0x00, 0x00, 0x0d, 0x0a, 0x00, 0xff];
        var head = Encoding.UTF8.GetBytes(Invite + "Content-Type: application/octet-stream\r\nContent-Length: 8\r\n\r\n");

        var result = SipMessageParser.Parse([.. head, .. body]);

        Assert.True(result.IsOk, result.Error);
        Assert.Equal(body, result.Message!.Body.Span.ToArray());
    }

    [Property(Replay = Replay.Seed, MaxTest = 2000)]
    public void Parse_ArbitraryBytes_NeverThrows(byte[] bytes)
    {
        var datagram = SipMessageParser.Parse(bytes);
        var stream = SipMessageParser.Parse(bytes, SipFraming.Stream);

        Assert.NotEqual(SipParseStatus.Incomplete, datagram.Status);
        Assert.True(stream.Consumed <= bytes.Length);
    }

    [Property(Arbitrary = [typeof(SipGenerators)], Replay = Replay.Seed, MaxTest = 300)]
    public void Parse_GeneratedMessageCutOrWithAByteChanged_NeverThrows(SipMessage message, int cut, byte xor)
    {
        var bytes = SipMessageWriter.ToBytes(message);
        var n = (int)((uint)cut % (uint)bytes.Length);

        SipMessageParser.Parse(bytes.AsSpan(0, n));
        SipMessageParser.Parse(bytes.AsSpan(0, n), SipFraming.Stream);
        bytes[n] ^= xor == 0 ? (byte)1 : xor;
        var mutated = SipMessageParser.Parse(bytes);

        Assert.True(mutated.IsOk || mutated.Error is not null);
    }

    [Fact]
    public void Write_ContentLengthInTheModel_ThrowsArgument()
    {
        var m = new SipRequest("OPTIONS", "sip:a@b") { Headers = [new SipHeader("l", "0")] };

        Assert.Throws<ArgumentException>(() => SipMessageWriter.ToBytes(m));
    }

    [Fact]
    public void Write_ValueWithCrlf_ThrowsArgument()
    {
        var m = new SipRequest("OPTIONS", "sip:a@b") { Headers = [new SipHeader("Subject", "a\r\nVia: injected")] };

        Assert.Throws<ArgumentException>(() => SipMessageWriter.ToBytes(m));
    }

    [Fact]
    public void Write_Message_CanonicalFullNamesAndContentLengthLast()
    {
        var m = new SipRequest("OPTIONS", "sip:bob@b.example.com")
        {
            Headers = [new SipHeader("v", "SIP/2.0/UDP a.example.com;branch=z9hG4bK1"), new SipHeader("i", "c1")],
            Body = Peerlink.Core.Bytes.FromUtf8("hi"),
        };

        Assert.Equal("OPTIONS sip:bob@b.example.com SIP/2.0\r\nVia: SIP/2.0/UDP a.example.com;branch=z9hG4bK1\r\nCall-ID: c1\r\nContent-Length: 2\r\n\r\nhi",
            Encoding.UTF8.GetString(SipMessageWriter.ToBytes(m)));
    }
}
