using Peerlink.Core;

namespace Peerlink.Sip.Sdp;

// A session description (RFC 4566 §5), one "<type>=<value>" line each, in this order:
//
//   v=  (protocol version, 0)
//   o=  (originator and session identifier: <username> <sess-id> <sess-version> <nettype> <addrtype> <unicast-address>)
//   s=  (session name)
//   i=* u=* e=* p=*   (information, URI, email, phone)
//   c=* (connection data: <nettype> <addrtype> <connection-address>; here or in every m=, §5.7)
//   b=* (bandwidth)
//   one or more time descriptions:  t= (<start-time> <stop-time>)  r=*
//   z=* k=*
//   a=* (session attributes)
//   zero or more media descriptions:
//     m=  (<media> <port>[/<number of ports>] <proto> <fmt> ...)
//     i=* c=* b=* k=* a=*
//
// Lines we do not interpret (i, u, e, p, b, r, z, k) are kept, in order, so a description survives a round trip.

/// <summary>A session description (RFC 4566). Records compare by value, lists included.</summary>
public sealed record SdpSession
{
    /// <summary>v=: the protocol version; always 0 (§5.1).</summary>
    public int Version { get; init; }

    /// <summary>o=: who made it and which version of it this is.</summary>
    public required SdpOrigin Origin { get; init; }

    /// <summary>s=: the session name ("-" when there is none to give, RFC 3264 §5).</summary>
    public string SessionName { get; init; } = "-";

    /// <summary>c= at session level, or null when every m= has its own.</summary>
    public SdpConnection? Connection { get; init; }

    /// <summary>t= lines (at least one; "0 0" for an unbounded session, RFC 3264 §5).</summary>
    public ValueList<SdpTiming> Timings { get; init; } = [new SdpTiming(0, 0)];

    /// <summary>Session-level a= lines in order.</summary>
    public ValueList<SdpAttributeLine> Attributes { get; init; }

    /// <summary>Session-level lines we do not interpret (i, u, e, p, b, r, z, k), in order.</summary>
    public ValueList<SdpLine> OtherLines { get; init; }

    /// <summary>The m= sections in order.</summary>
    public ValueList<SdpMedia> Media { get; init; }

    /// <summary>The connection that applies to <paramref name="media"/>: its own, else the session's.</summary>
    public SdpConnection? ConnectionFor(SdpMedia media) => (media ?? throw new ArgumentNullException(nameof(media))).Connection ?? Connection;
}

/// <summary>o=: <c>&lt;username&gt; &lt;sess-id&gt; &lt;sess-version&gt; &lt;nettype&gt; &lt;addrtype&gt; &lt;unicast-address&gt;</c> (§5.2).</summary>
/// <param name="UserName">The user's login or "-".</param>
/// <param name="SessionId">A numeric session ID, unique per user and host.</param>
/// <param name="SessionVersion">Increased whenever the description changes (RFC 3264 §8).</param>
/// <param name="NetworkType">"IN".</param>
/// <param name="AddressType">"IP4" or "IP6".</param>
/// <param name="Address">The originating host's address.</param>
public sealed record SdpOrigin(string UserName, ulong SessionId, ulong SessionVersion, string NetworkType, string AddressType, string Address)
{
    /// <summary>The line's value.</summary>
    public override string ToString() => FormattableString.Invariant($"{UserName} {SessionId} {SessionVersion} {NetworkType} {AddressType} {Address}");
}

/// <summary>c=: <c>&lt;nettype&gt; &lt;addrtype&gt; &lt;connection-address&gt;</c> (§5.7).</summary>
/// <param name="NetworkType">"IN".</param>
/// <param name="AddressType">"IP4" or "IP6".</param>
/// <param name="Address">Where media goes; 0.0.0.0 puts a stream on hold (RFC 3264 §8.4, the old way).</param>
public sealed record SdpConnection(string NetworkType, string AddressType, string Address)
{
    /// <summary>The connection for an IPv4 or IPv6 address.</summary>
    public static SdpConnection For(System.Net.IPAddress address) => new("IN",
        (address ?? throw new ArgumentNullException(nameof(address))).AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? "IP6" : "IP4",
        address.ToString());

    /// <summary>The line's value.</summary>
    public override string ToString() => $"{NetworkType} {AddressType} {Address}";
}

/// <summary>t=: start and stop times in NTP seconds; 0 0 for a session without bounds (§5.9).</summary>
/// <param name="Start">Start time.</param>
/// <param name="Stop">Stop time.</param>
public readonly record struct SdpTiming(ulong Start, ulong Stop);

/// <summary>a=: <c>&lt;attribute&gt;</c> or <c>&lt;attribute&gt;:&lt;value&gt;</c> (§5.13).</summary>
/// <param name="Name">The attribute's name (rtpmap, fmtp, ptime, sendrecv, ...).</param>
/// <param name="Value">The text after ':', or null for a property attribute.</param>
public readonly record struct SdpAttributeLine(string Name, string? Value)
{
    /// <summary>The line's value.</summary>
    public override string ToString() => Value is null ? Name : Name + ":" + Value;
}

/// <summary>A line kept as it came: its type letter and value.</summary>
/// <param name="Type">The type letter.</param>
/// <param name="Value">The text after '='.</param>
public readonly record struct SdpLine(char Type, string Value);
