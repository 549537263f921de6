namespace Peerlink.Sip.UserAgent;

/// <summary>What a <see cref="SipUserAgent"/> tells the application.</summary>
public enum SipUaEventKind
{
    /// <summary>A new incoming call (ringing); in <see cref="SipAnswerMode.Ask"/> it waits for Accept or Reject.</summary>
    Incoming,

    /// <summary>Our INVITE got a provisional response (<see cref="SipUaEvent.Status"/> 100, 180, 183, ...).</summary>
    Provisional,

    /// <summary>The call was answered: a 2xx came (outgoing), or we sent one (incoming).</summary>
    Answered,

    /// <summary>The ACK for the 2xx went (outgoing) or came (incoming): the call is established.</summary>
    Acknowledged,

    /// <summary>The first RTP packet from the peer arrived.</summary>
    MediaStarted,

    /// <summary>We sent BYE.</summary>
    ByeSent,

    /// <summary>We sent CANCEL for our pending INVITE (§9.1).</summary>
    CancelSent,

    /// <summary>The call ended; <see cref="SipUaEvent.Status"/> is the final status that ended it, <see cref="SipUaEvent.Detail"/> why.</summary>
    Ended,

    /// <summary>We refused a request outside any call (busy, an unacceptable offer, a method we do not take, no such call).</summary>
    Refused,

    /// <summary>A datagram the parser rejected: answered with its status, or dropped.</summary>
    Malformed,
}

/// <summary>One thing that happened.</summary>
/// <param name="Kind">What.</param>
/// <param name="Call">The call it happened to, when there is one.</param>
/// <param name="Status">A status code, when one goes with it.</param>
/// <param name="Detail">Words for the log.</param>
public sealed record SipUaEvent(SipUaEventKind Kind, SipCall? Call, int? Status = null, string? Detail = null);

/// <summary>A SIP datagram to send.</summary>
/// <param name="To">Where.</param>
/// <param name="Bytes">The message as written.</param>
/// <param name="Message">The message, for logs.</param>
public sealed record SipDatagram(System.Net.IPEndPoint To, byte[] Bytes, Message.SipMessage Message);
