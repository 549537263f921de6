namespace Peerlink.Sip.Message;

/// <summary>
/// What the parser takes from a peer before it gives up, so that a flood of huge or header-stuffed messages costs
/// us little. The defaults fit any honest message: RFC 4475's longest (§3.1.1.7) has 34 Vias and 3.5 KB.
/// </summary>
public sealed record SipLimits
{
    /// <summary>A whole message (UDP: a datagram is at most 65,535 bytes anyway). Bigger ones are dropped unread.</summary>
    public int MaxMessageBytes { get; init; } = 65_535;

    /// <summary>
    /// The start line and headers. Bigger: dropped without an answer (an answer would need us to parse what we
    /// refuse to parse, and a flooder does not read it).
    /// </summary>
    public int MaxHeaderBytes { get; init; } = 16_384;

    /// <summary>Header lines (after unfolding). More: dropped, as above; it bounds the work per message.</summary>
    public int MaxHeaderLines { get; init; } = 200;

    /// <summary>One line on the wire. Longer: dropped, as above.</summary>
    public int MaxLineBytes { get; init; } = 8_192;

    /// <summary>The body. Bigger: 413 Request Entity Too Large (§21.4.11) for a request we can answer.</summary>
    public int MaxBodyBytes { get; init; } = 32_768;

    /// <summary>The defaults.</summary>
    public static SipLimits Default { get; } = new();
}
