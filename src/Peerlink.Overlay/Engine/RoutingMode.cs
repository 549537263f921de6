namespace Peerlink.Overlay.Engine;

/// <summary>How a request travels (§4.3.2), chosen per request.</summary>
public enum RoutingMode
{
    /// <summary>R=1: each hop forwards; the response retraces the path.</summary>
    Recursive,

    /// <summary>R=0: each hop answers 302 Next Hop and the originator asks the next one itself.</summary>
    Iterative,

    /// <summary>Several recursive copies through different first hops, one flagged primary (Request-Options P); the first answer wins.</summary>
    Parallel,
}
