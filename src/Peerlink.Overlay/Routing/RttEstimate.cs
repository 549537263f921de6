namespace Peerlink.Overlay;

/// <summary>What an <see cref="RttEstimator"/> holds for one peer.</summary>
/// <param name="SmoothedRtt">SRTT (RFC 6298 §2), or null before the first sample.</param>
/// <param name="RttVariation">RTTVAR, or null before the first sample.</param>
/// <param name="Rto">The retransmission timeout to use now, backoff included.</param>
public readonly record struct RttEstimate(TimeSpan? SmoothedRtt, TimeSpan? RttVariation, TimeSpan Rto);
