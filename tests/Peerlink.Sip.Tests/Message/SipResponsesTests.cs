using Peerlink.Sip.Message;

namespace Peerlink.Sip.Tests.Message;

/// <summary>Responses built per RFC 3261 §8.2.6.</summary>
public class SipResponsesTests
{
    [Fact]
    public void Create_FromTortureRequest_CopiesViasFromToCallIdCSeqAndTagsTo()
    {
        var request = Rfc4475.Request("wsinv");

        var response = SipResponses.Create(request, 486, "Busy Here", toTag: "x1");

        Assert.Equal(request.GetAll("Via"), response.GetAll("Via"));
        Assert.Equal(request.Get("From"), response.Get("From"));
        Assert.Equal(request.CallId, response.CallId);
        Assert.Equal(request.CSeq, response.CSeq);
        Assert.Equal("1918181833n", response.To!.Tag);
        Assert.Null(response.Get("Contact"));
        Assert.True(SipMessageParser.Parse(SipMessageWriter.ToBytes(response)).IsOk);
    }

    [Fact]
    public void Create_RejectedTortureRequest_AnswerableWithTheParsersStatus()
    {
        // RFC 4475 §3.1.2.16: badvers gets a 505 built from what parsed.
        var result = Rfc4475.Parse("badvers");

        var response = SipResponses.Create((SipRequest)result.Message!, result.StatusCode!.Value, SipResponses.ReasonFor(result.StatusCode.Value), toTag: "t");

        Assert.Equal(505, response.StatusCode);
        Assert.Equal("Version Not Supported", response.ReasonPhrase);
        Assert.Equal("t", response.To!.Tag);
    }
}
