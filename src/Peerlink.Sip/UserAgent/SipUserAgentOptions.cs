using System.Net;
using Peerlink.Sip.Transactions;

namespace Peerlink.Sip.UserAgent;

/// <summary>How a <see cref="SipUserAgent"/> answers incoming calls.</summary>
public enum SipAnswerMode
{
    /// <summary>180 Ringing, then 200 OK at once.</summary>
    Auto,

    /// <summary>180 Ringing, then an <see cref="SipUaEventKind.Incoming"/> event; the application calls Accept or Reject.</summary>
    Ask,
}

/// <summary>The settings of a <see cref="SipUserAgent"/>, validated when it is made.</summary>
public sealed record SipUserAgentOptions
{
    /// <summary>Our SIP address (Via sent-by and Contact): the host puts the bound socket's address here.</summary>
    public required IPEndPoint LocalEndPoint { get; init; }

    /// <summary>The address in our SDP's c= line (default: <see cref="LocalEndPoint"/>'s).</summary>
    public IPAddress? MediaAddress { get; init; }

    /// <summary>The user part of our Contact and From.</summary>
    public string UserName { get; init; } = "peerlink";

    /// <summary>Our From address-of-record (default: sip:UserName@LocalEndPoint).</summary>
    public string? FromUri { get; init; }

    /// <summary>Auto-answer (default) or ask.</summary>
    public SipAnswerMode AnswerMode { get; init; } = SipAnswerMode.Auto;

    /// <summary>Calls at once, both ways; an INVITE past this gets <see cref="BusyStatus"/>.</summary>
    public int MaxCalls { get; init; } = 32;

    /// <summary>486 Busy Here (default) or 503 Service Unavailable (sent with Retry-After) for an INVITE past <see cref="MaxCalls"/>.</summary>
    public int BusyStatus { get; init; } = 486;

    /// <summary>The Retry-After of a 503 (RFC 3261 §20.33), in seconds.</summary>
    public int RetryAfterSeconds { get; init; } = 5;

    /// <summary>What goes in User-Agent and Server.</summary>
    public string Product { get; init; } = "Peerlink";

    /// <summary>The transaction layer's timers and limits.</summary>
    public SipTransactionOptions Transactions { get; init; } = new();

    /// <summary>Throws when a value makes no sense.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value out of range.</exception>
    public SipUserAgentOptions Validated()
    {
        ArgumentNullException.ThrowIfNull(LocalEndPoint);
        if (MaxCalls < 1 || BusyStatus is not (486 or 503) || RetryAfterSeconds < 0 || string.IsNullOrWhiteSpace(UserName))
        {
            throw new ArgumentOutOfRangeException(nameof(SipUserAgentOptions), "MaxCalls must be positive, BusyStatus 486 or 503, RetryAfterSeconds not negative, UserName not empty");
        }

        _ = Transactions.Validated();
        return this;
    }
}
