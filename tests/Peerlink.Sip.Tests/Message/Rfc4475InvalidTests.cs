using Peerlink.Sip.Message;

namespace Peerlink.Sip.Tests.Message;

/// <summary>
/// RFC 4475 §3.1.2 (invalid messages) and the semantic ones of §3.3 and §4: each is rejected with the status the
/// RFC asks for (null: dropped), for the reason it gives.
/// </summary>
public class Rfc4475InvalidTests
{
    [Theory]
    [InlineData("badinv01", 400, "empty element in the comma-separated Via")]   // §3.1.2.1: extraneous ; and ,
    [InlineData("clerr", 400, "Content-Length 9999 but 154 bytes")]            // §3.1.2.2: over UDP, a 400
    [InlineData("ncl", 400, "malformed Content-Length")]                       // §3.1.2.3: negative
    [InlineData("scalar02", 400, "malformed CSeq")]                            // §3.1.2.4: the CSeq error decides
    [InlineData("quotbal", 400, "unterminated quoted string")]                 // §3.1.2.6
    [InlineData("ltgtruri", 400, "Request-URI in angle brackets")]             // §3.1.2.7
    [InlineData("lwsruri", 400, "Request-Line")]                               // §3.1.2.8: LWS in the Request-URI
    [InlineData("lwsstart", 400, "Request-Line")]                              // §3.1.2.9: extra SP; we take the option to reject
    [InlineData("trws", 400, "Request-Line")]                                  // §3.1.2.10: trailing SP; likewise
    [InlineData("escruri", 400, "Request-URI with headers")]                   // §3.1.2.11
    [InlineData("baddate", 400, "malformed Date")]                             // §3.1.2.12: EST, not GMT
    [InlineData("regbadct", 400, "'?' or ',' outside angle brackets")]         // §3.1.2.13
    [InlineData("badaspec", 400, "whitespace inside <URI>")]                   // §3.1.2.14
    [InlineData("baddn", 400, "not a token")]                                  // §3.1.2.15: unquoted "Bell, Alexander"
    [InlineData("badvers", 505, "SIP version SIP/7.0")]                        // §3.1.2.16
    [InlineData("mismatch01", 400, "CSeq method INVITE does not match the request's OPTIONS")] // §3.1.2.17
    [InlineData("mismatch02", 501, "CSeq method INVITE does not match the request's NEWMETHOD")] // §3.1.2.18: 501 for an unknown method
    [InlineData("insuf", 400, "no To header")]                                 // §3.3.1: no To, From, Call-ID, Max-Forwards
    [InlineData("unkscm", 416, "not sip or sips")]                             // §3.3.2
    [InlineData("novelsc", 416, "not sip or sips")]                            // §3.3.3
    [InlineData("multi01", 400, "more than one CSeq header")]                  // §3.3.8
    [InlineData("mcl01", 400, "more than one Content-Length header")]          // §3.3.9
    public void Parse_InvalidRequest_RejectedWithTheRfcsStatusAndReason(string name, int status, string reason)
    {
        var result = Rfc4475.Parse(name);

        Assert.Equal(SipParseStatus.Rejected, result.Status);
        Assert.Equal(status, result.StatusCode);
        Assert.Contains(reason, result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("scalarlg")]   // §3.1.2.5: a response with an oversized CSeq is simply discarded
    [InlineData("bigcode")]    // §3.1.2.19: a status code over 699 is dropped
    public void Parse_InvalidResponse_DroppedWithoutAStatus(string name)
    {
        var result = Rfc4475.Parse(name);

        Assert.Equal(SipParseStatus.Rejected, result.Status);
        Assert.Null(result.StatusCode);
        Assert.Null(result.Message);
        Assert.NotNull(result.Error);
    }

    [Theory]
    [InlineData("clerr")]
    [InlineData("ltgtruri")]
    [InlineData("lwsstart")]
    [InlineData("badvers")]
    [InlineData("mismatch01")]
    [InlineData("mismatch02")]
    [InlineData("unkscm")]
    public void Parse_RejectedRequestWithGoodDialogHeaders_CarriesTheRequestToAnswer(string name)
    {
        var result = Rfc4475.Parse(name);

        var request = Assert.IsType<SipRequest>(result.Message);
        Assert.NotEmpty(request.Vias);
        Assert.NotNull(request.From);
        Assert.NotNull(request.To);
        Assert.NotNull(request.CallId);
    }

    [Theory]
    [InlineData("badinv01")]   // the Via is what is broken: no route back for an answer
    [InlineData("insuf")]      // no From, To or Call-ID to echo
    [InlineData("multi01")]    // which CSeq would the answer carry?
    [InlineData("scalar02")]   // nor can it carry a CSeq number over 2^32-1
    public void Parse_RejectedRequestMissingWhatAResponseEchoes_CarriesNoMessage(string name)
    {
        var result = Rfc4475.Parse(name);

        Assert.NotNull(result.StatusCode);
        Assert.Null(result.Message);
    }

    [Fact]
    public void Parse_Inv2543_RejectedForTheMissingMaxForwards()
    {
        // §4.1 asks RFC 3261 elements to accept this RFC 2543 INVITE (no Max-Forwards, no branch, no From tag, no
        // Content-Length). We do not: Peerlink's peers are RFC 3261 UAs, and §8.1.1 makes Max-Forwards mandatory,
        // which the issue asks us to check. We answer 400 naming the header.
        var result = Rfc4475.Parse("inv2543");

        Assert.Equal(400, result.StatusCode);
        Assert.Contains("no Max-Forwards header", result.Error, StringComparison.Ordinal);
        Assert.NotNull(result.Message);
    }

    [Fact]
    public void Parse_ClerrOverAStream_WaitsForTheRestInsteadOfRejecting()
    {
        // §3.1.2.2: over TCP, a Content-Length larger than what came means "wait for more".
        Assert.Equal(SipParseStatus.Incomplete, Rfc4475.Parse("clerr", SipFraming.Stream).Status);
    }
}
