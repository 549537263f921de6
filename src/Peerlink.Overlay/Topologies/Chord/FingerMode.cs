namespace Peerlink.Overlay.Topologies.Chord;

/// <summary>How a finger is chosen among the peers of its interval [n + 2^i, n + 2^(i+1)).</summary>
public enum FingerMode
{
    /// <summary>The first peer of the interval: successor(n + 2^i), as in the Chord paper (Stoica et al. 2001, §4.3).</summary>
    Strict,

    /// <summary>
    /// Any peer of the interval, the one with the lowest round-trip time: proximity neighbour
    /// selection (Dabek et al., "Designing a DHT for low latency and high throughput", NSDI 2004, §4.2).
    /// Hop count stays O(log N) because the peer still halves the remaining distance.
    /// </summary>
    Proximity,
}
