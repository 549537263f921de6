using Peerlink.Wire;

namespace Peerlink.Overlay.Engine;

/// <summary>How an operation ended.</summary>
/// <param name="Code">The final response code; <see cref="ResponseCode.Timeout"/> when no answer came.</param>
/// <param name="Objects">Resource objects found (LookupObject).</param>
/// <param name="Peers">Peers found (LookupPeer), or the answering peer.</param>
/// <param name="Hops">Overlay hops the request took to the node that answered.</param>
/// <param name="Failure">Why it failed, in words; null on success.</param>
public sealed record OverlayResult(ResponseCode Code, IReadOnlyList<ResourceObject> Objects, IReadOnlyList<PeerInfo> Peers, int Hops, string? Failure = null)
{
    /// <summary>Whether the answer was 200.</summary>
    public bool Succeeded => Code == ResponseCode.Ok;

    internal static OverlayResult Fail(ResponseCode code, string why, int hops = 0) => new(code, [], [], hops, why);
}
