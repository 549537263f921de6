using Peerlink.Core;
using Peerlink.Wire;

namespace Peerlink.Cli;

/// <summary>How a live peer is started beyond its address: what the user asked for on the command line.</summary>
internal sealed record PeerSetup
{
    /// <summary>UDP or TCP; the bootstrap server must use the same.</summary>
    public TransportKind Transport { get; init; } = TransportKind.Udp;

    /// <summary>The hash the user named; null takes the overlay's. A different one from the overlay's is an error.</summary>
    public HashAlgorithmCode? Hash { get; init; }

    /// <summary>The topology the user named; null takes the overlay's (when this node can run it).</summary>
    public OverlayAlgorithm? Topology { get; init; }

    /// <summary>Whether to run a TURN server beside the node (on its port + 1) for the overlay's members (--offer-turn).</summary>
    public bool OfferTurn { get; init; }

    /// <summary>Where to say what the node's tables do; null says nothing.</summary>
    public NodeLog? Log { get; init; }
}
