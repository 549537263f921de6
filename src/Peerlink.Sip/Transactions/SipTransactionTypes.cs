using System.Net;
using Peerlink.Sip.Message;

namespace Peerlink.Sip.Transactions;

/// <summary>
/// Identifies a transaction (§17.1.3, §17.2.3): the branch, the sent-by of the top Via (server side) and the
/// method (ACK counts as INVITE). For requests without the magic cookie (RFC 2543), <see cref="Branch"/> holds a
/// key made from the Request-URI, From tag, Call-ID, CSeq number and top Via instead.
/// </summary>
/// <param name="Client">True for a client transaction.</param>
/// <param name="Branch">The branch (or the RFC 2543 key).</param>
/// <param name="SentBy">The top Via's sent-by, lower case (empty for client transactions).</param>
/// <param name="Method">The method the transaction is for.</param>
public readonly record struct SipTransactionId(bool Client, string Branch, string SentBy, string Method)
{
    /// <summary>A compact form for logs.</summary>
    public override string ToString() => $"{(Client ? "client" : "server")} {Method} {Branch}{(SentBy.Length > 0 ? "@" + SentBy : string.Empty)}";
}

/// <summary>The states of §17's four state machines (Figures 5 to 8).</summary>
public enum SipTransactionState
{
    /// <summary>Client INVITE: sent, no response yet.</summary>
    Calling,

    /// <summary>Client non-INVITE: sent, no response yet; server non-INVITE: received, nothing sent yet.</summary>
    Trying,

    /// <summary>A provisional response was received (client) or sent (server).</summary>
    Proceeding,

    /// <summary>A final response came (client) or went (server); retransmissions are absorbed or repeated.</summary>
    Completed,

    /// <summary>Server INVITE: the ACK for a non-2xx final response came.</summary>
    Confirmed,

    /// <summary>Done; the transaction is gone.</summary>
    Terminated,
}

/// <summary>What the transaction layer tells the transaction user (§17: the TU).</summary>
public enum SipTransactionEventKind
{
    /// <summary>A new request: a server transaction was made for it (or, for an ACK that matches none, nothing was).</summary>
    Request,

    /// <summary>A response for a client transaction (provisional, 2xx, or the first copy of a non-2xx final).</summary>
    Response,

    /// <summary>A response that matches no client transaction (a 2xx retransmission, §17.1.1.2: the core handles it).</summary>
    StrayResponse,

    /// <summary>Timer B or F fired: no final response (the TU acts as if a 408 had come, §8.1.3.1).</summary>
    Timeout,

    /// <summary>Timer H fired: no ACK came for our non-2xx final response to an INVITE (§17.2.1).</summary>
    NoAck,

    /// <summary>The transport could not send for the transaction (§17.1.4, §17.2.4): treat it as a 503.</summary>
    TransportError,

    /// <summary>The transaction ended.</summary>
    Terminated,
}

/// <summary>One thing for the TU.</summary>
/// <param name="Kind">What happened.</param>
/// <param name="Transaction">The transaction (null for an ACK or a response that matches none).</param>
/// <param name="Message">The request or response, when there is one.</param>
/// <param name="From">Where the message came from, for requests and responses.</param>
public sealed record SipTransactionEvent(SipTransactionEventKind Kind, SipTransactionId? Transaction, SipMessage? Message, IPEndPoint? From);

/// <summary>A message to send.</summary>
/// <param name="To">Where.</param>
/// <param name="Message">What; the host writes it with <see cref="SipMessageWriter"/>.</param>
/// <param name="Retransmission">True when it repeats an earlier send (for counters).</param>
public sealed record SipOutgoing(IPEndPoint To, SipMessage Message, bool Retransmission);
