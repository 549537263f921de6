using Peerlink.Core;
using Peerlink.Overlay.Engine;
using Peerlink.Wire;

namespace Peerlink.Cli;

/// <summary>
/// An <see cref="OverlayNode"/> as its host drives it, saying which objects came to it by a handover:
/// a Transfer from the peer that admitted it (§4.7.1 step 6) or the objects a leaving predecessor
/// carried in its Leave (§4.7.2). Only those two kinds are decoded a second time, to name the sender.
/// </summary>
internal sealed class LoggedOverlayEngine(OverlayNode node, LoggedTable table, NodeLog log, WireOptions wire) : IProtocolEngine
{
    public NodeAddress Address => node.Address;

    public TimeSpan? NextDeadline => node.NextDeadline;

    public void Poll(TimeSpan now) => node.Poll(now);

    public void Receive(TimeSpan now, NodeAddress from, ReadOnlyMemory<byte> packet)
    {
        if (!P2ppFixedHeader.TryRead(packet.Span, out var h) || h.IsAck || !IsHandover(h)
            || !P2ppCodec.TryDecode(packet.Span, wire, out var message, out _))
        {
            node.Receive(now, from, packet);
            return;
        }

        var sender = message!.Header.SourceId;
        var carried = message.All<ResourceObject>().Count();
        var held = node.Store.Count;
        var duplicates = node.Counters.Duplicates;
        var isLeave = h.RequestType == RequestType.Leave;
        table.Leaving = isLeave ? sender : null;
        table.LeaveTaken = false;
        try
        {
            node.Receive(now, from, packet);
        }
        finally
        {
            table.Leaving = null;
        }

        // A retransmitted Transfer (UDP) is answered again but stored once; an ignored Leave stores nothing.
        var taken = isLeave ? table.LeaveTaken : node.Counters.Duplicates == duplicates;
        if (taken && carried > 0)
        {
            // Named by its Peer-Info: over TCP the packet's source is the connection's ephemeral port.
            var at = message.Find<PeerInfo>()?.Address is { } info ? info.Candidates[0].EndPoint : from;
            var how = isLeave ? "handover from leaving peer" : "transfer from";
            log.Line($"received {carried} object(s) by {how} {Short(sender)}@{at} ({node.Store.Count - held} new)");
        }
    }

    private static bool IsHandover(in P2ppFixedHeader h) =>
        (h.Kind == MessageKind.Indication && h.RequestType == RequestType.Leave)
        || (h.Kind == MessageKind.Request && h.RequestType == RequestType.Transfer);

    private static string Short(NodeId id) => id.ToString()[..Math.Min(8, id.Length * 2)];
}
