namespace Peerlink.Overlay;

/// <summary>What a routing table says about a key: this node owns it, or whom to send it to next.</summary>
/// <param name="IsLocal">This node is responsible for the key.</param>
/// <param name="NextHop">The peer to forward to (when not local).</param>
/// <param name="NextHopOwnsKey">The next hop is, as far as this node knows, the key's owner.</param>
public readonly record struct RouteDecision(bool IsLocal, PeerRef NextHop, bool NextHopOwnsKey)
{
    /// <summary>This node owns the key.</summary>
    public static RouteDecision Local => new(true, default, false);

    /// <summary>Forward to <paramref name="peer"/>.</summary>
    public static RouteDecision Forward(PeerRef peer, bool ownsKey) => new(false, peer, ownsKey);
}
