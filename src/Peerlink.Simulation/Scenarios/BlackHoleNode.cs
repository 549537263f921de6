using Peerlink.Core;
using Peerlink.Overlay.Engine;
using Peerlink.Wire;

namespace Peerlink.Simulation.Scenarios;

/// <summary>
/// A peer that has turned into a black hole (issue 4): the real engine underneath keeps it in the
/// overlay (it answers keep-alives, table exchanges and joins, and runs its own maintenance), but once
/// <see cref="BlackHoles.Dark"/> every request it would have to route or serve (Publish, LookupObject,
/// LookupPeer, RemoveObject) vanishes here before the engine sees it: no ACK, no answer, no forward.
/// That is the worst a table entry can do to a path, worse than a crash: a crashed peer stops
/// answering keep-alives and leaves the tables, a black hole stays in them.
/// </summary>
internal sealed class BlackHoleNode(OverlayNode inner, BlackHoles set) : IProtocolEngine
{
    /// <summary>The honest engine underneath.</summary>
    public OverlayNode Inner { get; } = inner;

    /// <inheritdoc/>
    public NodeAddress Address => Inner.Address;

    /// <inheritdoc/>
    public TimeSpan? NextDeadline => Inner.NextDeadline;

    /// <inheritdoc/>
    public void Receive(TimeSpan now, NodeAddress from, ReadOnlyMemory<byte> packet)
    {
        // The fixed header is enough to tell a routed request from anything else; a packet too short
        // for it goes to the engine, whose decoder counts it malformed.
        if (set.Dark && P2ppFixedHeader.TryRead(packet.Span, out var h) && h is { Kind: MessageKind.Request, IsAck: false } && BlackHoles.Swallows(h.RequestType))
        {
            set.Dropped(h.RequestType);
            return;
        }

        Inner.Receive(now, from, packet);
    }

    /// <inheritdoc/>
    public void Poll(TimeSpan now) => Inner.Poll(now);
}
