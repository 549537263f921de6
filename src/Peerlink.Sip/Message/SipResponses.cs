using Peerlink.Core;

namespace Peerlink.Sip.Message;

/// <summary>Builds responses to requests as RFC 3261 §8.2.6 says a UAS must.</summary>
public static class SipResponses
{
    /// <summary>
    /// A response to <paramref name="request"/>: its Via values in order, From, To (with <paramref name="toTag"/>
    /// added when To has no tag and the status is not 100, §8.2.6.2), Call-ID and CSeq copied; no body.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A status outside 100-699.</exception>
    public static SipResponse Create(SipRequest request, int statusCode, string reasonPhrase, string? toTag = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(reasonPhrase);
        ArgumentOutOfRangeException.ThrowIfLessThan(statusCode, 100);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(statusCode, 699);
        var headers = new List<SipHeader>();
        foreach (var h in request.Headers)
        {
            switch (h.Name)
            {
                case SipHeaderNames.Via or SipHeaderNames.From or SipHeaderNames.CallId or SipHeaderNames.CSeq:
                    headers.Add(h);
                    break;
                case SipHeaderNames.To:
                    var to = h.Value;
                    if (statusCode != 100 && toTag is not null && SipNameAddress.TryParse(to, out var address, out _) && address.Tag is null)
                    {
                        to = address.WithTag(toTag).ToString();
                    }

                    headers.Add(h with { Value = to });
                    break;
            }
        }

        return new SipResponse(statusCode, reasonPhrase) { Headers = [.. headers], Body = Bytes.Empty };
    }

    /// <summary>The reason phrases of RFC 3261 §21 for the codes a UA sends most.</summary>
    public static string ReasonFor(int statusCode) => statusCode switch
    {
        100 => "Trying",
        180 => "Ringing",
        183 => "Session Progress",
        200 => "OK",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        413 => "Request Entity Too Large",
        415 => "Unsupported Media Type",
        416 => "Unsupported URI Scheme",
        420 => "Bad Extension",
        480 => "Temporarily Unavailable",
        481 => "Call/Transaction Does Not Exist",
        486 => "Busy Here",
        487 => "Request Terminated",
        488 => "Not Acceptable Here",
        500 => "Server Internal Error",
        501 => "Not Implemented",
        503 => "Service Unavailable",
        505 => "Version Not Supported",
        603 => "Decline",
        _ => statusCode switch { < 200 => "Progress", < 300 => "OK", < 400 => "Redirect", < 500 => "Client Error", < 600 => "Server Error", _ => "Global Failure" },
    };
}
