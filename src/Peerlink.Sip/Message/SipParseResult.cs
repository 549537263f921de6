namespace Peerlink.Sip.Message;

/// <summary>What became of the bytes handed to <see cref="SipMessageParser.Parse"/>.</summary>
public enum SipParseStatus
{
    /// <summary>A well-formed message.</summary>
    Ok,

    /// <summary>Not a message we accept: see <see cref="SipParseResult.Error"/> and <see cref="SipParseResult.StatusCode"/>.</summary>
    Rejected,

    /// <summary>Stream framing only: the message is not all there yet; hand in more bytes.</summary>
    Incomplete,
}

/// <summary>
/// The parser's answer. For a rejected request that names enough to be answered (Via, From, To, Call-ID and CSeq
/// parse), <see cref="StatusCode"/> is what a UAS should send back and <see cref="Message"/> the request as far
/// as it parsed, to build that response from. A null <see cref="StatusCode"/> on a rejection means drop it
/// silently (responses always, §7.5 / §18.1.2; requests that cannot be answered).
/// </summary>
public sealed record SipParseResult
{
    /// <summary>Ok, Rejected or Incomplete.</summary>
    public required SipParseStatus Status { get; init; }

    /// <summary>The message when <see cref="Status"/> is Ok; for a rejected request that can be answered, the request.</summary>
    public SipMessage? Message { get; init; }

    /// <summary>Why it was rejected, for the log and for the reason phrase.</summary>
    public string? Error { get; init; }

    /// <summary>The status a UAS should answer a rejected request with (400, 413, 416, 501, 505), or null to drop it.</summary>
    public int? StatusCode { get; init; }

    /// <summary>How many bytes the message took (stream framing: the next message starts there).</summary>
    public int Consumed { get; init; }

    /// <summary>True for <see cref="SipParseStatus.Ok"/>.</summary>
    public bool IsOk => Status == SipParseStatus.Ok;

    internal static SipParseResult Ok(SipMessage message, int consumed) => new() { Status = SipParseStatus.Ok, Message = message, Consumed = consumed };

    internal static SipParseResult Drop(string error, int consumed) => new() { Status = SipParseStatus.Rejected, Error = error, Consumed = consumed };

    internal static SipParseResult More() => new() { Status = SipParseStatus.Incomplete };
}
