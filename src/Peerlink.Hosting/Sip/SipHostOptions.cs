using System.Net;
using Peerlink.Sip.Media;
using Peerlink.Sip.UserAgent;

namespace Peerlink.Hosting.Sip;

/// <summary>What a <see cref="SipHost"/> binds, plays and records.</summary>
public sealed record SipHostOptions
{
    /// <summary>The SIP socket (UDP; port 0 picks a free one). Must be a concrete address: it goes in Via, Contact and SDP.</summary>
    public IPEndPoint Bind { get; init; } = new(IPAddress.Loopback, 5060);

    /// <summary>The lowest RTP port; each call takes an even port and the next one for RTCP.</summary>
    public int MediaPortMin { get; init; } = 20000;

    /// <summary>The highest RTP port (RTCP may take the one above it).</summary>
    public int MediaPortMax { get; init; } = 20998;

    /// <summary>Audio every call plays (8 kHz mono 16-bit); silence after it ends, and when null.</summary>
    public WavAudio? Play { get; init; }

    /// <summary>Play <see cref="Play"/> over and over instead of once.</summary>
    public bool Loop { get; init; }

    /// <summary>
    /// Where received audio is written: a file name (each call overwrites it, or with <see cref="RecordPerCall"/> gets
    /// "-N" before the extension) or null for no recording.
    /// </summary>
    public string? Record { get; init; }

    /// <summary>Give each call its own recording file ("name-N.wav").</summary>
    public bool RecordPerCall { get; init; }

    /// <summary>Answer at once (default) or raise an event and wait for Accept or Reject.</summary>
    public SipAnswerMode AnswerMode { get; init; } = SipAnswerMode.Auto;

    /// <summary>Calls at once; an INVITE past this gets <see cref="BusyStatus"/>.</summary>
    public int MaxCalls { get; init; } = 32;

    /// <summary>486 Busy Here, or 503 Service Unavailable with Retry-After, for an INVITE past <see cref="MaxCalls"/>.</summary>
    public int BusyStatus { get; init; } = 486;

    /// <summary>The user part of our Contact and From.</summary>
    public string UserName { get; init; } = "peerlink";

    /// <summary>Our From address-of-record (default sip:UserName@address).</summary>
    public string? FromUri { get; init; }

    /// <summary>A seed for the UA's random source (tags, branches, SSRCs); null draws one.</summary>
    public int? Seed { get; init; }
}

/// <summary>Something that happened in the host, with the host's clock.</summary>
/// <param name="At">Time since the host started.</param>
/// <param name="Event">The user agent's event, or null for a host message.</param>
/// <param name="Message">A host message (a drop, a recording written), when <paramref name="Event"/> is null.</param>
public sealed record SipHostEvent(TimeSpan At, SipUaEvent? Event, string? Message = null);
