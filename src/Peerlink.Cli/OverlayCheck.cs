using System.Net;
using Peerlink.Core;
using Peerlink.Overlay.Topologies;
using Peerlink.Wire;

namespace Peerlink.Cli;

/// <summary>
/// Whether this node can be part of the overlay a bootstrap server describes: its P2P-Options
/// (§9.3.4) fix the hash, the ID length and the DHT geometry for every node (§4.6), so a node told
/// otherwise on its command line stops with the reason instead of speaking a dialect nobody decodes.
/// </summary>
internal static class OverlayCheck
{
    /// <summary>The overlay's options, checked against what the user asked for (null: whatever the overlay uses).</summary>
    /// <exception cref="InvalidOperationException">The overlay is not one this node can join, or not the one asked for.</exception>
    public static P2pOptions Agree(P2pOptions overlay, HashAlgorithmCode? hash, OverlayAlgorithm? topology, IPEndPoint server)
    {
        ArgumentNullException.ThrowIfNull(overlay);
        var said = $"the overlay at {server} uses {OverlayChoices.Name(overlay.Algorithm)} with {Describe(overlay)}";
        if (!TopologyFactory.Supported.Contains(overlay.Algorithm))
        {
            throw new InvalidOperationException($"{said}; this peerlink runs {string.Join(", ", TopologyFactory.Supported.Select(OverlayChoices.Name))} only");
        }

        if (topology is { } wanted && wanted != overlay.Algorithm)
        {
            throw new InvalidOperationException($"{said}, not {OverlayChoices.Name(wanted)}: run with --topology {OverlayChoices.Name(overlay.Algorithm)}, or without --topology");
        }

        if (overlay.HashAlgorithm == HashAlgorithmCode.None
            || overlay.HashLength is < 1 or > NodeId.MaxLength
            || overlay.HashLength > IdHash.OutputLength(overlay.HashAlgorithm))
        {
            throw new InvalidOperationException($"{said}: IDs this node cannot make");
        }

        // Pastry's routing rows are one digit each: a node that cut IDs into digits of another width would
        // route every key to a different next hop than its neighbours expect.
        if (overlay.Algorithm is OverlayAlgorithm.Pastry or OverlayAlgorithm.Bamboo && overlay.Base != LiveNodes.DigitBits(overlay.Algorithm))
        {
            throw new InvalidOperationException($"{said}: digits of {overlay.Base} bits, and this node's tables use {LiveNodes.DigitBits(overlay.Algorithm)}");
        }

        if (hash is { } h && h != overlay.HashAlgorithm)
        {
            var name = OverlayChoices.Name(overlay.HashAlgorithm);
            throw new InvalidOperationException($"{said}, not {OverlayChoices.Name(h)}: run with --hash {name}, or without --hash");
        }

        return overlay;
    }

    /// <summary>"sha256 (32-byte IDs)".</summary>
    public static string Describe(P2pOptions overlay) =>
        $"{OverlayChoices.Name(overlay.HashAlgorithm)} ({overlay.HashLength}-byte IDs)";
}
