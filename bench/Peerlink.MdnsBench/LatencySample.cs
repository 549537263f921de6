namespace Peerlink.MdnsBench;

/// <summary>One run of one scenario; a null latency is a line that never came (see <see cref="Failure"/>).</summary>
/// <param name="FirstSight">Publish to the browser's first sight ('+' / "added"), when it has one.</param>
/// <param name="Appear">Publish to the browser showing the instance resolved.</param>
/// <param name="AppearFromProtocol">The publisher's own protocol start (python-zeroconf's "registering") to resolved.</param>
/// <param name="Disappear">Stop (Ctrl-C or disposing the publication) to the browser's removal line.</param>
/// <param name="Failure">What went wrong, or null.</param>
internal sealed record LatencySample(TimeSpan? FirstSight, TimeSpan? Appear, TimeSpan? AppearFromProtocol, TimeSpan? Disappear, string? Failure);
